import type { CartLineInput, Catalog, Order, PricedCart } from '../lib/ipc';

export const catalog: Catalog = {
  categories: [
    { id: 1, name: 'Minuman' },
    { id: 2, name: 'Makanan' },
  ],
  products: [
    { id: 10, sku: 'MNM-001', barcode: '8992024010013', name: 'Es Teh Manis', categoryId: 1, price: 5000, stock: 50, active: true },
    { id: 11, sku: 'MKN-001', barcode: '8992024020012', name: 'Nasi Goreng Spesial', categoryId: 2, price: 25000, stock: 10, active: true },
  ],
  isDemo: true,
};

/** What the Rust side would answer for price_cart, for the fixture catalogue. */
export function priceFixture(lines: CartLineInput[]): PricedCart {
  const priced = lines.map((l) => {
    const p = catalog.products.find((x) => x.id === l.productId);
    if (!p) throw { kind: 'not_found', message: 'Barang tidak ditemukan.' };
    return {
      productId: p.id,
      sku: p.sku,
      name: p.name,
      unitPrice: p.price,
      qty: l.qty,
      lineTotal: p.price * l.qty,
      stock: p.stock,
    };
  });
  const subtotal = priced.reduce((s, l) => s + l.lineTotal, 0);
  return {
    lines: priced,
    subtotal,
    discountTotal: 0,
    taxTotal: 0,
    total: subtotal,
    itemCount: priced.reduce((s, l) => s + l.qty, 0),
  };
}

export function paidOrder(lines: CartLineInput[], tendered: number): Order {
  const cart = priceFixture(lines);
  return {
    id: 1,
    number: 'INV-261126-0001',
    status: 'paid',
    subtotal: cart.subtotal,
    discountTotal: 0,
    taxTotal: 0,
    total: cart.total,
    paymentMethod: 'cash',
    cashTendered: tendered,
    cashChange: tendered - cart.total,
    paymentIssuer: null,
    paymentIssuerLabel: null,
    gatewayTxnId: null,
    cashier: 'Rina',
    cashierId: 2,
    shiftId: 3,
    createdAt: Date.parse('2026-11-26T03:00:00.000Z'),
    paidAt: Date.parse('2026-11-26T03:00:00.000Z'),
    lines: cart.lines.map((l) => ({ ...l })),
  };
}
