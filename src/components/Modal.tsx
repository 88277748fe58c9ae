import type { ReactNode } from 'react';

interface ModalProps {
  title: string;
  children: ReactNode;
  testId?: string;
  onClose?: () => void;
  width?: string;
}

/** Centered dialog over a dimmed screen. Esc handling belongs to the owner (it knows what may close). */
export function Modal({ title, children, testId, onClose, width = 'max-w-lg' }: ModalProps) {
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/60 p-4">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        className={`w-full ${width} animate-pop rounded-2xl bg-white shadow-2xl`}
      >
        <div className="flex items-center justify-between border-b border-slate-200 px-6 py-4">
          <h2 className="text-lg font-semibold text-slate-800">{title}</h2>
          {onClose && (
            <button
              type="button"
              onClick={onClose}
              aria-label="Tutup"
              className="rounded-lg px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-800"
            >
              ✕ <span className="text-xs">Esc</span>
            </button>
          )}
        </div>
        <div className="px-6 py-5">{children}</div>
      </div>
    </div>
  );
}
