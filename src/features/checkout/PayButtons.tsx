/**
 * The pay buttons of the checkout, for the quick sale's cart and for an open bill: Tunai (F8),
 * QRIS (F9) and Bayar Terpisah. They only ask; what is charged is priced in Rust.
 */
export function PayButtons({
  canPay,
  qrisAvailable,
  onPayCash,
  onPayQris,
  onSplit,
  cashTestId,
  qrisTestId,
  splitTestId,
}: {
  canPay: boolean;
  qrisAvailable: boolean;
  onPayCash: () => void;
  onPayQris: () => void;
  /** "Bayar Terpisah": part cash, part QRIS, or shared between customers. */
  onSplit: () => void;
  cashTestId: string;
  qrisTestId: string;
  splitTestId: string;
}) {
  return (
    <div className="grid grid-cols-2 gap-3">
      <button
        type="button"
        data-testid={cashTestId}
        disabled={!canPay}
        onClick={onPayCash}
        className="rounded-xl bg-brand-700 py-4 text-lg font-bold text-white shadow hover:bg-brand-800 disabled:bg-slate-300"
      >
        Tunai <span className="text-xs font-medium opacity-80">F8</span>
      </button>
      <button
        type="button"
        data-testid={qrisTestId}
        disabled={!canPay || !qrisAvailable}
        onClick={onPayQris}
        title={qrisAvailable ? 'Bayar dengan QRIS' : 'QRIS belum diaktifkan'}
        className="rounded-xl bg-slate-900 py-4 text-lg font-bold text-white shadow hover:bg-black disabled:bg-slate-300"
      >
        QRIS <span className="text-xs font-medium opacity-80">F9</span>
      </button>
      <button
        type="button"
        data-testid={splitTestId}
        disabled={!canPay}
        onClick={onSplit}
        title="Sebagian tunai, sebagian QRIS, atau dibagi antar pelanggan"
        className="col-span-2 rounded-lg py-2 text-sm font-semibold text-brand-800 ring-1 ring-brand-200 hover:bg-brand-50 disabled:text-slate-400 disabled:ring-slate-200"
      >
        Bayar Terpisah
      </button>
    </div>
  );
}
