/**
 * Persistent badge "Struk belum tercetak" with the number of receipts that failed to print
 * and a "Cetak Ulang" button. Renders nothing while every receipt has printed.
 */
import { useRetryFailedPrints, useUnprintedReceipts } from './api';

export interface PrintStatusBadgeProps {
  /** Extra classes for placement (e.g. in the checkout header). */
  className?: string;
}

export function PrintStatusBadge({ className = '' }: PrintStatusBadgeProps) {
  const unprinted = useUnprintedReceipts();
  const retry = useRetryFailedPrints();
  const failed = (unprinted.data ?? []).filter((j) => j.status === 'failed');
  if (failed.length === 0) return null;
  const last = failed[failed.length - 1];
  const numbers = failed.map((j) => j.title).join(', ');
  return (
    <div
      role="status"
      data-testid="print-status-badge"
      className={`flex items-center gap-3 rounded-xl bg-amber-100 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300 ${className}`}
      title={numbers}
    >
      <span aria-hidden className="text-lg">
        🖨️
      </span>
      <div className="min-w-0">
        <p className="font-semibold">
          Struk belum tercetak{' '}
          <span
            data-testid="print-status-count"
            className="ml-1 rounded-full bg-amber-600 px-2 py-0.5 text-xs font-bold text-white"
          >
            {failed.length}
          </span>
        </p>
        {last.lastError && <p className="truncate text-xs text-amber-800">{last.lastError}</p>}
        {retry.error && <p className="truncate text-xs text-red-700">{retry.error.message}</p>}
      </div>
      <button
        type="button"
        onClick={() => retry.mutate()}
        disabled={retry.isPending}
        className="shrink-0 rounded-lg bg-amber-600 px-3 py-1.5 font-semibold text-white hover:bg-amber-700 disabled:opacity-60"
      >
        {retry.isPending ? 'Mencetak…' : 'Cetak Ulang'}
      </button>
    </div>
  );
}
