/**
 * The breakdown under a cart or an open bill: subtotal, discounts, service, tax, Pembulatan,
 * hemat, Total (QRIS) and Total tunai. Every amount is Rust's (`PricedCart`); nothing is added up.
 */
import { formatRupiah } from '../../lib/format';
import type { PricedCart } from '../../lib/ipc';

interface PricedTotalsProps {
  /** Undefined while nothing is priced (an empty cart shows zeros). */
  priced: PricedCart | undefined;
  empty: boolean;
  pricing: boolean;
}

export function PricedTotals({ priced, empty, pricing }: PricedTotalsProps) {
  const b = empty ? undefined : priced?.breakdown;
  const nonCash = empty ? undefined : priced?.nonCash;
  const cash = empty ? undefined : priced?.cash;
  return (
    <dl className="space-y-1 text-sm">
      <div className="flex justify-between text-slate-600">
        <dt>Subtotal ({empty ? 0 : (priced?.itemCount ?? 0)} barang)</dt>
        <dd className="tabular-nums" data-testid="cart-subtotal">
          {formatRupiah(empty ? 0 : (b?.subtotal ?? priced?.subtotal ?? 0))}
        </dd>
      </div>
      {b?.discounts.map((d, i) => (
        <div
          key={`${d.source}-${d.scope}-${d.promoId ?? 'm'}-${i}`}
          className="flex justify-between text-emerald-700"
          data-testid="cart-discount-row"
        >
          <dt className="truncate">{d.label}</dt>
          <dd className="tabular-nums">−{formatRupiah(d.amount)}</dd>
        </div>
      ))}
      {b && b.serviceLabel !== null && (
        <div className="flex justify-between text-slate-600" data-testid="cart-service">
          <dt>{b.serviceLabel}</dt>
          <dd className="tabular-nums">{formatRupiah(b.serviceCharge)}</dd>
        </div>
      )}
      {b && b.taxLabel !== null && (
        <div className="flex justify-between text-slate-600" data-testid="cart-tax">
          <dt>
            {b.taxLabel}
            {b.taxIncluded && <span className="text-xs text-slate-400"> (termasuk)</span>}
          </dt>
          <dd className="tabular-nums">
            {b.taxIncluded ? `termasuk ${formatRupiah(b.tax)}` : formatRupiah(b.tax)}
          </dd>
        </div>
      )}
      {nonCash && cash && (nonCash.rounding !== 0 || cash.rounding !== 0) && (
        <div className="flex justify-between text-slate-600" data-testid="cart-rounding">
          <dt>Pembulatan</dt>
          <dd className="text-right tabular-nums">
            {cash.rounding === nonCash.rounding ? (
              formatRupiah(nonCash.rounding)
            ) : (
              <>
                QRIS {formatRupiah(nonCash.rounding)} · Tunai {formatRupiah(cash.rounding)}
              </>
            )}
          </dd>
        </div>
      )}
      {b && b.hemat > 0 && (
        <p className="text-right text-xs font-semibold text-emerald-700" data-testid="cart-hemat">
          Pelanggan hemat {formatRupiah(b.hemat)}
        </p>
      )}
      <div className="flex items-baseline justify-between pt-1">
        <dt className="text-base font-semibold">Total</dt>
        <dd
          className={`text-3xl font-extrabold tabular-nums text-slate-900 ${pricing ? 'opacity-50' : ''}`}
          data-testid="cart-total"
        >
          {formatRupiah(nonCash?.total ?? 0)}
        </dd>
      </div>
      {nonCash && cash && cash.total !== nonCash.total && (
        <div className="flex items-baseline justify-between text-slate-700">
          <dt className="text-sm">Total tunai</dt>
          <dd className="text-lg font-bold tabular-nums" data-testid="cart-total-cash">
            {formatRupiah(cash.total)}
          </dd>
        </div>
      )}
    </dl>
  );
}
