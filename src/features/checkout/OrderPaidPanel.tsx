import { useEffect, useRef } from 'react';
import { Modal } from '../../components/Modal';
import { SuccessCheck } from '../../components/SuccessCheck';
import { formatDateTime, formatRupiah } from '../../lib/format';
import type { Order } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';

export function OrderPaidPanel({ order, onDone }: { order: Order; onDone: () => void }) {
  const buttonRef = useRef<HTMLButtonElement>(null);
  const timeZone = useShopTimeZone();
  useEffect(() => {
    buttonRef.current?.focus();
  }, []);
  return (
    <Modal title="Pembayaran Berhasil" testId="order-paid" onClose={onDone} width="max-w-md" allowScanner>
      <div className="flex flex-col items-center gap-4 text-center">
        <SuccessCheck />
        <div>
          <p className="text-2xl font-extrabold text-green-700">Lunas</p>
          <p className="text-sm text-slate-500" data-testid="order-number">
            {order.number} · {order.paidAt ? formatDateTime(order.paidAt, timeZone) : ''}
          </p>
        </div>
        <dl className="w-full space-y-1 rounded-xl bg-slate-50 p-4 text-left">
          <div className="flex justify-between">
            <dt>Total</dt>
            <dd className="font-semibold tabular-nums">{formatRupiah(order.total)}</dd>
          </div>
          {order.split && (
            <ul className="space-y-0.5 border-y border-slate-200 py-1 text-sm" data-testid="order-tenders">
              {order.tenders.map((t, i) => (
                <li key={i} className="flex justify-between">
                  <span>{t.label}</span>
                  <span className="tabular-nums">{formatRupiah(t.amount)}</span>
                </li>
              ))}
            </ul>
          )}
          {order.cashTendered !== null && (
            <div className="flex justify-between">
              <dt>Dibayar (Tunai)</dt>
              <dd className="tabular-nums">{formatRupiah(order.cashTendered)}</dd>
            </div>
          )}
          {order.cashChange !== null && (
            <div className="flex items-baseline justify-between pt-2">
              <dt className="font-semibold">Kembalian</dt>
              <dd className="text-3xl font-extrabold tabular-nums" data-testid="order-change">
                {formatRupiah(order.cashChange)}
              </dd>
            </div>
          )}
          {!order.split && order.paymentMethod === 'qris' && (
            <div className="flex justify-between">
              <dt>QRIS</dt>
              <dd>{order.paymentIssuerLabel ?? '-'}</dd>
            </div>
          )}
        </dl>
        <button
          ref={buttonRef}
          type="button"
          data-testid="order-new"
          onClick={onDone}
          className="w-full rounded-xl bg-brand-700 py-3 text-lg font-bold text-white hover:bg-brand-800"
        >
          Transaksi Baru (Enter)
        </button>
      </div>
    </Modal>
  );
}
