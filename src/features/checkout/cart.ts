/**
 * The cart as the cashier builds it: which products and how many. Prices and totals are never
 * computed here; they come from Rust (`price_cart`).
 */
import { bpsToPercent, formatRupiah } from '../../lib/format';
import type { CartLineInput, CartOptions, DiscountValue } from '../../lib/ipc';

export const MAX_QTY = 9999;

export type CartAction =
  | { type: 'add'; productId: number; qty?: number }
  | { type: 'increment'; productId: number }
  | { type: 'decrement'; productId: number }
  | { type: 'set'; productId: number; qty: number }
  | { type: 'remove'; productId: number }
  | { type: 'clear' };

export function cartReducer(lines: CartLineInput[], action: CartAction): CartLineInput[] {
  switch (action.type) {
    case 'add': {
      const qty = action.qty ?? 1;
      const existing = lines.find((l) => l.productId === action.productId);
      if (existing) {
        return lines.map((l) =>
          l.productId === action.productId ? { ...l, qty: Math.min(MAX_QTY, l.qty + qty) } : l,
        );
      }
      return [...lines, { productId: action.productId, qty }];
    }
    case 'increment':
      return cartReducer(lines, { type: 'add', productId: action.productId });
    case 'decrement':
      return lines
        .map((l) => (l.productId === action.productId ? { ...l, qty: l.qty - 1 } : l))
        .filter((l) => l.qty > 0);
    case 'set': {
      if (!Number.isInteger(action.qty) || action.qty <= 0) {
        return lines.filter((l) => l.productId !== action.productId);
      }
      const qty = Math.min(MAX_QTY, action.qty);
      return lines.map((l) => (l.productId === action.productId ? { ...l, qty } : l));
    }
    case 'remove':
      return lines.filter((l) => l.productId !== action.productId);
    case 'clear':
      return [];
  }
}

/**
 * The whole checkout state sent to Rust: the lines (each with the cashier's optional line
 * discount) and the cart options (cart discount, picked promos). Rust prices exactly this for
 * `price_cart`, `pay_cash` and `start_qris`.
 */
export interface CheckoutCart {
  lines: CartLineInput[];
  discount?: DiscountValue;
  promoIds: number[];
}

export const emptyCheckoutCart: CheckoutCart = { lines: [], promoIds: [] };

export type CheckoutAction =
  | CartAction
  | { type: 'lineDiscount'; productId: number; discount: DiscountValue | null }
  | { type: 'cartDiscount'; discount: DiscountValue | null }
  | { type: 'togglePromo'; promoId: number };

export function checkoutReducer(state: CheckoutCart, action: CheckoutAction): CheckoutCart {
  switch (action.type) {
    case 'lineDiscount':
      return {
        ...state,
        lines: state.lines.map((l) => {
          if (l.productId !== action.productId) return l;
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
