import type {
  AuthStatus,
  CartLineInput,
  Catalog,
  Order,
  Permission,
  PricedCart,
  SessionInfo,
  ShiftReport,
  User,
} from '../lib/ipc';

export const catalog: Catalog = {
  categories: [
    { id: 1, name: 'Minuman' },
    { id: 2, name: 'Makanan' },
  ],
  products: [
    { id: 10, sku: 'MNM-001', barcode: '8992024010013', name: 'Es Teh Manis', categoryId: 1, price: 5000, stock: 50, active: true, photo: null, lowStockThreshold: null, lowStock: false },
    { id: 11, sku: 'MKN-001', barcode: '8992024020012', name: 'Nasi Goreng Spesial', categoryId: 2, price: 25000, stock: 10, active: true, photo: null, lowStockThreshold: null, lowStock: false },
  ],
  isDemo: true,
  showPhotos: true,
  optionGroups: [],
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
      options: [],
      optionIds: l.options ?? [],
      note: l.note ?? null,
    };
  });
  const subtotal = priced.reduce((s, l) => s + l.lineTotal, 0);
  const itemCount = priced.reduce((s, l) => s + l.qty, 0);
  const tender = { step: 1, rounding: 0, total: subtotal };
  return {
    lines: priced,
    subtotal,
    discountTotal: 0,
    taxTotal: 0,
    total: subtotal,
    itemCount,
    serviceTotal: 0,
    cash: tender,
    nonCash: tender,
    breakdown: {
      lines: priced.map((l) => ({
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
      discounts: [],
      lineDiscountTotal: 0,
      cartDiscountTotal: 0,
      hemat: 0,
      netSales: subtotal,
      serviceLabel: null,
      serviceCharge: 0,
      serviceTax: 0,
      taxLabel: null,
      taxIncluded: false,
      taxableSales: 0,
      taxBase: 0,
      tax: 0,
      totalBeforeRounding: subtotal,
      cash: tender,
      nonCash: tender,
      qris: { amount: subtotal, mdrBps: 0, mdr: 0, netSettlement: subtotal },
      costTotal: 0,
      salesExclTax: subtotal,
      grossProfit: subtotal,
      manualDiscountTotal: 0,
      needsOwnerApproval: false,
      appliedPromoIds: [],
      unappliedPromos: [],
    },
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
    serviceTotal: 0,
    serviceLabel: null,
    rounding: 0,
    taxLabel: null,
    taxIncluded: false,
    discounts: [],
    costTotal: 0,
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
    split: false,
    tenders: [
      {
        method: 'cash',
        amount: cart.total,
        tendered,
        change: tendered - cart.total,
        issuer: null,
        issuerLabel: null,
        label: 'Tunai',
        gatewayTxnId: null,
        paidAt: Date.parse('2026-11-26T03:00:00.000Z'),
      },
    ],
    due: 0,
  };
}

// ---- sign-in and shifts ----

const CASHIER_PERMISSIONS: Permission[] = [
  'sell',
  'shift',
  'cash_movement',
  'reprint',
  'view_history',
  'view_catalog',
  'view_settings',
];
const OWNER_PERMISSIONS: Permission[] = [
  ...CASHIER_PERMISSIONS,
  'manage_catalog',
  'manage_stock',
  'reports',
  'manage_settings',
  'manage_users',
  'audit',
];

export const owner: User = { id: 1, name: 'Bu Sari', role: 'owner', active: true, lockedUntil: null, createdAt: 0 };
export const cashier: User = { id: 2, name: 'Rina', role: 'cashier', active: true, lockedUntil: null, createdAt: 0 };

export function sessionOf(user: User, locked = false): SessionInfo {
  return {
    operator: { userId: user.id, name: user.name, role: user.role },
    locked,
    signedInAt: 0,
    permissions: user.role === 'owner' ? OWNER_PERMISSIONS : CASHIER_PERMISSIONS,
  };
}

export function authStatus(session: SessionInfo | null, over: Partial<AuthStatus> = {}): AuthStatus {
  return { needsSetup: false, session, users: [owner, cashier], till: 'Kasir 1', idleLockMinutes: 0, ...over };
}

/**
 * Shift #3 of Rina, hand-computed: modal 200.000 + tunai 30.000 − kas keluar 20.000 = 210.000
 * expected; counted 209.500 → selisih −500. QRIS 28.000 (1 GoPay).
 */
export function shiftReport(over: { closed?: boolean; userId?: number; cashierName?: string } = {}): ShiftReport {
  const closed = over.closed ?? false;
  return {
    shift: {
      id: 3,
      till: 'Kasir 1',
      userId: over.userId ?? cashier.id,
      cashierName: over.cashierName ?? cashier.name,
      openedAt: Date.parse('2026-11-26T15:00:00.000Z'),
      openingCash: 200_000,
      closedAt: closed ? Date.parse('2026-11-26T23:00:00.000Z') : null,
      closedByName: closed ? cashier.name : null,
      expectedCash: closed ? 210_000 : null,
      countedCash: closed ? 209_500 : null,
      difference: closed ? -500 : null,
      closeNote: closed ? 'receh kurang' : null,
    },
    cash: {
      opening: 200_000,
      salesCount: 1,
      sales: 30_000,
      refunds: 0,
      cashIn: 0,
      cashOut: 20_000,
      expected: 210_000,
      counted: closed ? 209_500 : null,
      difference: closed ? -500 : null,
    },
    qris: {
      count: 1,
      total: 28_000,
      gatewayTxnCount: 1,
      byIssuer: [{ issuerLabel: 'GoPay', count: 1, total: 28_000 }],
      late: [],
      anomalies: [],
      stillOpen: [],
    },
    orderCount: 2,
    salesTotal: 58_000,
    movements: [
      {
        id: 1,
        shiftId: 3,
        kind: 'out',
        amount: 20_000,
        reason: 'beli es batu',
        orderNumber: null,
        userName: cashier.name,
        createdAt: Date.parse('2026-11-26T18:00:00.000Z'),
      },
    ],
    countedDetail: closed
      ? [
          { value: 100_000, count: 2 },
          { value: 5_000, count: 1 },
          { value: 2_000, count: 2 },
          { value: 500, count: 1 },
        ]
      : null,
    noteThreshold: 0,
    generatedAt: 0,
  };
}
