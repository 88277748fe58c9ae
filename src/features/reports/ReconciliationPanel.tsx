import { useState } from 'react';
import { formatDateTime, formatRupiah } from '../../lib/format';
import { toAppError, type DateRange } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useReconciliation } from './api';

/** Paid QRIS orders with the gateway's transaction id, plus anomalies and late payments. */
export function ReconciliationPanel({ range }: { range: DateRange }) {
  const [page, setPage] = useState(1);
  const q = useReconciliation(range, page);
  const timeZone = useShopTimeZone();
  const r = q.data;
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="reconciliation">
      <div className="mb-2 flex items-baseline justify-between">
        <h3 className="text-sm font-semibold text-slate-700">Rekonsiliasi QRIS</h3>
        {r && (
          <p className="text-xs text-slate-500" data-testid="recon-summary">
            {r.paidCount.toLocaleString('id-ID')} pembayaran QRIS · {formatRupiah(r.paidTotal)}
          </p>
        )}
      </div>
      {q.error && <p className="text-sm text-rose-600">{toAppError(q.error).message}</p>}
      {r && r.flagged.length > 0 && (
        <div className="mb-3 rounded-lg bg-amber-50 p-2 ring-1 ring-amber-200" data-testid="recon-flagged">
          <p className="text-xs font-semibold text-amber-800">Perlu dicek ({r.flagged.length})</p>
          <ul className="text-xs text-amber-900">
            {r.flagged.map((f) => (
              <li key={f.attemptId} data-testid={`flagged-${f.attemptId}`}>
                {f.number} · {formatRupiah(f.amount)} · {formatDateTime(f.createdAt, timeZone)} ·{' '}
                {f.late && <span className="font-semibold">pembayaran terlambat</span>}
                {f.late && f.anomaly && ' · '}
                {f.anomaly && <span className="font-semibold">anomali: {anomalyLabel(f.anomaly)}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {r && r.rows.length === 0 ? (
        <p className="text-xs text-slate-400">Tidak ada pembayaran QRIS pada periode ini.</p>
      ) : (
        <table className="w-full text-left text-xs">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Waktu bayar ({r?.zoneLabel ?? 'WIB'})</th>
              <th>No. pesanan</th>
              <th>Penerbit</th>
              <th>ID transaksi gateway</th>
              <th className="text-right">Total</th>
            </tr>
          </thead>
          <tbody>
            {r?.rows.map((row) => (
              <tr key={row.orderId} className="border-t border-slate-100" data-testid={`recon-row-${row.orderId}`}>
                <td className="py-1">{formatDateTime(row.paidAt, timeZone)}</td>
                <td>{row.number}</td>
                <td>{row.issuerLabel ?? '—'}</td>
                <td className="font-mono">{row.gatewayTxnId ?? '—'}</td>
                <td className="text-right">{formatRupiah(row.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r && r.pageCount > 1 && (
        <Pager page={page} pageCount={r.pageCount} onPage={setPage} testId="recon-pager" />
      )}
    </section>
  );
}

function anomalyLabel(a: string): string {
  if (a === 'amount_mismatch') return 'nominal tidak cocok';
  if (a === 'signature_mismatch') return 'tanda tangan tidak valid';
  return a;
}

export function Pager({
  page,
  pageCount,
  onPage,
  testId,
}: {
  page: number;
  pageCount: number;
  onPage: (p: number) => void;
  testId: string;
}) {
  return (
    <div className="mt-2 flex items-center justify-end gap-2 text-xs" data-testid={testId}>
      <button
        type="button"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
        className="rounded px-2 py-1 ring-1 ring-slate-200 disabled:opacity-40"
        data-testid={`${testId}-prev`}
      >
        ‹ Sebelumnya
      </button>
      <span data-testid={`${testId}-label`}>
        Halaman {page} dari {pageCount}
      </span>
      <button
        type="button"
        disabled={page >= pageCount}
        onClick={() => onPage(page + 1)}
        className="rounded px-2 py-1 ring-1 ring-slate-200 disabled:opacity-40"
        data-testid={`${testId}-next`}
      >
        Berikutnya ›
      </button>
    </div>
  );
}
