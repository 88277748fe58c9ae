export interface ToastMessage {
  id: number;
  tone: 'error' | 'info';
  text: string;
}

export function Toast({ toast, onDismiss }: { toast: ToastMessage | null; onDismiss: () => void }) {
  if (!toast) return null;
  const tone =
    toast.tone === 'error'
      ? 'border-red-200 bg-red-50 text-red-800'
      : 'border-brand-200 bg-brand-50 text-brand-900';
  return (
    <div
      role="alert"
      data-testid="toast"
      className={`fixed bottom-5 left-1/2 z-50 flex -translate-x-1/2 items-center gap-4 rounded-xl border px-5 py-3 shadow-lg ${tone}`}
    >
      <span className="text-sm font-medium">{toast.text}</span>
      <button type="button" onClick={onDismiss} className="text-xs font-semibold underline">
        Tutup
      </button>
    </div>
  );
}
