/**
 * Test data for the counter flows (variants, held carts, open bills): a kopi with option groups
 * and a fake `price_lines` that, like Rust, prices the options from the catalogue. Test-only.
 */
import type {
  Bill,
  BillLine,
  CartLineInput,
  Catalog,
  ChosenOption,
  OptionGroup,
  PricedCart,
} from '../lib/ipc';
import { catalog as baseCatalog, priceFixture } from './fixtures';

export const KOPI = {
  id: 12,
  sku: 'KPI-001',
  barcode: '2000000000015',
  name: 'Kopi Susu',
  categoryId: 1,
  price: 18_000,
  stock: 40,
  active: true,
  photo: null,
  lowStockThreshold: null,
  lowStock: false,
};

/** Ukuran (wajib, pilih satu), Gula (pilih satu), Tambahan (boleh banyak). */
export const KOPI_GROUPS: OptionGroup[] = [
  {
    id: 1,
    productId: KOPI.id,
    name: 'Ukuran',
    required: true,
    multiple: false,
    options: [
      { id: 100, name: 'Regular', priceDelta: 0 },
      { id: 101, name: 'Large', priceDelta: 5_000 },
    ],
  },
  {
    id: 2,
    productId: KOPI.id,
    name: 'Gula',
    required: false,
    multiple: false,
    options: [
      { id: 150, name: 'Normal', priceDelta: 0 },
      { id: 151, name: 'Less sugar', priceDelta: 0 },
    ],
  },
  {
    id: 3,
    productId: KOPI.id,
    name: 'Tambahan',
    required: false,
    multiple: true,
    options: [
      { id: 201, name: 'Extra shot', priceDelta: 4_000 },
      { id: 202, name: 'Oat milk', priceDelta: 6_000 },
    ],
  },
];

export const counterCatalog: Catalog = {
  ...baseCatalog,
  products: [...baseCatalog.products, KOPI],
  optionGroups: KOPI_GROUPS,
};

function chosen(productId: number, ids: number[]): ChosenOption[] {
  return KOPI_GROUPS.filter((g) => g.productId === productId).flatMap((g) =>
    g.options.filter((o) => ids.includes(o.id)).map((o) => ({ group: g.name, name: o.name, priceDelta: o.priceDelta })),
  );
}

/** What Rust's `price_lines` answers for these lines (no tax, no promos, no merging needed). */
export function priceCounter(lines: CartLineInput[]): PricedCart {
  const base = priceFixture([]);
  const priced = lines.map((l) => {
    const p = counterCatalog.products.find((x) => x.id === l.productId);
    if (!p) throw { kind: 'not_found', message: `Barang #${l.productId} tidak ditemukan.` };
    const options = chosen(p.id, l.options ?? []);
    const unitPrice = p.price + options.reduce((s, o) => s + o.priceDelta, 0);
    return {
      productId: p.id,
      sku: p.sku,
      name: p.name,
      unitPrice,
      qty: l.qty,
      lineTotal: unitPrice * l.qty,
      stock: p.stock,
      options,
      optionIds: [...(l.options ?? [])].sort((a, b) => a - b),
      note: l.note ?? null,
    };
  });
  const subtotal = priced.reduce((s, l) => s + l.lineTotal, 0);
  const itemCount = priced.reduce((s, l) => s + l.qty, 0);
  // Cash rounds to Rp 500 so a test can tell the cash total from the QRIS one.
  const cashTotal = Math.floor(subtotal / 500) * 500;
  const cash = { step: 500, rounding: cashTotal - subtotal, total: cashTotal };
  const nonCash = { step: 1, rounding: 0, total: subtotal };
  return {
    ...base,
    lines: priced,
    subtotal,
    total: subtotal,
    itemCount,
    cash,
    nonCash,
    breakdown: {
      ...base.breakdown,
      lines: priced.map((l) => ({
        ...base.breakdown.lines[0],
        productId: l.productId,
        qty: l.qty,
        unitPrice: l.unitPrice,
        gross: l.lineTotal,
        linePromo: 0,
        lineDiscount: 0,
        cartPromoShare: 0,
        cartDiscountShare: 0,
        net: l.lineTotal,
        tax: 0,
        salesExclTax: l.lineTotal,
        cost: 0,
        grossProfit: l.lineTotal,
      })),
      itemCount,
      subtotal,
      netSales: subtotal,
      totalBeforeRounding: subtotal,
      cash,
      nonCash,
      salesExclTax: subtotal,
      grossProfit: subtotal,
    },
  };
}

/** A fake open bill: lines kept with ids and send batches, priced like Rust on every read. */
export class FakeBill {
  lines: (CartLineInput & { id: number; batch: number | null })[] = [];
  private nextLine = 1;
  status: Bill['status'] = 'open';
  awaitingOrderId: number | null = null;

  constructor(
    readonly id: number,
    readonly name: string,
    readonly createdAt: number,
  ) {}

  add(lines: CartLineInput[]) {
    for (const l of lines) this.lines.push({ ...l, id: this.nextLine++, batch: null });
  }

  send(): number {
    const batch = Math.max(0, ...this.lines.map((l) => l.batch ?? 0)) + 1;
    for (const l of this.lines) if (l.batch === null) l.batch = batch;
    return batch;
  }

  toBill(): Bill {
    const inputs = this.lines.map(({ productId, qty, options, note }) => {
      const l: CartLineInput = { productId, qty };
      if (options) l.options = options;
      if (note) l.note = note;
      return l;
    });
    const priced = priceCounter(inputs);
    const lines: BillLine[] = this.lines.map((l, i) => ({
      id: l.id,
      productId: l.productId,
      name: priced.lines[i].name,
      qty: l.qty,
      options: priced.lines[i].options,
      optionIds: priced.lines[i].optionIds,
      note: l.note ?? null,
      batch: l.batch,
      unitPrice: priced.lines[i].unitPrice,
      lineTotal: priced.lines[i].lineTotal,
      addedAt: this.createdAt,
    }));
    return {
      id: this.id,
      name: this.name,
      status: this.status,
      till: 'Kasir 1',
      openedBy: 'Rina',
      lines,
      priced,
      itemCount: priced.itemCount,
      unsentCount: this.lines.filter((l) => l.batch === null).length,
      batches: Math.max(0, ...this.lines.map((l) => l.batch ?? 0)),
      awaitingOrderId: this.awaitingOrderId,
      paidOrderId: null,
      voidReason: null,
      createdAt: this.createdAt,
      closedAt: null,
    };
  }
}
