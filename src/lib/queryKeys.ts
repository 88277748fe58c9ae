/**
 * Every TanStack Query key of the app, defined once. Features read and write queries only
 * through these; `src/lib/events.ts` maps each backend change to the keys it invalidates.
 *
 * Keys are nested arrays: invalidating a prefix (`queryKeys.reports.all`) refreshes everything
 * under it (dashboard, reconciliation, history, sale details).
 */
import type {
  AuditQuery,
  CartLineInput,
  CartOptions,
  DateRange,
  HistoryQuery,
  PartPlan,
  PeriodRequest,
  PrinterSettings,
  ProductQuery,
  RefundInput,
  ShiftQuery,
} from './ipc';

export const queryKeys = {
  /** Products and categories the till sells (`get_catalog`), with stock. */
  catalog: ['catalog'] as const,
  /** The cart priced by Rust; its lines carry the stock too. */
  pricedCart: {
    all: ['priced-cart'] as const,
    /** `onTill`: the checkout's own cart, which the customer display shows with it. */
    of: (lines: CartLineInput[], cart?: CartOptions, onTill = false) =>
      ['priced-cart', lines, cart ?? null, onTill] as const,
  },
  pricing: {
    /** Pajak & Harga: tax, service, rounding, discount cap, merchant category. */
    settings: ['pricing', 'settings'] as const,
    /** Saved promos (the owner's list, the till's picked-promo chooser). */
    promos: ['pricing', 'promos'] as const,
    /** The live example cart under Pajak & Harga. */
    exampleAll: ['pricing', 'example'] as const,
    example: (lines: CartLineInput[]) => ['pricing', 'example', lines] as const,
  },
  /** QRIS provider, demo mode, poll interval (fixed for the life of the process). */
  paymentMode: ['payment-mode'] as const,
  /** Shop name and timezone (header, every time on screen). */
  shopProfile: ['shop-profile'] as const,
  /** "Toko & Waktu": timezone (with its label) and business-day start. */
  shopClock: ['shop-clock'] as const,
  /** "Info & Log" (read when the page opens). */
  supportInfo: ['support-info'] as const,

  products: {
    all: ['products'] as const,
    list: (query: ProductQuery) => ['products', 'list', query] as const,
    categories: ['products', 'categories'] as const,
    stockMovements: (productId: number) => ['products', 'stock-movements', productId] as const,
  },

  reports: {
    all: ['reports'] as const,
    dashboard: (req: PeriodRequest) => ['reports', 'dashboard', req] as const,
    reconciliationAll: ['reports', 'reconciliation'] as const,
    reconciliation: (range: DateRange, page: number) =>
      ['reports', 'reconciliation', range, page] as const,
    historyAll: ['reports', 'history'] as const,
    history: (query: HistoryQuery) => ['reports', 'history', query] as const,
    saleAll: ['reports', 'sale'] as const,
    sale: (orderId: number) => ['reports', 'sale', orderId] as const,
    /** A preset or custom range resolved in the shop's timezone (history, audit period). */
    period: (req: PeriodRequest) => ['reports', 'period', req] as const,
    /** Laba & Pajak. */
    profit: (req: PeriodRequest) => ['reports', 'profit', req] as const,
  },

  auth: {
    /** First run, the session (locked or not), the PIN pad's users, the idle lock minutes. */
    status: ['auth', 'status'] as const,
    /** Every user, active or not (Pengaturan → Pengguna, owner only). */
    users: ['auth', 'users'] as const,
    /** Idle lock and the shift-difference note threshold. */
    tillSettings: ['auth', 'till-settings'] as const,
  },

  shifts: {
    all: ['shifts'] as const,
    /** The open shift on this till with its running figures (null: "Buka Kasir"). */
    current: ['shifts', 'current'] as const,
    listAll: ['shifts', 'list'] as const,
    list: (query: ShiftQuery) => ['shifts', 'list', query] as const,
    report: (shiftId: number) => ['shifts', 'report', shiftId] as const,
  },

  audit: {
    all: ['audit'] as const,
    list: (query: AuditQuery) => ['audit', 'list', query] as const,
  },

  refunds: {
    all: ['refunds'] as const,
    /** A paid order's lines, what went back and its refund chain (the sale detail, the dialog). */
    refundable: (orderId: number) => ['refunds', 'refundable', orderId] as const,
    /** What a refund would give back, computed by Rust for the dialog's current input. */
    plan: (req: RefundInput) => ['refunds', 'plan', req] as const,
  },

  backups: {
    /** Settings, recent backups and the "Cadangan gagal" flag (Pengaturan → Cadangan, header). */
    status: ['backups', 'status'] as const,
  },

  printing: {
    /** Receipts not yet printed (the "Struk belum tercetak" badge). */
    unprinted: ['print-jobs', 'unprinted'] as const,
    settings: ['printer-settings'] as const,
    usbPrinters: ['usb-printers'] as const,
    previewAll: ['receipt-preview'] as const,
    preview: (settings: PrinterSettings | null) => ['receipt-preview', settings] as const,
  },

  // ---- receipt & label settings (issue 13) ----
  receiptSettings: {
    /** Serial/Bluetooth ports for the connection dropdown ("Muat ulang" refetches). */
    serialPorts: ['serial-ports'] as const,
    /** The stored receipt logo as it prints (or null). */
    logo: ['receipt-logo'] as const,
    /** Pengaturan → Label. */
    labelSettings: ['label-settings'] as const,
  },
  // ---- end receipt & label settings ----
  // ---- catalogue (issue 13) ----
  catalogue: {
    /**
     * "Stok Menipis": under the products prefix, so every stock and catalogue change
     * (`queryKeys.products.all` in src/lib/events.ts) refreshes it.
     */
    lowStock: ['products', 'low-stock'] as const,
    /**
     * What importing the file at `path` would do (read again for every dialog; outside the
     * products prefix so the import's own change does not re-read it).
     */
    importPreview: (path: string) => ['product-import-preview', path] as const,
    /**
     * Every Laporan dashboard (a prefix of `reports.dashboard`): its "Stok Menipis" card is the
     * stock as it stands now, so a stock or catalogue change refreshes it too.
     */
    lowStockCards: ['reports', 'dashboard'] as const,
  },
  // ---- end catalogue ----
  // ---- counter flows (issue 14) ----
  /** Parked carts of this till, open bills and one bill, a product's options. */
  counter: {
    held: ['counter', 'held'] as const,
    bills: ['counter', 'bills'] as const,
    bill: (billId: number) => ['counter', 'bills', billId] as const,
    productOptions: (productId: number) => ['counter', 'options', productId] as const,
    /** A split order being paid in parts (its tenders and what is due). */
    split: (orderId: number) => ['counter', 'split', orderId] as const,
    /** What the next part by a plan comes to. */
    partAmount: (orderId: number, plan: PartPlan) => ['counter', 'split', orderId, 'part', plan] as const,
  },
  // ---- end counter flows ----
  // ---- kitchen (issue 14) ----
  kitchen: {
    /** Everything of "Printer Dapur & Bar" (a settings save of section `kitchen` refreshes it). */
    all: ['kitchen'] as const,
    /** The kitchen and bar printers in use. */
    printers: ['kitchen', 'printers'] as const,
    /** Category → printer; categories come and go with the catalogue. */
    routes: ['kitchen', 'routes'] as const,
  },
  // ---- end kitchen ----
  display: {
    /** What the customer display shows (its window refetches it on every change it concerns). */
    view: ['customer-display', 'view'] as const,
    /** The shop's logo on the display's idle screen. */
    logo: ['customer-display', 'logo'] as const,
    /** This till's display window: open, monitor, fullscreen, the monitors (header menu). */
    window: ['customer-display', 'window'] as const,
    /** The owner's promo text (Pengaturan → Toko & Waktu → Layar Pelanggan). */
    settings: ['customer-display', 'settings'] as const,
  },
} as const;
