/**
 * The cart: lines with their options, note, gross and discounts, the cashier's line and cart
 * discounts, the picked-promo chooser, "Tahan", and the breakdown (discounts, hemat, service, tax,
 * Pembulatan, Total). Every amount shown is Rust's (`PricedCart`); nothing is added up here.
 */
import { useState } from 'react';
import type { Catalog, PricedCart, PricedLine, Promo } from '../../lib/ipc';

type BreakdownLine = PricedCart['breakdown']['lines'][number];
import { formatRupiah } from '../../lib/format';
import {
  describeDiscount,
  lineKey,
  lineSuffixes,
  type CheckoutAction,
  type CheckoutCart,
} from './cart';
import { DiscountDialog } from './DiscountDialog';
import { LineDetails, NoteDialog } from './LineDetails';
import { PayButtons } from './PayButtons';
import { PricedTotals } from './PricedTotals';

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
  onSplit: () => void;
  qrisAvailable: boolean;
  /** Why QRIS is off (a broken .env), shown under the buttons. */
  qrisNote?: string | null;
  /** "Tahan" (F7): park this cart; left out where holding is not offered. */
  onHold?: () => void;
}

type Editing =
  | { kind: 'line'; key: string; name: string }
  | { kind: 'note'; key: string; name: string; note: string }
  | { kind: 'cart' }
  | null;

const chip =
  'rounded-lg px-2 py-1 text-xs font-semibold ring-1 ring-slate-200 text-slate-600 hover:bg-slate-100';

/** Each cart line's priced line (and its breakdown line), matched by product, options and note. */
function pricedByKey(priced: PricedCart | undefined): Map<string, { line: PricedLine; breakdown?: BreakdownLine }> {
  const map = new Map<string, { line: PricedLine; breakdown?: BreakdownLine }>();
  (priced?.lines ?? []).forEach((line, i) => {
    // Rust prices the lines in the order sent and breaks them down in the same order.
    map.set(lineKey({ productId: line.productId, options: line.optionIds, note: line.note }), {
      line,
      breakdown: priced?.breakdown.lines[i],
    });
  });
  return map;
}

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
  onSplit,
  qrisAvailable,
  qrisNote = null,
  onHold,
}: CartPanelProps) {
  const productById = new Map(catalog.products.map((p) => [p.id, p]));
  const cart = state.lines;
  const [editing, setEditing] = useState<Editing>(null);
  const pricedLines = pricedByKey(priced);
  const suffixes = lineSuffixes(cart, (id) => productById.get(id)?.sku ?? String(id));
  const b = cart.length > 0 ? priced?.breakdown : undefined;
  const canPay = cart.length > 0 && !pricing && priced !== undefined && pricingError === null;

  return (
    <aside className="flex min-h-0 flex-1 flex-col rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-5 py-4">
        <h2 className="text-lg font-semibold">Keranjang</h2>
        <div className="flex items-center gap-1">
          {onHold && (
            <button
              type="button"
              data-testid="hold-cart"
              disabled={cart.length === 0}
              onClick={onHold}
              title="Tahan transaksi ini, layani pembeli berikutnya (F7)"
              className="rounded-lg px-3 py-2 text-sm font-semibold text-brand-800 ring-1 ring-brand-200 hover:bg-brand-50 disabled:text-slate-300 disabled:ring-slate-200 disabled:hover:bg-transparent"
            >
              Tahan <span className="text-xs font-medium opacity-70">F7</span>
            </button>
          )}
          <button
            type="button"
            data-testid="cart-clear"
            disabled={cart.length === 0}
            onClick={() => dispatch({ type: 'clear' })}
            className="rounded-lg px-2 py-2 text-sm text-red-600 hover:bg-red-50 disabled:text-slate-300 disabled:hover:bg-transparent"
          >
            Kosongkan
          </button>
        </div>
      </header>
      <ul className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto px-5">
        {cart.length === 0 && (
          <li className="py-16 text-center text-sm text-slate-400">
            Belum ada barang. Pilih dari daftar atau scan barcode.
          </li>
        )}
        {cart.map((line, index) => {
          const key = lineKey(line);
          const product = productById.get(line.productId);
          const match = pricedLines.get(key);
          const pricedLine = match?.line;
          const bl = match?.breakdown;
          const name = pricedLine?.name ?? product?.name ?? '…';
          const sku = suffixes[index];
          return (
            <li key={key} data-testid={`cart-line-${sku}`} className="py-3">
              <div className="flex items-start justify-between gap-3">
                <div className="min-w-0">
                  <p className="truncate font-medium text-slate-800">{name}</p>
                  <LineDetails options={pricedLine?.options ?? []} note={pricedLine?.note ?? line.note ?? null} />
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
              <div className="mt-2 flex flex-wrap items-center gap-2">
                <button
                  type="button"
                  aria-label={`Kurangi ${name}`}
                  data-testid={`cart-dec-${sku}`}
                  onClick={() => dispatch({ type: 'decrement', key })}
                  className="h-9 w-9 rounded-lg bg-slate-100 text-lg font-bold text-slate-700 hover:bg-slate-200"
                >
                  −
                </button>
                <input
                  aria-label={`Jumlah ${name}`}
                  data-testid={`cart-qty-${sku}`}
                  type="number"
                  min={1}
                  inputMode="numeric"
                  value={line.qty}
                  onChange={(e) =>
                    dispatch({ type: 'set', key, qty: Number.parseInt(e.target.value, 10) })
                  }
                  className="h-9 w-16 rounded-lg border border-slate-300 text-center tabular-nums"
                />
                <button
                  type="button"
                  aria-label={`Tambah ${name}`}
                  data-testid={`cart-inc-${sku}`}
                  onClick={() => dispatch({ type: 'increment', key })}
                  className="h-9 w-9 rounded-lg bg-slate-100 text-lg font-bold text-slate-700 hover:bg-slate-200"
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
                  data-testid={`cart-line-note-${sku}`}
                  aria-label={`Catatan ${name}`}
                  onClick={() => setEditing({ kind: 'note', key, name, note: line.note ?? '' })}
                  className={`ml-auto ${chip}`}
                >
                  Catatan
                </button>
                <button
                  type="button"
                  data-testid={`cart-line-discount-${sku}`}
                  aria-label={`Diskon ${name}`}
                  onClick={() => setEditing({ kind: 'line', key, name })}
                  className={`${chip} ${line.discount ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : ''}`}
                >
                  {line.discount ? `Diskon ${describeDiscount(line.discount)}` : 'Diskon'}
                </button>
                <button
                  type="button"
                  data-testid={`cart-remove-${sku}`}
                  onClick={() => dispatch({ type: 'remove', key })}
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
        <PricedTotals priced={priced} empty={cart.length === 0} pricing={pricing} />
        <PayButtons
          canPay={canPay}
          qrisAvailable={qrisAvailable}
          onPayCash={onPayCash}
          onPayQris={onPayQris}
          onSplit={onSplit}
          cashTestId="pay-cash"
          qrisTestId="pay-qris"
          splitTestId="pay-split"
        />
        {qrisNote && (
          <p className="text-xs text-amber-700" data-testid="qris-unavailable">
            {qrisNote}
          </p>
        )}
      </footer>
      {editing !== null && editing.kind === 'note' && (
        <NoteDialog
          title={`Catatan · ${editing.name}`}
          current={editing.note}
          onApply={(note) => {
            dispatch({ type: 'note', key: editing.key, note });
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {editing !== null && editing.kind !== 'note' && (
        <DiscountDialog
          title={editing.kind === 'cart' ? 'Diskon keranjang' : `Diskon · ${editing.name}`}
          current={
            editing.kind === 'cart'
              ? state.discount
              : cart.find((l) => lineKey(l) === editing.key)?.discount
          }
          onApply={(discount) => {
            if (editing.kind === 'cart') dispatch({ type: 'cartDiscount', discount });
            else dispatch({ type: 'lineDiscount', key: editing.key, discount });
            setEditing(null);
          }}
          onClose={() => setEditing(null)}
        />
      )}
    </aside>
  );
}
