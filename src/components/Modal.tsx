import { useEffect, useSyncExternalStore, type ReactNode } from 'react';

/**
 * How many modal dialogs are open right now. While any is (Kas Masuk/Keluar, Tutup Kasir, the
 * cash dialog, the owner's PIN…), whatever listens to the whole keyboard (the barcode scanner)
 * stands aside, so fast typing in the dialog's fields is never taken for a scan.
 */
let openModals = 0;
const listeners = new Set<() => void>();

function changeOpenModals(delta: number) {
  openModals += delta;
  for (const listener of [...listeners]) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** True while at least one modal dialog (that holds the keyboard) is open. */
export function useModalOpen(): boolean {
  return useSyncExternalStore(subscribe, () => openModals > 0);
}

/** The current count, for code outside React (and tests). */
export function openModalCount(): number {
  return openModals;
}

interface ModalProps {
  title: string;
  children: ReactNode;
  testId?: string;
  onClose?: () => void;
  width?: string;
  /**
   * The dialog has no field to type in and a scan should go through it (the "Lunas" panel: the
   * next customer's first scan starts the next sale). Default false: the dialog holds the keyboard.
   */
  allowScanner?: boolean;
}

/** Centered dialog over a dimmed screen. Esc handling belongs to the owner (it knows what may close). */
export function Modal({
  title,
  children,
  testId,
  onClose,
  width = 'max-w-lg',
  allowScanner = false,
}: ModalProps) {
  useEffect(() => {
    if (allowScanner) return undefined;
    changeOpenModals(1);
    return () => changeOpenModals(-1);
  }, [allowScanner]);
  return (
    <div className="fixed inset-0 z-40 flex items-center justify-center bg-slate-900/60 p-4">
      <div
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid={testId}
        className={`w-full ${width} rounded-2xl bg-white shadow-2xl`}
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
