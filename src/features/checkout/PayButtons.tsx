/**
 * The two pay buttons of the checkout, for the quick sale's cart and for an open bill: Tunai
 * (F8) and QRIS (F9). They only ask; what is charged is priced in Rust.
 */
export function PayButtons({
  canPay,
  qrisAvailable,
  onPayCash,
  onPayQris,
  cashTestId,
  qrisTestId,
}: {
  canPay: boolean;
  qrisAvailable: boolean;
  onPayCash: () => void;
  onPayQris: () => void;
  cashTestId: string;
  qrisTestId: string;
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
    </div>
  );
}
