import { useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { useEscape } from '../../components/useEscape';
import { formatDateTime, formatRupiah, tendersLine } from '../../lib/format';
import { toAppError, type DateRange, type HistoryQuery, type User } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useCan } from '../auth';
import { useReprintReceipt } from '../printing';
import { RefundChain, RefundDialog, VoidDialog, useRefundable } from '../refunds';
import { useHistory, useSaleDetail } from './api';
import { Pager } from './ReconciliationPanel';
import { SaveReceiptButtons } from './SaveReceiptButtons';

type MethodFilter = '' | 'cash' | 'qris';
type StatusFilter = '' | 'paid' | 'cancelled' | 'awaiting_payment';
const PAGE_SIZE = 20;

/**
 * Every order of the period, newest first: search by number, filter by method, status and (with
 * `cashiers`, the owner's user list) by who rang it up.
 */
export function HistoryPanel({ range, cashiers = [] }: { range: DateRange; cashiers?: User[] }) {
  const [search, setSearch] = useState('');
  const [cashierId, setCashierId] = useState<number | null>(null);
  const [method, setMethod] = useState<MethodFilter>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const query: HistoryQuery = {
    from: range.from,
    to: range.to,
    search: search.trim() === '' ? undefined : search.trim(),
    method: method === '' ? undefined : method,
    status: status === '' ? undefined : status,
    cashierId: cashierId ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  };
  const h = useHistory(query);
  const timeZone = useShopTimeZone();
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="history">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h3 className="mr-auto text-sm font-semibold text-slate-700">Riwayat transaksi</h3>
        <input
          type="search"
          placeholder="Cari no. pesanan"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          data-testid="history-search"
          className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
        />
        <select
          value={method}
          onChange={(e) => {
            setMethod(e.target.value as MethodFilter);
            setPage(1);
          }}
          data-testid="history-method"
          aria-label="Metode"
          className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
        >
          <option value="">Semua metode</option>
          <option value="cash">Tunai</option>
          <option value="qris">QRIS</option>
        </select>
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as StatusFilter);
            setPage(1);
          }}
          data-testid="history-status"
          aria-label="Status"
          className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
        >
          <option value="">Semua status</option>
          <option value="paid">Lunas</option>
          <option value="cancelled">Dibatalkan</option>
          <option value="awaiting_payment">Menunggu pembayaran</option>
        </select>
        {cashiers.length > 0 && (
          <select
            value={cashierId === null ? '' : String(cashierId)}
            onChange={(e) => {
              setCashierId(e.target.value === '' ? null : Number(e.target.value));
              setPage(1);
            }}
            data-testid="history-cashier"
            aria-label="Kasir"
            className="rounded-lg border border-slate-300 px-2 py-1 text-sm"
          >
            <option value="">Semua kasir</option>
            {cashiers.map((u) => (
              <option key={u.id} value={String(u.id)}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </div>
      {h.error && <p className="text-sm text-rose-600">{toAppError(h.error).message}</p>}
      {h.data && h.data.rows.length === 0 ? (
        <p className="text-xs text-slate-400" data-testid="history-empty">
          Tidak ada transaksi.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Waktu ({h.data?.zoneLabel ?? 'WIB'})</th>
              <th>No. pesanan</th>
              <th>Metode</th>
              <th>Status</th>
              <th>Kasir</th>
              <th className="text-right">Barang</th>
              <th className="text-right">Total</th>
            </tr>
          </thead>
          <tbody>
            {h.data?.rows.map((r) => (
              <tr
                key={r.id}
                onClick={() => setOpenId(r.id)}
                className="cursor-pointer border-t border-slate-100 hover:bg-slate-50"
                data-testid={`history-row-${r.id}`}
              >
                <td className="py-1">{formatDateTime(r.createdAt, timeZone)}</td>
                <td className="font-medium text-brand-700">{r.number}</td>
                <td>
                  {r.split ? 'Terpisah' : r.paymentMethod === 'cash' ? 'Tunai' : r.paymentMethod === 'qris' ? `QRIS${r.issuerLabel ? ` · ${r.issuerLabel}` : ''}` : '—'}
                </td>
                <td>{r.statusLabel}</td>
                <td>{r.cashier ?? '—'}</td>
                <td className="text-right">{r.items}</td>
                <td className="text-right">{formatRupiah(r.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {h.data && (
        <div className="flex items-center justify-between">
          <p className="text-xs text-slate-500" data-testid="history-count">
            {h.data.totalRows.toLocaleString('id-ID')} transaksi
          </p>
          {h.data.pageCount > 1 && (
            <Pager page={page} pageCount={h.data.pageCount} onPage={setPage} testId="history-pager" />
          )}
        </div>
      )}
      {openId !== null && <SaleDetailModal orderId={openId} onClose={() => setOpenId(null)} />}
    </section>
  );
}

function SaleDetailModal({ orderId, onClose }: { orderId: number; onClose: () => void }) {
  const d = useSaleDetail(orderId);
  const timeZone = useShopTimeZone();
  const canRefund = useCan('refund');
  const [dialog, setDialog] = useState<'refund' | 'void' | null>(null);
  const [voided, setVoided] = useState(false);
  // Esc belongs to the refund/void dialog while one is open over the sale.
  useEscape(onClose, { enabled: dialog === null });
  const s = d.data;
  const paid = s?.order.status === 'paid';
  // The refund chain needs the owner (`refund`); a cashier sees it in the refund dialog, with the owner's PIN.
  const refundable = useRefundable(orderId, canRefund && paid);
  return (
    <>
      <Modal title={s ? `Pesanan ${s.order.number}` : 'Detail pesanan'} testId="sale-detail" onClose={onClose}>
        {d.error && <p className="text-sm text-rose-600">{toAppError(d.error).message}</p>}
        {s && (
          <div className="text-sm">
            <p className="text-slate-600">
              {s.statusLabel} · dibuat {formatDateTime(s.createdAt, timeZone)} {s.zoneLabel}
              {s.paidAt !== null && ` · dibayar ${formatDateTime(s.paidAt, timeZone)} ${s.zoneLabel}`}
            </p>
            {s.order.cashier && (
              <p className="text-slate-600" data-testid="sale-detail-cashier">
                Kasir: {s.order.cashier}
                {s.order.shiftId !== null && ` · Shift #${s.order.shiftId}`}
              </p>
            )}
            <table className="mt-2 w-full">
              <tbody>
                {s.order.lines.map((l, i) => (
                  <tr key={`${l.sku}-${i}`} className="border-t border-slate-100" data-testid="sale-detail-line">
                    <td className="py-1">
                      {l.name}
                      {l.options.length > 0 && (
                        <span className="block text-xs text-slate-500" data-testid="sale-line-options">
                          {l.options
                            .map((o) => (o.priceDelta > 0 ? `${o.name} (+${formatRupiah(o.priceDelta)})` : o.name))
                            .join(', ')}
                        </span>
                      )}
                      {l.note && (
                        <span className="block text-xs italic text-amber-800" data-testid="sale-line-note">
                          Catatan: {l.note}
                        </span>
                      )}
                    </td>
                    <td className="text-right">
                      {l.qty} × {formatRupiah(l.unitPrice)}
                    </td>
                    <td className="text-right font-medium">{formatRupiah(l.lineTotal)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 flex justify-between border-t border-slate-300 pt-2 font-semibold" data-testid="sale-detail-total">
              <span>Total</span>
              <span>{formatRupiah(s.order.total)}</span>
            </p>
            <p className="mt-2 text-slate-600" data-testid="sale-detail-payment">
              {s.order.split && `Terpisah · ${tendersLine(s.order.tenders)}`}
              {!s.order.split &&
                s.order.paymentMethod === 'cash' &&
                `Tunai · diterima ${formatRupiah(s.order.cashTendered ?? 0)} · kembali ${formatRupiah(s.order.cashChange ?? 0)}`}
              {!s.order.split &&
                s.order.paymentMethod === 'qris' &&
                `QRIS · ${s.issuerLabel ?? 'penerbit tidak diketahui'} · ID transaksi ${s.order.gatewayTxnId ?? '—'}`}
            </p>
            {s.order.status === 'paid' && <ReprintButton orderId={s.order.id} />}
            {s.order.status === 'paid' && <SaveReceiptButtons orderId={s.order.id} />}
            {s.order.status === 'paid' && (
              <div className="mt-2 flex items-center gap-3">
                <Button size="sm" variant="secondary" testId="refund-open" onClick={() => setDialog('refund')}>
                  Kembalikan / Retur
                </Button>
                {refundable.data && refundable.data.refundedTotal > 0 && (
                  <span className="text-xs text-slate-600" data-testid="sale-detail-refunded">
                    Sudah dikembalikan {formatRupiah(refundable.data.refundedTotal)}
                  </span>
                )}
              </div>
            )}
            {s.order.status === 'awaiting_payment' && (
              <div className="mt-3">
                <Button size="sm" variant="danger" testId="void-open" onClick={() => setDialog('void')}>
                  Batalkan pesanan (void)
                </Button>
              </div>
            )}
            {voided && (
              <p className="mt-2 text-xs text-slate-600" data-testid="void-done">
                Pesanan dibatalkan.
              </p>
            )}
            {refundable.data && <RefundChain refunds={refundable.data.refunds} />}
            {s.attempts.length > 0 && (
              <ul className="mt-2 text-xs text-slate-500">
                {s.attempts.map((a) => (
                  <li key={a.id}>
                    Percobaan {a.gatewayOrderId}: {a.status}
                    {a.late && ' · pembayaran terlambat'}
                    {a.anomaly && ` · anomali ${a.anomaly}`}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </Modal>
      {/* Beside the sale's dialog, not inside it: its pop animation's transform would hold a
          fixed overlay inside its box. */}
      {s && dialog === 'refund' && <RefundDialog orderId={s.order.id} onClose={() => setDialog(null)} />}
      {s && dialog === 'void' && (
        <VoidDialog
          orderId={s.order.id}
          orderNumber={s.order.number}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setVoided(true);
          }}
        />
      )}
    </>
  );
}

/** Reprint a paid order's receipt; the printer marks it "SALINAN". */
function ReprintButton({ orderId }: { orderId: number }) {
  const reprint = useReprintReceipt();
  return (
    <div className="mt-3 flex items-center gap-3">
      <Button size="sm" testId="sale-reprint" disabled={reprint.isPending} onClick={() => reprint.mutate(orderId)}>
        {reprint.isPending ? 'Mencetak…' : 'Cetak Ulang Struk'}
      </Button>
      {reprint.isSuccess && (
        <span className="text-xs text-slate-600" data-testid="sale-reprint-done">
          Salinan masuk antrean cetak.
        </span>
      )}
      {reprint.error && (
        <span className="text-xs text-rose-600">{toAppError(reprint.error).message}</span>
      )}
    </div>
  );
}
