/**
 * The cart as the cashier builds it: which products and how many. Prices and totals are never
 * computed here; they come from Rust (`price_cart`).
 */
import type { CartLineInput } from '../../lib/ipc';

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
