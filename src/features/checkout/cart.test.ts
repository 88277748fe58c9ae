import { cartReducer, checkoutReducer, emptyCheckoutCart, lineKey } from './cart';

const key = (productId: number, options: number[] = [], note?: string) => lineKey({ productId, options, note });

describe('cartReducer', () => {
  it('adds, merges, increments and decrements to removal', () => {
    let cart = cartReducer([], { type: 'add', productId: 1 });
    cart = cartReducer(cart, { type: 'add', productId: 2 });
    cart = cartReducer(cart, { type: 'add', productId: 1 });
    expect(cart).toEqual([
      { productId: 1, qty: 2 },
      { productId: 2, qty: 1 },
    ]);
    cart = cartReducer(cart, { type: 'decrement', key: key(2) });
    expect(cart).toEqual([{ productId: 1, qty: 2 }]);
  });

  it('set quantity: zero or junk removes the line, huge is capped', () => {
    const cart = [{ productId: 1, qty: 2 }];
    expect(cartReducer(cart, { type: 'set', key: key(1), qty: 5 })).toEqual([{ productId: 1, qty: 5 }]);
    expect(cartReducer(cart, { type: 'set', key: key(1), qty: 0 })).toEqual([]);
    expect(cartReducer(cart, { type: 'set', key: key(1), qty: Number.NaN })).toEqual([]);
    expect(cartReducer(cart, { type: 'set', key: key(1), qty: 123456 })).toEqual([{ productId: 1, qty: 9999 }]);
  });

  it('clear empties the cart', () => {
    expect(cartReducer([{ productId: 1, qty: 1 }], { type: 'clear' })).toEqual([]);
  });
});

describe('cartReducer: variants and notes', () => {
  it('keys the same product with other options or another note as separate lines', () => {
    let cart = cartReducer([], { type: 'add', productId: 5, options: [11] });
    cart = cartReducer(cart, { type: 'add', productId: 5, options: [12] });
    cart = cartReducer(cart, { type: 'add', productId: 5, options: [11], note: 'tanpa es' });
    cart = cartReducer(cart, { type: 'add', productId: 5 });
    expect(cart, 'four variants of product 5, four lines').toEqual([
      { productId: 5, qty: 1, options: [11] },
      { productId: 5, qty: 1, options: [12] },
      { productId: 5, qty: 1, options: [11], note: 'tanpa es' },
      { productId: 5, qty: 1 },
    ]);
  });

  it('merges the same variant: option order and spacing of the note do not matter', () => {
    let cart = cartReducer([], { type: 'add', productId: 5, options: [21, 11], note: ' tanpa  es ' });
    cart = cartReducer(cart, { type: 'add', productId: 5, options: [11, 21], note: 'tanpa es', qty: 2 });
    expect(cart, 'one line, options sorted, note as Rust stores it').toEqual([
      { productId: 5, qty: 3, options: [11, 21], note: 'tanpa es' },
    ]);
    // +/− act on that variant only.
    cart = cartReducer(cart, { type: 'add', productId: 5, options: [11] });
    cart = cartReducer(cart, { type: 'increment', key: key(5, [11, 21], 'tanpa es') });
    expect(cart.map((l) => l.qty)).toEqual([4, 1]);
    cart = cartReducer(cart, { type: 'remove', key: key(5, [11]) });
    expect(cart).toEqual([{ productId: 5, qty: 4, options: [11, 21], note: 'tanpa es' }]);
  });

  it('editing a note re-keys the line, and merges it into a twin with that note', () => {
    let cart = cartReducer([], { type: 'add', productId: 5, options: [11] });
    cart = cartReducer(cart, { type: 'add', productId: 5, options: [11], note: 'panas', qty: 2 });
    cart = cartReducer(cart, { type: 'note', key: key(5, [11]), note: 'dingin' });
    expect(cart).toEqual([
      { productId: 5, qty: 1, options: [11], note: 'dingin' },
      { productId: 5, qty: 2, options: [11], note: 'panas' },
    ]);
    cart = cartReducer(cart, { type: 'note', key: key(5, [11], 'dingin'), note: ' panas ' });
    expect(cart, 'now the same variant as the second line').toEqual([
      { productId: 5, qty: 3, options: [11], note: 'panas' },
    ]);
    cart = cartReducer(cart, { type: 'note', key: key(5, [11], 'panas'), note: '   ' });
    expect(cart, 'an empty note is no note').toEqual([{ productId: 5, qty: 3, options: [11] }]);
  });
});

describe('checkoutReducer', () => {
  it('a line discount stays with its variant', () => {
    let s = checkoutReducer(emptyCheckoutCart, { type: 'add', productId: 5, options: [11] });
    s = checkoutReducer(s, { type: 'add', productId: 5, options: [12] });
    s = checkoutReducer(s, { type: 'lineDiscount', key: key(5, [12]), discount: { type: 'percent', bps: 1000 } });
    expect(s.lines).toEqual([
      { productId: 5, qty: 1, options: [11] },
      { productId: 5, qty: 1, options: [12], discount: { type: 'percent', bps: 1000 } },
    ]);
  });

  it('load puts a held cart back exactly as it was parked', () => {
    const lines = [
      { productId: 5, qty: 2, options: [11], note: 'tanpa es' },
      { productId: 6, qty: 1, discount: { type: 'amount' as const, rupiah: 500 } },
    ];
    const s = checkoutReducer(
      { lines: [{ productId: 1, qty: 1 }], promoIds: [] },
      { type: 'load', lines, cart: { discount: { type: 'percent', bps: 500 }, promoIds: [3] } },
    );
    expect(s).toEqual({ lines, discount: { type: 'percent', bps: 500 }, promoIds: [3] });
  });
});
