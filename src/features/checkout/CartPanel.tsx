/**
 * The cart: lines with their gross and discounts, the cashier's line and cart discounts, the
 * picked-promo chooser and the breakdown (discounts, hemat, service, tax, Pembulatan, Total).
 * Every amount shown is Rust's (`PricedCart`); nothing is added up here.
 */
import { useState } from 'react';
import type { Catalog, PricedCart, Promo } from '../../lib/ipc';
import { formatRupiah } from '../../lib/format';
import { describeDiscount, type CheckoutAction, type CheckoutCart } from './cart';
import { DiscountDialog } from './DiscountDialog';

interface CartPanelProps {
  state: CheckoutCart;
  catalog: Catalog;
  priced: PricedCart | undefined;
  pricing: boolean;
  pricingError: string | null;
  dispatch: (action: CheckoutAction) => void;
  /** Active promos the cashier picks ("picked"); automatic ones show in the breakdown. */
  pickable?: Promo[];
  onPayCash: () => void;
  onPayQris: () => void;
  qrisAvailable: boolean;
  /** Why QRIS is off (a broken .env), shown under the buttons. */
  qrisNote?: string | null;
}

type Editing = { kind: 'line'; productId: number; name: string } | { kind: 'cart' } | null;

const chip =
  'rounded-lg px-2 py-1 text-xs font-semibold ring-1 ring-slate-200 text-slate-600 hover:bg-slate-100';

export function CartPanel({
  state,
  catalog,
  priced,
  pricing,
  pricingError,
  dispatch,
  pickable = [],
  onPayCash,
  onPayQris,
  qrisAvailable,
  qrisNote = null,
}: CartPanelProps) {
  const productById = new Map(catalog.products.map((p) => [p.id, p]));
  const cart = state.lines;
  const [editing, setEditing] = useState<Editing>(null);
  const pricedById = new Map((priced?.lines ?? []).map((l) => [l.productId, l]));
  const breakdownById = new Map((priced?.breakdown.lines ?? []).map((l) => [l.productId, l]));
  const b = cart.length > 0 ? priced?.breakdown : undefined;
  const nonCash = cart.length > 0 ? priced?.nonCash : undefined;
  const cash = cart.length > 0 ? priced?.cash : undefined;
  const canPay = cart.length > 0 && !pricing && priced !== undefined && pricingError === null;

  return (
    <aside className="flex w-[26rem] shrink-0 flex-col rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex items-center justify-between border-b border-slate-200 px-5 py-4">
        <h2 className="text-lg font-semibold">Keranjang</h2>
        <button
          type="button"
          data-testid="cart-clear"
          disabled={cart.length === 0}
          onClick={() => dispatch({ type: 'clear' })}
          className="rounded-lg px-2 py-1 text-sm text-red-600 hover:bg-red-50 disabled:text-slate-300 disabled:hover:bg-transparent"
        >
          Kosongkan
        </button>
      </header>
      <ul className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto px-5">
        {cart.length === 0 && (
          <li className="py-16 text-center text-sm text-slate-400">
            Belum ada barang. Pilih dari daftar atau scan barcode.
          </li>
        )}
        {cart.map((line) => {
          const product = productById.get(line.productId);
          const pricedLine = pricedById.get(line.productId);
          const bl = breakdownById.get(line.productId);
          const name = pricedLine?.name ?? product?.name ?? '…';
          const sku = product?.sku ?? pricedLine?.sku ?? String(line.productId);
          return (
            <li key={line.productId} data-testid={`cart-line-${sku}`} className="py-3">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-800">
                    {pricedLine?.name ?? product?.name ?? '…'}
                  </p>
                  <p className="text-xs text-slate-500">
                    {pricedLine ? formatRupiah(pricedLine.unitPrice) : '…'} / pcs
                  </p>
                </div>
                <div className="shrink-0 text-right">
                  <p className="font-semibold tabular-nums" data-testid={`cart-line-total-${sku}`}>
                    {bl ? formatRupiah(bl.gross) : pricedLine ? formatRupiah(pricedLine.lineTotal) : '…'}
                  </p>
                  {bl && bl.linePromo > 0 && (
                    <p className="text-xs tabular-nums text-emerald-700" data-testid={`cart-line-promo-${sku}`}>
                      Promo −{formatRupiah(bl.linePromo)}
                    </p>
                  )}
                  {bl && bl.lineDiscount > 0 && (
                    <p className="text-xs tabular-nums text-emerald-700" data-testid={`cart-line-discount-amount-${sku}`}>
                      Diskon −{formatRupiah(bl.lineDiscount)}
                    </p>
                  )}
                </div>
              </div>
              <div className="mt-2 flex items-center gap-2">
                <button
                  type="button"
                  aria-label={`Kurangi ${product?.name ?? ''}`}
                  data-testid={`cart-dec-${sku}`}
                  onClick={() => dispatch({ type: 'decrement', productId: line.productId })}
                  className="h-8 w-8 rounded-lg bg-slate-100 text-lg font-bold text-slate-700 hover:bg-slate-200"
                >
                  −
                </button>
                <input
                  aria-label={`Jumlah ${product?.name ?? ''}`}
                  data-testid={`cart-qty-${sku}`}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={line.qty}
                  onChange={(e) =>
                    dispatch({
                      type: 'set',
                      productId: line.productId,
                      qty: Number.parseInt(e.target.value, 10),
                    })
                  }
                  className="h-8 w-16 rounded-lg border border-slate-300 text-center tabular-nums"
                />
                <button
                  type="button"
                  aria-label={`Tambah ${product?.name ?? ''}`}
                  data-testid={`cart-inc-${sku}`}
                  onClick={() => dispatch({ type: 'increment', productId: line.productId })}
                  className="h-8 w-8 rounded-lg bg-slate-100 text-lg font-bold text-slate-700 hover:bg-slate-200"
                >
                  +
                </button>
                {pricedLine && pricedLine.qty > pricedLine.stock && (
                  <span className="text-xs font-medium text-amber-600">
                    Stok {pricedLine.stock}
                  </span>
                )}
                <button
                  type="button"
                  data-testid={`cart-line-discount-${sku}`}
                  aria-label={`Diskon ${name}`}
                  onClick={() => setEditing({ kind: 'line', productId: line.productId, name })}
                  className={`ml-auto ${chip} ${line.discount ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : ''}`}
                >
                  {line.discount ? `Diskon ${describeDiscount(line.discount)}` : 'Diskon'}
                </button>
                <button
                  type="button"
                  data-testid={`cart-remove-${sku}`}
                  onClick={() => dispatch({ type: 'remove', productId: line.productId })}
                  className=" rounded-lg px-2 py-1 text-xs text-slate-500 hover:bg-red-50 hover:text-red-600"
                >
                  Hapus
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <footer className="space-y-3 border-t border-slate-200 px-5 py-4">
        {pricingError && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {pricingError}
          </p>
        )}
        {cart.length > 0 && (
          <div className="flex flex-wrap items-center gap-2">
            <button
              type="button"
              data-testid="cart-discount"
              onClick={() => setEditing({ kind: 'cart' })}
              className={`${chip} ${state.discount ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : ''}`}
            >
              {state.discount ? `Diskon keranjang ${describeDiscount(state.discount)}` : 'Diskon keranjang'}
            </button>
            {pickable.map((p) => {
              const on = state.promoIds.includes(p.rule.id);
              return (
                <button
                  key={p.rule.id}
                  type="button"
                  data-testid={`promo-pick-${p.rule.id}`}
                  aria-pressed={on}
                  title="Promo dipilih kasir"
                  onClick={() => dispatch({ type: 'togglePromo', promoId: p.rule.id })}
                  className={`${chip} ${on ? 'bg-brand-700 text-white ring-brand-700 hover:bg-brand-800' : ''}`}
                >
                  {on ? '✓ ' : '+ '}
                  {p.rule.name}
                </button>
              );
            })}
          </div>
        )}
        {b && b.unappliedPromos.length > 0 && (
          <ul className="space-y-0.5 text-xs text-amber-700" data-testid="cart-promo-unapplied">
            {b.unappliedPromos.map((u) => (
              <li key={u.id}>
                {u.name}: {u.reason}
              </li>
            ))}
          </ul>
        )}
        {b?.needsOwnerApproval && (
          <p className="rounded-lg bg-amber-50 px-3 py-1.5 text-xs text-amber-800" data-testid="cart-needs-owner">
            Diskon melebihi batas kasir: perlu PIN pemilik saat bayar.
          </p>
        )}
        <dl className="space-y-1 text-sm">
          <div className="flex justify-between text-slate-600">
            <dt>Subtotal ({priced?.itemCount ?? 0} barang)</dt>
            <dd className="tabular-nums" data-testid="cart-subtotal">
              {formatRupiah(cart.length === 0 ? 0 : (b?.subtotal ?? priced?.subtotal ?? 0))}
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
        <div className="grid grid-cols-2 gap-3">
          <button
            type="button"
            data-testid="pay-cash"
            disabled={!canPay}
            onClick={onPayCash}
            className="rounded-xl bg-brand-700 py-4 text-lg font-bold text-white shadow hover:bg-brand-800 disabled:bg-slate-300"
          >
            Tunai <span className="text-xs font-medium opacity-80">F8</span>
          </button>
          <button
            type="button"
            data-testid="pay-qris"
            disabled={!canPay || !qrisAvailable}
            onClick={onPayQris}
            title={qrisAvailable ? 'Bayar dengan QRIS' : 'QRIS belum diaktifkan'}
            className="rounded-xl bg-slate-900 py-4 text-lg font-bold text-white shadow hover:bg-black disabled:bg-slate-300"
          >
            QRIS <span className="text-xs font-medium opacity-80">F9</span>
          </button>
        </div>
        {qrisNote && (
          <p className="text-xs text-amber-700" data-testid="qris-unavailable">
            {qrisNote}
          </p>
        )}
      </footer>
      {editing !== null && (
        <DiscountDialog
          title={editing.kind === 'cart' ? 'Diskon keranjang' : `Diskon · ${editing.name}`}
          current={
            editing.kind === 'cart'
              ? state.discount
              : cart.find((l) => l.productId === editing.productId)?.discount
          }
          onApply={(discount) => {
            if (editing.kind === 'cart') dispatch({ type: 'cartDiscount', discount });
            else dispatch({ type: 'lineDiscount', productId: editing.productId, discount });
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </aside>
  );
}
