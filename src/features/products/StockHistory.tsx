/**
 * "Riwayat stok": the product's last 50 stock movements, newest first, as Rust recorded them
 * (adjustments with their reason, sales with their order number, the initial stock).
 */
import { formatDateTime } from '../../lib/format';
import type { StockMovement } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useStockMovements } from './api';
import { errorBox } from '../../components/styles';

/** "Penyesuaian", "Penjualan INV-261126-0001", "Stok awal", "Retur INV-261126-0001". */
export function movementLabel(m: StockMovement): string {
  switch (m.kind) {
    case 'adjust':
      return 'Penyesuaian';
    case 'sale':
      return `Penjualan ${m.orderNumber ?? (m.orderId !== null ? `#${m.orderId}` : '')}`.trim();
    case 'initial':
      return 'Stok awal';
    case 'return':
      // Stock back from a refund or void of that order.
      return `Retur ${m.orderNumber ?? (m.orderId !== null ? `#${m.orderId}` : '')}`.trim();
  }
}

/** +5 / −3 (a real minus sign, as on the "− Kurangi" button). */
export function formatDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : `−${Math.abs(delta)}`;
}

export function StockHistory({ productId }: { productId: number }) {
  const movements = useStockMovements(productId);
  const timeZone = useShopTimeZone();
  const rows = movements.data ?? [];

  return (
    <section data-testid="stock-history" className="space-y-2 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-700">Riwayat stok</h3>
      {movements.error && <p className={errorBox}>{movements.error.message}</p>}
      {movements.isPending && <p className="text-sm text-slate-500">Memuat riwayat…</p>}
      {!movements.isPending && !movements.error && rows.length === 0 && (
        <p data-testid="stock-history-empty" className="text-sm text-slate-500">
          Belum ada perubahan stok.
        </p>
      )}
      {rows.length > 0 && (
        <div className="max-h-64 overflow-y-auto rounded-lg ring-1 ring-slate-200">
          <table className="w-full text-left text-xs">
            <thead className="sticky top-0 bg-slate-50 uppercase tracking-wide text-slate-500">
              <tr>
                <th className="px-3 py-2">Waktu</th>
                <th className="px-3 py-2">Jenis</th>
                <th className="px-3 py-2 text-right">Ubah</th>
                <th className="px-3 py-2 text-right">Stok</th>
                <th className="px-3 py-2">Alasan</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((m) => (
                <tr key={m.id} data-testid={`stock-movement-${m.id}`}>
                  <td className="whitespace-nowrap px-3 py-1.5 text-slate-600">
                    {formatDateTime(m.createdAt, timeZone)}
                  </td>
                  <td className="whitespace-nowrap px-3 py-1.5">{movementLabel(m)}</td>
                  <td
                    className={`px-3 py-1.5 text-right font-semibold ${
                      m.delta > 0 ? 'text-emerald-700' : 'text-red-700'
                    }`}
                  >
                    {formatDelta(m.delta)}
                  </td>
                  <td className="px-3 py-1.5 text-right">{m.stockAfter}</td>
                  <td className="px-3 py-1.5 text-slate-600">{m.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
