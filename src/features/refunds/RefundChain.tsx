/**
 * The refund chain of an order, oldest first: each refund with its time, method, amount, status,
 * lines and who did it. A refund is never edited; a failed QRIS refund is followed by its cash
 * replacement. Test ids: refund-chain, refund-row (with data-refund-status).
 */
import { formatDateTime, formatRupiah } from '../../lib/format';
import type { Refund } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { chainMethodLabel, STATUS_TONE } from './labels';

export function RefundChain({ refunds }: { refunds: Refund[] }) {
  const timeZone = useShopTimeZone();
  if (refunds.length === 0) return null;
  const ordered = [...refunds].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  return (
    <div className="mt-3" data-testid="refund-chain">
      <p className="text-xs font-semibold uppercase text-slate-500">Pengembalian</p>
      <ul className="mt-1 space-y-2">
        {ordered.map((r) => (
          <li
            key={r.id}
            data-testid="refund-row"
            data-refund-status={r.status}
            data-refund-id={r.id}
            className="rounded-lg bg-slate-50 px-3 py-2 text-xs ring-1 ring-slate-200"
          >
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <span className="text-slate-600">{formatDateTime(r.createdAt, timeZone)}</span>
              <span className="font-medium text-slate-800">{chainMethodLabel(r)}</span>
              <span className={`rounded-full px-2 py-0.5 font-semibold ${STATUS_TONE[r.status]}`}>
                {r.statusLabel}
              </span>
              <span className="ml-auto font-semibold text-slate-900">−{formatRupiah(r.amount)}</span>
            </div>
            <p className="mt-1 text-slate-600">
              {r.lines.map((l) => `${l.qty}× ${l.name}${l.restock ? '' : ' (rusak)'}`).join(', ')}
            </p>
            <p className="text-slate-500">
              Alasan: {r.reason}
              {r.userName && ` · oleh ${r.userName}`}
            </p>
            {r.status === 'failed' && r.failureReason && (
              <p className="text-red-700">Gagal: {r.failureReason}</p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
