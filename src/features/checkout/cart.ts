/**
 * The cart as the cashier builds it: which products, with which options and note, and how many.
 * Prices and totals are never computed here; they come from Rust (`price_cart`).
 *
 * A line is one product with one set of options and one note (`lineKey`): the same product with
 * other options, or another note, is another line; adding the same variant again merges. Rust
 * merges the same way (`price_lines`), so the priced lines match the cart's one to one.
 */
import { bpsToPercent, formatRupiah } from '../../lib/format';
import type { CartLineInput, CartOptions, ChosenOption, DiscountValue } from '../../lib/ipc';

export const MAX_QTY = 9999;

/** A note as Rust stores it: trimmed, inner runs of spaces as one; empty is no note. */
export function cleanNote(note: string | null | undefined): string | undefined {
  const n = (note ?? '').split(/\s+/).filter((w) => w !== '').join(' ');
  return n === '' ? undefined : n;
}

/** The identity of a line: product, its option ids in ascending order, its note. */
export function lineKey(line: { productId: number; options?: number[]; note?: string | null }): string {
  const ids = [...(line.options ?? [])].sort((a, b) => a - b);
  return `${line.productId}|${ids.join(',')}|${cleanNote(line.note) ?? ''}`;
}

/** What goes on the cart: a product, and when it has option groups the chosen ids and a note. */
export interface NewLine {
  productId: number;
  options?: number[];
  note?: string;
  qty?: number;
}

/** The line as sent to Rust: options sorted, note cleaned, both left out when empty. */
export function makeLine({ productId, options, note }: NewLine, qty: number): CartLineInput {
  const line: CartLineInput = { productId, qty };
  const ids = [...(options ?? [])].sort((a, b) => a - b);
  if (ids.length > 0) line.options = ids;
  const n = cleanNote(note);
  if (n !== undefined) line.note = n;
  return line;
}

export type CartAction =
  | ({ type: 'add' } & NewLine)
  | { type: 'increment'; key: string }
  | { type: 'decrement'; key: string }
  | { type: 'set'; key: string; qty: number }
  | { type: 'remove'; key: string }
  | { type: 'note'; key: string; note: string }
  | { type: 'clear' };

export function cartReducer(lines: CartLineInput[], action: CartAction): CartLineInput[] {
  switch (action.type) {
    case 'add': {
      const qty = action.qty ?? 1;
      const line = makeLine(action, qty);
      const key = lineKey(line);
      if (lines.some((l) => lineKey(l) === key)) {
        return lines.map((l) => (lineKey(l) === key ? { ...l, qty: Math.min(MAX_QTY, l.qty + qty) } : l));
      }
      return [...lines, line];
    }
    case 'increment':
      return lines.map((l) => (lineKey(l) === action.key ? { ...l, qty: Math.min(MAX_QTY, l.qty + 1) } : l));
    case 'decrement':
      return lines
        .map((l) => (lineKey(l) === action.key ? { ...l, qty: l.qty - 1 } : l))
        .filter((l) => l.qty > 0);
    case 'set': {
      if (!Number.isInteger(action.qty) || action.qty <= 0) {
        return lines.filter((l) => lineKey(l) !== action.key);
      }
      const qty = Math.min(MAX_QTY, action.qty);
      return lines.map((l) => (lineKey(l) === action.key ? { ...l, qty } : l));
    }
    case 'remove':
      return lines.filter((l) => lineKey(l) !== action.key);
    case 'note': {
      const index = lines.findIndex((l) => lineKey(l) === action.key);
      if (index < 0) return lines;
      const old = lines[index];
      const { note: _old, ...rest } = old;
      void _old;
      const n = cleanNote(action.note);
      const changed: CartLineInput = n === undefined ? rest : { ...rest, note: n };
      const newKey = lineKey(changed);
      if (newKey === action.key) return lines.map((l, i) => (i === index ? changed : l));
      // The note now matches another line of the same variant: they become one line.
      const twin = lines.findIndex((l) => lineKey(l) === newKey);
      if (twin < 0) return lines.map((l, i) => (i === index ? changed : l));
      return lines
        .map((l, i) => (i === twin ? { ...l, qty: Math.min(MAX_QTY, l.qty + old.qty) } : l))
        .filter((_, i) => i !== index);
    }
    case 'clear':
      return [];
  }
}

/**
 * The whole checkout state sent to Rust: the lines (each with the cashier's optional line
 * discount) and the cart options (cart discount, picked promos). Rust prices exactly this for
 * `price_cart`, `pay_cash`, `start_qris` and `hold_cart`.
 */
export interface CheckoutCart {
  lines: CartLineInput[];
  discount?: DiscountValue;
  promoIds: number[];
}

export const emptyCheckoutCart: CheckoutCart = { lines: [], promoIds: [] };

export type CheckoutAction =
  | CartAction
  | { type: 'lineDiscount'; key: string; discount: DiscountValue | null }
  | { type: 'cartDiscount'; discount: DiscountValue | null }
  | { type: 'togglePromo'; promoId: number }
  /** A held cart resumed: its lines and cart options exactly as they were parked. */
  | { type: 'load'; lines: CartLineInput[]; cart: CartOptions };

export function checkoutReducer(state: CheckoutCart, action: CheckoutAction): CheckoutCart {
  switch (action.type) {
    case 'lineDiscount':
      return {
        ...state,
        lines: state.lines.map((l) => {
          if (lineKey(l) !== action.key) return l;
          const { discount: _old, ...rest } = l;
          void _old;
          return action.discount ? { ...rest, discount: action.discount } : rest;
        }),
      };
    case 'cartDiscount': {
      const { discount: _old, ...rest } = state;
      void _old;
      return action.discount ? { ...rest, discount: action.discount } : rest;
    }
    case 'togglePromo':
      return {
        ...state,
        promoIds: state.promoIds.includes(action.promoId)
          ? state.promoIds.filter((id) => id !== action.promoId)
          : [...state.promoIds, action.promoId],
      };
    case 'load':
      return action.cart.discount === undefined
        ? { lines: action.lines, promoIds: action.cart.promoIds }
        : { lines: action.lines, discount: action.cart.discount, promoIds: action.cart.promoIds };
    case 'clear':
      return emptyCheckoutCart;
    default: {
      const lines = cartReducer(state.lines, action);
      // The last line gone: the cart's own choices go with it (the next customer starts clean).
      return lines.length === 0 ? emptyCheckoutCart : { ...state, lines };
    }
  }
}

/** The `cart` field of a request: left out when the cashier chose no cart discount nor promo. */
export function cartOptionsOf(state: CheckoutCart): CartOptions | undefined {
  if (state.discount === undefined && state.promoIds.length === 0) return undefined;
  return state.discount === undefined
    ? { promoIds: state.promoIds }
    : { discount: state.discount, promoIds: state.promoIds };
}

/** "10%" or "Rp 5.000", for a button showing the chosen discount. */
export function describeDiscount(d: DiscountValue): string {
  return d.type === 'percent' ? `${bpsToPercent(d.bps)}%` : formatRupiah(d.rupiah);
}

/** "Large (+Rp 5.000)", "Less sugar": an option as sold, its price change as Rust gave it. */
export function optionLabel(o: ChosenOption): string {
  return o.priceDelta > 0 ? `${o.name} (+${formatRupiah(o.priceDelta)})` : o.name;
}

/**
 * The test-id suffix of each line: the product's SKU for its first line on the cart, then
 * `<sku>-2`, `<sku>-3` for its other variants (stable while the cart does not change order).
 */
export function lineSuffixes(lines: { productId: number }[], skuOf: (productId: number) => string): string[] {
  const seen = new Map<number, number>();
  return lines.map((l) => {
    const n = (seen.get(l.productId) ?? 0) + 1;
    seen.set(l.productId, n);
    const sku = skuOf(l.productId);
    return n === 1 ? sku : `${sku}-${n}`;
  });
}
