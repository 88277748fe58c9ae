import { cartReducer } from './cart';

describe('cartReducer', () => {
  it('adds, merges, increments and decrements to removal', () => {
    let cart = cartReducer([], { type: 'add', productId: 1 });
    cart = cartReducer(cart, { type: 'add', productId: 2 });
    cart = cartReducer(cart, { type: 'add', productId: 1 });
    expect(cart).toEqual([
      { productId: 1, qty: 2 },
      { productId: 2, qty: 1 },
    ]);
    cart = cartReducer(cart, { type: 'decrement', productId: 2 });
    expect(cart).toEqual([{ productId: 1, qty: 2 }]);
  });

  it('set quantity: zero or junk removes the line, huge is capped', () => {
    const cart = [{ productId: 1, qty: 2 }];
    expect(cartReducer(cart, { type: 'set', productId: 1, qty: 5 })).toEqual([
      { productId: 1, qty: 5 },
    ]);
    expect(cartReducer(cart, { type: 'set', productId: 1, qty: 0 })).toEqual([]);
    expect(cartReducer(cart, { type: 'set', productId: 1, qty: Number.NaN })).toEqual([]);
    expect(cartReducer(cart, { type: 'set', productId: 1, qty: 123456 })).toEqual([
      { productId: 1, qty: 9999 },
    ]);
  });

  it('clear empties the cart', () => {
    expect(cartReducer([{ productId: 1, qty: 1 }], { type: 'clear' })).toEqual([]);
  });
});
