/**
 * The only module that talks to the Rust backend. Every command is typed with the structs
 * generated from Rust (src/bindings, by ts-rs); errors always arrive as `AppError`
 * with a stable `kind` and an Indonesian `message`.
 */
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { AttemptStatus } from '../bindings/AttemptStatus';
import type { CartLineInput } from '../bindings/CartLineInput';
import type { CartOptions } from '../bindings/CartOptions';
import type { DiscountValue } from '../bindings/DiscountValue';
import type { PricingSettings } from '../bindings/PricingSettings';
import type { Promo } from '../bindings/Promo';
import type { PromoRule } from '../bindings/PromoRule';
import type { ProfitReport } from '../bindings/ProfitReport';
import type { Catalog } from '../bindings/Catalog';
import type { Command } from '../bindings/Command';
import type { CategoryInput } from '../bindings/CategoryInput';
import type { CategoryRow } from '../bindings/CategoryRow';
import type { Dashboard } from '../bindings/Dashboard';
import type { DateRange } from '../bindings/DateRange';
import type { DemoIssuer } from '../bindings/DemoIssuer';
import type { DemoRemoval } from '../bindings/DemoRemoval';
import type { DetectedPrinter } from '../bindings/DetectedPrinter';
import type { DomainEvent } from '../bindings/DomainEvent';
import type { ErrorKind } from '../bindings/ErrorKind';
import type { ExportResult } from '../bindings/ExportResult';
import type { HistoryPage } from '../bindings/HistoryPage';
import type { HistoryQuery } from '../bindings/HistoryQuery';
import type { HistoryRow } from '../bindings/HistoryRow';
import type { IpcError } from '../bindings/IpcError';
import type { Order } from '../bindings/Order';
import type { OrderTender } from '../bindings/OrderTender';
import type { PartPlan } from '../bindings/PartPlan';
import type { PayCashRequest } from '../bindings/PayCashRequest';
import type { PaymentMode } from '../bindings/PaymentMode';
import type { PaymentState } from '../bindings/PaymentState';
import type { Period } from '../bindings/Period';
import type { PeriodRequest } from '../bindings/PeriodRequest';
import type { Preset } from '../bindings/Preset';
import type { PreviewRequest } from '../bindings/PreviewRequest';
import type { PricedCart } from '../bindings/PricedCart';
import type { PrintJob } from '../bindings/PrintJob';
import type { PrinterSettings } from '../bindings/PrinterSettings';
import type { Product } from '../bindings/Product';
import type { ProductInput } from '../bindings/ProductInput';
import type { ProductQuery } from '../bindings/ProductQuery';
import type { ProductRow } from '../bindings/ProductRow';
import type { CatalogSettings } from '../bindings/CatalogSettings';
import type { DigitalReceiptFormat } from '../bindings/DigitalReceiptFormat';
import type { ImportColumn } from '../bindings/ImportColumn';
import type { ImportField } from '../bindings/ImportField';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { ImportResult } from '../bindings/ImportResult';
import type { ImportRowPreview } from '../bindings/ImportRowPreview';
import type { ImportRowStatus } from '../bindings/ImportRowStatus';
import type { LabelPrintItem } from '../bindings/LabelPrintItem';
import type { LabelPrintResult } from '../bindings/LabelPrintResult';
import type { LabelSettings } from '../bindings/LabelSettings';
import type { LabelSheet } from '../bindings/LabelSheet';
import type { LabelTarget } from '../bindings/LabelTarget';
import type { ProductExport } from '../bindings/ProductExport';
import type { ProductFileFormat } from '../bindings/ProductFileFormat';
import type { ReceiptLogo } from '../bindings/ReceiptLogo';
import type { SavedReceipt } from '../bindings/SavedReceipt';
import type { SerialPortInfo } from '../bindings/SerialPortInfo';
import type { ProductSales } from '../bindings/ProductSales';
import type { QrPayment } from '../bindings/QrPayment';
import type { QrisReconciliation } from '../bindings/QrisReconciliation';
import type { ReceiptPreview } from '../bindings/ReceiptPreview';
import type { ReconciliationQuery } from '../bindings/ReconciliationQuery';
import type { SaleDetail } from '../bindings/SaleDetail';
import type { ShopClock } from '../bindings/ShopClock';
import type { ShopProfile } from '../bindings/ShopProfile';
import type { StockAdjustment } from '../bindings/StockAdjustment';
import type { SupportInfo } from '../bindings/SupportInfo';
import type { StockMovement } from '../bindings/StockMovement';
import type { StockMovementKind } from '../bindings/StockMovementKind';
import type { TestPrintResult } from '../bindings/TestPrintResult';
import type { AuditAction } from '../bindings/AuditAction';
import type { AuditEntry } from '../bindings/AuditEntry';
import type { AuditExport } from '../bindings/AuditExport';
import type { AuditQuery } from '../bindings/AuditQuery';
import type { AuthStatus } from '../bindings/AuthStatus';
import type { CashMovement } from '../bindings/CashMovement';
import type { CashMovementInput } from '../bindings/CashMovementInput';
import type { CashMovementKind } from '../bindings/CashMovementKind';
import type { CloseShiftInput } from '../bindings/CloseShiftInput';
import type { CountedCash } from '../bindings/CountedCash';
import type { DenominationCount } from '../bindings/DenominationCount';
import type { FirstRunSetup } from '../bindings/FirstRunSetup';
import type { NewUser } from '../bindings/NewUser';
import type { Operator } from '../bindings/Operator';
import type { Permission } from '../bindings/Permission';
import type { Role } from '../bindings/Role';
import type { SessionInfo } from '../bindings/SessionInfo';
import type { Shift } from '../bindings/Shift';
import type { ShiftNote } from '../bindings/ShiftNote';
import type { ShiftQuery } from '../bindings/ShiftQuery';
import type { ShiftReport } from '../bindings/ShiftReport';
import type { TillSettings } from '../bindings/TillSettings';
import type { User } from '../bindings/User';
import type { UserUpdate } from '../bindings/UserUpdate';
import type { BackupInfo } from '../bindings/BackupInfo';
import type { BackupRecord } from '../bindings/BackupRecord';
import type { BackupSettings } from '../bindings/BackupSettings';
import type { BackupStatus } from '../bindings/BackupStatus';
import type { BackupTrigger } from '../bindings/BackupTrigger';
import type { PaymentMethod } from '../bindings/PaymentMethod';
import type { Refund } from '../bindings/Refund';
import type { RefundInput } from '../bindings/RefundInput';
import type { RefundLine } from '../bindings/RefundLine';
import type { RefundLineInput } from '../bindings/RefundLineInput';
import type { RefundPlan } from '../bindings/RefundPlan';
import type { RefundStatus } from '../bindings/RefundStatus';
import type { Refundable } from '../bindings/Refundable';
import type { RefundableLine } from '../bindings/RefundableLine';
import type { AddToBillRequest } from '../bindings/AddToBillRequest';
import type { Bill } from '../bindings/Bill';
import type { BillLine } from '../bindings/BillLine';
import type { BillStatus } from '../bindings/BillStatus';
import type { ChosenOption } from '../bindings/ChosenOption';
import type { HeldCart } from '../bindings/HeldCart';
import type { HoldCartRequest } from '../bindings/HoldCartRequest';
import type { OpenBillsAtClose } from '../bindings/OpenBillsAtClose';
import type { OptionGroup } from '../bindings/OptionGroup';
import type { OptionGroupInput } from '../bindings/OptionGroupInput';
import type { PricedLine } from '../bindings/PricedLine';
import type { ProductOption } from '../bindings/ProductOption';
import type { ProductOptionInput } from '../bindings/ProductOptionInput';
import type { Restored } from '../bindings/Restored';
import type { CategoryRoute } from '../bindings/CategoryRoute';
import type { CategoryRouteInput } from '../bindings/CategoryRouteInput';
import type { PrepPrinter } from '../bindings/PrepPrinter';
import type { PrepPrinterInput } from '../bindings/PrepPrinterInput';
import type { CustomerDisplaySettings } from '../bindings/CustomerDisplaySettings';
import type { CustomerDisplayView } from '../bindings/CustomerDisplayView';
import type { CustomerDisplayWindow } from '../bindings/CustomerDisplayWindow';
import type { DisplayAmount } from '../bindings/DisplayAmount';
import type { DisplayCart } from '../bindings/DisplayCart';
import type { DisplayLine } from '../bindings/DisplayLine';
import type { DisplayMonitor } from '../bindings/DisplayMonitor';
import type { DisplayWindowSettings } from '../bindings/DisplayWindowSettings';

export type {
  AttemptStatus,
  DemoIssuer,
  DomainEvent,
  ErrorKind,
  PaymentMode,
  PaymentState,
  QrPayment,
  CartLineInput,
  CartOptions,
  DiscountValue,
  Catalog,
  Command,
  IpcError,
  Order,
  PayCashRequest,
  PricedCart,
  Product,
  ShopClock,
  ShopProfile,
  SupportInfo,
};

/** A failed command as the UI sees it: a stable `kind` to branch on and Rust's Indonesian message. */
export class AppError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'AppError';
  }
}

/**
 * Every kind Rust can send. A `Record` over the generated union, so a kind added or renamed in
 * Rust fails `tsc` here until the UI knows about it.
 */
const ERROR_KINDS: Record<ErrorKind, true> = {
  validation: true,
  not_found: true,
  insufficient_stock: true,
  insufficient_tender: true,
  order_state: true,
  config: true,
  not_demo: true,
  database: true,
  export_failed: true,
  internal: true,
  gateway_unreachable: true,
  gateway_timeout: true,
  gateway_server_error: true,
  gateway_rate_limited: true,
  gateway_invalid_response: true,
  gateway_rejected: true,
  gateway_not_found: true,
  gateway_duplicate: true,
  gateway_refund_refused: true,
  amount_mismatch: true,
  signature_mismatch: true,
  order_mismatch: true,
  printer_not_found: true,
  printer_permission: true,
  printer_busy: true,
  printer_offline: true,
  printer_timeout: true,
  printer_write_failed: true,
  printer_unsupported: true,
  invalid_receipt: true,
  not_signed_in: true,
  screen_locked: true,
  wrong_pin: true,
  user_locked: true,
  owner_pin_required: true,
  shift_required: true,
  shift_already_open: true,
  open_bills: true,
};

function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_KINDS, value);
}

function isIpcShaped(value: unknown): value is { kind: unknown; message: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).message === 'string' &&
    'kind' in value
  );
}

/**
 * Normalise whatever a failed invoke threw into an AppError. An `{ kind, message }` with a kind
 * this build does not know keeps Rust's message under `internal`; anything else (a JS error, a
 * bare string) becomes `internal` with a generic message.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isIpcShaped(error)) {
    return new AppError(isErrorKind(error.kind) ? error.kind : 'internal', error.message);
  }
  return new AppError('internal', 'Terjadi kesalahan tak terduga. Coba lagi.');
}

/**
 * `Command` is generated from the command list in src-tauri/src/lib.rs: a command renamed or
 * removed in Rust fails `tsc` at its caller here.
 */
async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toAppError(error);
  }
}

/** The one Tauri event the backend emits: every committed change, as a `DomainEvent`. */
export const DOMAIN_EVENT = 'domain-event';

/**
 * Subscribe to the change feed. Only `src/lib/events.ts` should call this (it maps each event to
 * the queries it invalidates and fans attempt states out to the QRIS modal).
 */
export function onDomainEvent(handler: (event: DomainEvent) => void): Promise<UnlistenFn> {
  return listen<DomainEvent>(DOMAIN_EVENT, (event) => handler(event.payload));
}

export const api = {
  getCatalog: () => call<Catalog>('get_catalog'),
  /**
   * `cart` (cart discount, picked promos) is left out when the cashier chose none. `onTill`: this
   * is the cart on the till, so Rust also shows this pricing on the customer display.
   */
  priceCart: (lines: CartLineInput[], cart?: CartOptions, onTill = false) =>
    call<PricedCart>('price_cart', {
      req: cart ? { lines, cart } : { lines },
      ...(onTill ? { onTill: true } : {}),
    }),
  lookupBarcode: (code: string) => call<Product>('lookup_barcode', { code }),
  payCash: (req: PayCashRequest) => call<Order>('pay_cash', { req }),
  getOrder: (orderId: number) => call<Order>('get_order', { orderId }),
  getShopProfile: () => call<ShopProfile>('get_shop_profile'),
  /** "Toko & Waktu": timezone and business-day start. */
  getShopClock: () => call<ShopClock>('get_shop_clock'),
  /** Saves the whole "Toko & Waktu" form in one transaction (`zoneLabel` is read only). */
  saveShopClock: (clock: ShopClock) => call<ShopClock>('save_shop_clock', { clock }),
  /** "Info & Log": version, where the data lives, recent warnings and errors (never a key). */
  getSupportInfo: () => call<SupportInfo>('get_support_info'),

  // ---- payment (QRIS) ----
  getPaymentMode: () => call<PaymentMode>('get_payment_mode'),
  /** Store the cart as an order awaiting payment and get its QR (amount computed in Rust). */
  startQris: (lines: CartLineInput[], cart?: CartOptions) =>
    call<QrPayment>('start_qris', { req: cart ? { lines, cart } : { lines } }),
  /** The QR for an existing order: its live attempt, or a new one ("Buat QR Baru"). */
  generatePaymentQr: (orderId: number) => call<QrPayment>('generate_payment_qr', { orderId }),
  checkPaymentStatus: (attemptId: string) =>
    call<PaymentState>('check_payment_status', { attemptId }),
  cancelPayment: (attemptId: string) => call<PaymentState>('cancel_payment', { attemptId }),
  /** "Simpan & tutup": set the sale aside (works offline); the background worker finishes it. */
  setAsidePayment: (attemptId: string) =>
    call<PaymentState>('set_aside_payment', { attemptId }),
  /** Demo mode only: simulate the customer paying with `issuer` (e.g. "gopay"). */
  demoPay: (attemptId: string, issuer: string) =>
    call<PaymentState>('demo_pay', { req: { attemptId, issuer } }),
};

// ---- pricing ----
// Pajak & Harga, promos (kasir-pricing; commands in src-tauri/src/commands/pricing.rs). Every
// amount is computed in Rust; the UI sends rates in basis points (11 % = 1100).

export type { PricingSettings, Promo, PromoRule, ProfitReport };

export const pricingApi = {
  getPricingSettings: () => call<PricingSettings>('get_pricing_settings'),
  savePricingSettings: (settings: PricingSettings) =>
    call<PricingSettings>('save_pricing_settings', { settings }),
  listPromos: () => call<Promo[]>('list_promos'),
  /** `rule.id` 0: a new promo. Bad input rejects with kind `validation` and Rust's message. */
  savePromo: (rule: PromoRule, active: boolean) =>
    call<Promo>('save_promo', { req: { rule, active } }),
};
// ---- end pricing ----

// ---- reports ----
// Owner sales report (crate kasir-reports; commands in src-tauri/src/commands/reports.rs).

export type {
  Dashboard,
  DateRange,
  ExportResult,
  HistoryPage,
  HistoryQuery,
  HistoryRow,
  Period,
  PeriodRequest,
  Preset,
  ProductSales,
  QrisReconciliation,
  ReconciliationQuery,
  SaleDetail,
};

export const reportsApi = {
  /** Every dashboard panel for a preset or a custom range (business dates, shop timezone). */
  getSalesDashboard: (req: PeriodRequest) => call<Dashboard>('get_sales_dashboard', { req }),
  resolveReportPeriod: (req: PeriodRequest) => call<Period>('resolve_report_period', { req }),
  getQrisReconciliation: (req: ReconciliationQuery) =>
    call<QrisReconciliation>('get_qris_reconciliation', { req }),
  listSalesHistory: (req: HistoryQuery) => call<HistoryPage>('list_sales_history', { req }),
  getSaleDetail: (orderId: number) => call<SaleDetail>('get_sale_detail', { orderId }),
  /** Writes the whole period as CSV into the Downloads folder; returns the path and counts. */
  exportSalesCsv: (req: DateRange) => call<ExportResult>('export_sales_csv', { req }),
  /** Same rows as the CSV as an Excel workbook (sheets "Penjualan" and "Ringkasan") in Downloads. */
  exportXlsx: (req: DateRange) => call<ExportResult>('export_sales_xlsx', { req }),
  /** Laba & Pajak: omzet, HPP, gross profit by product and category, tax per month, QRIS MDR. */
  getProfitReport: (req: PeriodRequest) => call<ProfitReport>('get_profit_report', { req }),
};
// ---- end reports ----

// ---- printing ----
// Receipts (crate kasir-receipts; commands in src-tauri/src/commands/printing.rs).

export type {
  DetectedPrinter,
  PreviewRequest,
  PrintJob,
  PrinterSettings,
  ReceiptPreview,
  TestPrintResult,
};

export const printingApi = {
  getPrinterSettings: () => call<PrinterSettings>('get_printer_settings'),
  savePrinterSettings: (settings: PrinterSettings) =>
    call<PrinterSettings>('save_printer_settings', { settings }),
  listUsbPrinters: () => call<DetectedPrinter[]>('list_usb_printers'),
  /** Prints a test page with the given (possibly unsaved) settings; rejects with the real error. */
  testPrint: (settings: PrinterSettings) => call<TestPrintResult>('test_print', { settings }),
  /** The receipt decoded from the exact bytes the printer would get (latest paid order or a sample). */
  previewReceipt: (req: PreviewRequest) => call<ReceiptPreview>('preview_receipt', { req }),
  listUnprintedReceipts: () => call<PrintJob[]>('list_unprinted_receipts'),
  /** "Cetak Ulang": failed receipts go back to the printer. */
  retryFailedPrints: () => call<PrintJob[]>('retry_failed_prints'),
  /** Reprint a paid order's receipt, marked "SALINAN". */
  reprintReceipt: (orderId: number) => call<PrintJob>('reprint_receipt', { orderId }),
  dismissPrintJob: (jobId: number) => call<PrintJob>('dismiss_print_job', { jobId }),
};

// ---- end printing ----

// ---- kitchen (issue 14) ----
// "Printer Dapur & Bar": kitchen/bar printers, which category prints where, "Tes Cetak"
// (kasir-core kitchen.rs, kasir-receipts kitchen.rs; commands in src-tauri/src/commands/kitchen.rs).
// Their tickets go through the print queue: a failed one is in `listUnprintedReceipts`.

export type { CategoryRoute, CategoryRouteInput, PrepPrinter, PrepPrinterInput };

export const kitchenApi = {
  /** The kitchen and bar printers in use, by name. */
  listPrepPrinters: () => call<PrepPrinter[]>('list_prep_printers'),
  /** Add (`id: null`) or edit; a bad connection or a taken name rejects with kind `validation`. */
  savePrepPrinter: (printer: PrepPrinterInput) => call<PrepPrinter>('save_prep_printer', { printer }),
  /** No new tickets for it; its categories print nowhere until routed again. */
  removePrepPrinter: (printerId: number) => call<null>('remove_prep_printer', { printerId }),
  /** Every category with the printer its lines go to (`prepPrinterId` null: not printed). */
  listCategoryRoutes: () => call<CategoryRoute[]>('list_category_routes'),
  /** The routing table in one transaction; returns it as stored. */
  saveCategoryRoutes: (routes: CategoryRouteInput[]) =>
    call<CategoryRoute[]>('save_category_routes', { routes }),
  /** The test page on this printer as the form stands (saved or not); rejects with the real error. */
  testPrintPrepPrinter: (printer: PrepPrinterInput) =>
    call<TestPrintResult>('test_print_prep_printer', { printer }),
};
// ---- end kitchen ----

// ---- products ----
// Product management, "Barang" (kasir-core products.rs; commands in src-tauri/src/commands/products.rs).

export type {
  CategoryInput,
  CategoryRow,
  DemoRemoval,
  ProductInput,
  ProductQuery,
  ProductRow,
  StockAdjustment,
  StockMovement,
  StockMovementKind,
};

export const productsApi = {
  /** Every product matching the filter, inactive ones too when asked, with its category name. */
  listProducts: (req: ProductQuery) => call<ProductRow[]>('list_products', { req }),
  /** Create (`id: null`) or update; a duplicate SKU/barcode rejects with kind `validation`. */
  saveProduct: (req: ProductInput) => call<ProductRow>('save_product', { req }),
  /** Add (delta > 0) or take (delta < 0) stock with a reason; never below 0. */
  adjustStock: (req: StockAdjustment) => call<ProductRow>('adjust_stock', { req }),
  /** The product's last 50 stock movements, newest first; sales carry their order number. */
  listStockMovements: (productId: number) =>
    call<StockMovement[]>('list_stock_movements', { productId }),
  listCategories: () => call<CategoryRow[]>('list_categories'),
  /** Create (`id: null`) or rename a category. */
  saveCategory: (req: CategoryInput) => call<CategoryRow>('save_category', { req }),
  /** Only an empty category can go; otherwise kind `validation`. */
  deleteCategory: (categoryId: number) => call<null>('delete_category', { categoryId }),
  /** Deletes the demo products and categories for good (past sales keep their lines). */
  removeDemoCatalog: () => call<DemoRemoval>('remove_demo_catalog'),
};
// ---- end products ----

// ---- catalogue (issue 13) ----
// Photos, in-store barcodes, bulk import/export, low stock (kasir-core photos.rs, barcodes.rs,
// import.rs; commands in src-tauri/src/commands/products.rs), labels (commands/labels.rs) and the
// digital receipt (commands/printing.rs). File pickers are the dialog plugin's `open`, here only.

/** The label target and settings as "Cetak Label" reads them (Pengaturan → Label's form). */
type LabelPrintTarget = LabelTarget;
type LabelPrintSettings = LabelSettings;

export type {
  ImportPreview,
  ImportResult,
  ImportRowPreview,
  ImportRowStatus,
  ImportField,
  ImportColumn,
  ProductExport,
  ProductFileFormat,
  LabelPrintItem,
  LabelPrintTarget,
  LabelPrintSettings,
  LabelPrintResult,
  SavedReceipt,
  DigitalReceiptFormat,
};

const IMAGE_FILTER = { name: 'Gambar (PNG, JPG)', extensions: ['png', 'jpg', 'jpeg'] };

/** Each file picker: its title and the files it offers. */
const PICKERS = {
  image: { title: 'Pilih foto barang', filters: [IMAGE_FILTER] },
  logo: { title: 'Pilih logo struk', filters: [IMAGE_FILTER] },
  import: {
    title: 'Pilih daftar barang',
    filters: [{ name: 'Daftar barang (CSV, Excel)', extensions: ['csv', 'xlsx'] }],
  },
} as const;

export type PickerKind = keyof typeof PICKERS;

/**
 * The system "open file" dialog for one file of `kind`; null when the owner cancels. The path
 * goes to Rust as is (Rust reads and checks the file: type and size; the window never does).
 */
export async function pickFile(kind: PickerKind): Promise<string | null> {
  try {
    const picker = PICKERS[kind];
    const picked = await openDialog({
      title: picker.title,
      multiple: false,
      directory: false,
      filters: picker.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
    });
    return typeof picked === 'string' ? picked : null;
  } catch (error) {
    throw toAppError(error);
  }
}

/** The URL of a product photo (`Product.photo`, a file name) served by the app's `kasirfoto` scheme. */
export function photoUrl(name: string): string {
  return convertFileSrc(name, 'kasirfoto');
}

export const catalogApi = {
  /** A free EAN-13 in the in-store range (prefix 20–29) with its check digit; nothing stored. */
  generateBarcode: () => call<string>('generate_barcode'),
  /** Copy the picked image into the app's photos as a thumbnail; a non-image is refused (validation). */
  setProductPhoto: (productId: number, path: string) =>
    call<ProductRow>('set_product_photo', { productId, path }),
  removeProductPhoto: (productId: number) => call<ProductRow>('remove_product_photo', { productId }),
  /** Reads the CSV/XLSX and says what an import would do; nothing is written. */
  previewProductImport: (path: string) => call<ImportPreview>('preview_product_import', { path }),
  /** All or nothing, in one transaction; refused when the file changed since the preview. */
  commitProductImport: (path: string, fileHash: string) =>
    call<ImportResult>('commit_product_import', { path, fileHash }),
  /** Every product as CSV or Excel into Downloads. */
  exportProducts: (format: ProductFileFormat) => call<ProductExport>('export_products', { format }),
  /** Active products at or under their threshold ("Stok Menipis"), lowest first. */
  listLowStock: () => call<ProductRow[]>('list_low_stock'),
  getLabelSettings: () => call<LabelPrintSettings>('get_label_settings'),
  /** Receipt printer (ESC/POS), label printer (TSPL) or an A4 PDF opened in the system viewer. */
  printLabels: (items: LabelPrintItem[], target: LabelPrintTarget) =>
    call<LabelPrintResult>('print_labels', { items, target }),
  /** The receipt as the printer prints it, as PNG or PDF in Downloads (to send by WhatsApp). */
  saveDigitalReceipt: (orderId: number, format: DigitalReceiptFormat) =>
    call<SavedReceipt>('save_digital_receipt', { orderId, format }),
};
// ---- end catalogue ----

// ---- auth ----
// Sign-in with PIN, lock, owner override, users, till settings (kasir-core auth.rs; commands in
// src-tauri/src/commands/auth.rs). Every other command is refused until someone is signed in.

export type {
  AuthStatus,
  FirstRunSetup,
  NewUser,
  Operator,
  Permission,
  Role,
  SessionInfo,
  TillSettings,
  User,
  UserUpdate,
};

export const authApi = {
  /** First run, the session (and whether the screen is locked), the PIN pad's users. Public. */
  getAuthStatus: () => call<AuthStatus>('get_auth_status'),
  /** Only while `needsSetup`: shop name and the owner; signs the owner in. */
  setupFirstRun: (setup: FirstRunSetup) => call<SessionInfo>('setup_first_run', { setup }),
  /** Sign in, unlock, or switch cashier: whoever's PIN it is becomes the operator. */
  signIn: (userId: number, pin: string) => call<SessionInfo>('sign_in', { req: { userId, pin } }),
  signOut: () => call<null>('sign_out'),
  /** "Kunci" (`idle: false`) or the idle timer (`idle: true`). */
  lockScreen: (idle: boolean) => call<null>('lock_screen', { idle }),
  /**
   * "Perlu PIN pemilik": the owner's PIN allows `command` once (120 s); the caller then retries
   * that same command. `ownerId` null: the only active owner.
   */
  grantOwnerOverride: (ownerId: number | null, pin: string, command: Command) =>
    call<Operator>('grant_owner_override', { req: { ownerId, pin, command } }),
  listUsers: () => call<User[]>('list_users'),
  addUser: (user: NewUser) => call<User>('add_user', { user }),
  updateUser: (update: UserUpdate) => call<User>('update_user', { update }),
  getTillSettings: () => call<TillSettings>('get_till_settings'),
  saveTillSettings: (settings: TillSettings) =>
    call<TillSettings>('save_till_settings', { settings }),
};
// ---- end auth ----

// ---- shifts ----
// Buka/tutup kasir, kas masuk/keluar, past closes, the audit trail (kasir-core shifts.rs and
// audit.rs; commands in src-tauri/src/commands/shifts.rs).

export type {
  AuditAction,
  AuditEntry,
  AuditExport,
  AuditQuery,
  CashMovement,
  CashMovementInput,
  CashMovementKind,
  CloseShiftInput,
  CountedCash,
  DenominationCount,
  Shift,
  ShiftNote,
  ShiftQuery,
  ShiftReport,
};

export const shiftsApi = {
  /** The open shift on this till with its running figures; null: "Buka Kasir". */
  getCurrentShift: () => call<ShiftReport | null>('get_current_shift'),
  openShift: (openingCash: number) => call<Shift>('open_shift', { openingCash }),
  /** Kas masuk / kas keluar (opens the drawer, prints a slip). */
  recordCashMovement: (movement: CashMovementInput) =>
    call<CashMovement>('record_cash_movement', { movement }),
  /** Tutup kasir: counted cash against expected, per method; printed and kept. */
  closeShift: (req: CloseShiftInput) => call<ShiftReport>('close_shift', { req }),
  listShifts: (query: ShiftQuery) => call<Shift[]>('list_shifts', { query }),
  getShiftReport: (shiftId: number) => call<ShiftReport>('get_shift_report', { shiftId }),
  reprintShiftClose: (shiftId: number) => call<PrintJob>('reprint_shift_close', { shiftId }),
  listAudit: (query: AuditQuery) => call<AuditEntry[]>('list_audit', { query }),
  /** The filtered trail as CSV in Downloads; returns the path and the row count. */
  exportAuditCsv: (query: AuditQuery) => call<AuditExport>('export_audit_csv', { query }),
};
// ---- end shifts ----

// ---- refunds ----
// Taking a sale back: refunds of paid orders (cash from the drawer, QRIS through the gateway) and
// voids of unpaid ones (kasir-core refunds.rs; commands in src-tauri/src/commands/refunds.rs).
// Every amount is computed in Rust (`planRefund` before, `refundOrder` when it is done).

export type {
  PaymentMethod,
  Refund,
  RefundInput,
  RefundLine,
  RefundLineInput,
  RefundPlan,
  RefundStatus,
  Refundable,
  RefundableLine,
};

export const refundsApi = {
  /** A paid order's lines with what was already returned, and its refund chain. */
  getRefundable: (orderId: number) => call<Refundable>('get_refundable', { orderId }),
  /** What this refund would give back (nothing written). */
  planRefund: (req: RefundInput) => call<RefundPlan>('plan_refund', { req }),
  /** Cash: done at once from the drawer. QRIS: asked of the gateway (succeeded, pending or failed). */
  refundOrder: (req: RefundInput) => call<Refund>('refund_order', { req }),
  /** Void an unpaid order (awaiting payment, or a QR set aside); its live QR is cancelled first. */
  voidOrder: (orderId: number, reason: string) =>
    call<Order>('void_order', { req: { orderId, reason } }),
};
// ---- end refunds ----

// ---- backups ----
// Backups and restore of the database (kasir-core backup.rs; commands in
// src-tauri/src/commands/backups.rs).

export type { BackupInfo, BackupRecord, BackupSettings, BackupStatus, BackupTrigger, Restored };

export const backupsApi = {
  /** Settings, the recent backups, and whether the last one failed (the header badge). */
  getBackupStatus: () => call<BackupStatus>('get_backup_status'),
  saveBackupSettings: (settings: BackupSettings) =>
    call<BackupSettings>('save_backup_settings', { settings }),
  /** "Cadangkan sekarang": a verified backup into the folder (kept: the last N). */
  backupNow: () => call<BackupRecord>('backup_now'),
  /** What a backup file holds (shop, orders, last order), verified; nothing changes. */
  inspectBackup: (path: string) => call<BackupInfo>('inspect_backup', { path }),
  /** Safety copy of the current database first, then the swap; everyone signs in again. */
  restoreBackup: (path: string) => call<Restored>('restore_backup', { path }),
};
// ---- end backups ----

// ---- receipt & label settings (issue 13: Pengaturan → Printer, Label, Toko) ----
// Serial/Bluetooth ports, the receipt logo, label-printer settings and the catalogue's photo
// switch (commands in src-tauri/src/commands/printing.rs, labels.rs, products.rs), and the
// file picker (Tauri dialog plugin, open only).

export type { CatalogSettings, LabelSettings, LabelSheet, LabelTarget, ReceiptLogo, SerialPortInfo };

export const receiptSettingsApi = {
  /** Serial ports the system knows (USB-serial, Bluetooth `rfcomm`/COM), with a description. */
  listSerialPorts: () => call<SerialPortInfo[]>('list_serial_ports'),
  /** Reads the image at `path`, dithers it to 1-bit at the paper's width and stores it. */
  setReceiptLogo: (path: string) => call<ReceiptLogo>('set_receipt_logo', { path }),
  /** The stored logo as it prints (1-bit PNG data URL and its size in printer dots), or null. */
  getReceiptLogo: () => call<ReceiptLogo | null>('get_receipt_logo'),
  removeReceiptLogo: () => call<null>('remove_receipt_logo'),
  /** A label size the printer cannot take rejects with kind `validation` and Rust's message. */
  saveLabelSettings: (settings: LabelSettings) =>
    call<LabelSettings>('save_label_settings', { settings }),
  /** "Tampilkan foto barang di kasir"; the current value comes with `getCatalog` (`showPhotos`). */
  saveCatalogSettings: (settings: CatalogSettings) =>
    call<CatalogSettings>('save_catalog_settings', { settings }),
};
// ---- end receipt & label settings ----

// ---- customer display ("Layar Pelanggan") ----
// Its view is computed in Rust (kasir-core display.rs); its window is made by Rust
// (src-tauri/src/customer_window.rs) with the label `customer`, loading this same frontend.

export type {
  CustomerDisplaySettings,
  CustomerDisplayView,
  CustomerDisplayWindow,
  DisplayAmount,
  DisplayCart,
  DisplayLine,
  DisplayMonitor,
  DisplayWindowSettings,
};

/** The label of the customer display's window (the till's is `main`). */
export const CUSTOMER_DISPLAY_LABEL = 'customer';

/** This window's label; `main` outside Tauri (a plain browser). */
export function currentWindowLabel(): string {
  try {
    return getCurrentWindow().label;
  } catch {
    return 'main';
  }
}

export const displayApi = {
  /** What the display shows now (public: idle while nobody is signed in or the till is locked). */
  getCustomerDisplay: () => call<CustomerDisplayView>('get_customer_display'),
  /** The shop's logo (the receipt logo as a PNG data URL), or null. */
  getCustomerDisplayLogo: () => call<string | null>('get_customer_display_logo'),
  /** "This is the cart on the till now": priced in Rust like `priceCart`; no lines clears it. */
  showCartOnDisplay: (lines: CartLineInput[], cart?: CartOptions) =>
    call<null>('show_cart_on_display', { req: cart ? { lines, cart } : { lines } }),
  /** This till's display window: saved settings, open now or not, the monitors. */
  getCustomerDisplayWindow: () => call<CustomerDisplayWindow>('get_customer_display_window'),
  /** Open (or move) the display; `open` in `settings` is ignored (opening means open). */
  openCustomerDisplay: (settings: DisplayWindowSettings) =>
    call<CustomerDisplayWindow>('open_customer_display', { settings }),
  closeCustomerDisplay: () => call<CustomerDisplayWindow>('close_customer_display'),
  getCustomerDisplaySettings: () => call<CustomerDisplaySettings>('get_customer_display_settings'),
  saveCustomerDisplaySettings: (settings: CustomerDisplaySettings) =>
    call<CustomerDisplaySettings>('save_customer_display_settings', { settings }),
};
// ---- end customer display ----
// ---- counter flows (issue 14) ----
// Product options (variants and modifiers), held carts ("Tahan transaksi") and open bills
// ("Tagihan") (kasir-core options.rs, held.rs, bills.rs; commands in
// src-tauri/src/commands/counter.rs). Every amount is priced in Rust: a bill's lines and totals
// come with it (`Bill.lines[].lineTotal`, `Bill.priced`); paying one sends only its id.

export type {
  AddToBillRequest,
  Bill,
  BillLine,
  BillStatus,
  ChosenOption,
  HeldCart,
  HoldCartRequest,
  OpenBillsAtClose,
  OptionGroup,
  OptionGroupInput,
  OrderTender,
  PartPlan,
  PricedLine,
  ProductOption,
  ProductOptionInput,
};

export const counterApi = {
  /** A product's option groups as Barang's form edits them. */
  getProductOptions: (productId: number) =>
    call<OptionGroup[]>('get_product_options', { productId }),
  /** The whole form: groups/options without id are new, those not sent are removed. */
  saveProductOptions: (productId: number, groups: OptionGroupInput[]) =>
    call<OptionGroup[]>('save_product_options', { productId, groups }),
  /** "Tahan": park the cart (priced in Rust for the list) on this till. */
  holdCart: (req: HoldCartRequest) => call<HeldCart>('hold_cart', { req }),
  listHeldCarts: () => call<HeldCart[]>('list_held_carts'),
  /** "Lanjutkan": the held cart leaves the list; its lines and cart go back on the checkout. */
  resumeHeldCart: (id: number) => call<HeldCart>('resume_held_cart', { id }),
  /** "Tagihan Baru": a table or a name; one open bill per name. */
  openBill: (name: string) => call<Bill>('open_bill', { name }),
  listOpenBills: () => call<Bill[]>('list_open_bills'),
  getBill: (billId: number) => call<Bill>('get_bill', { billId }),
  addToBill: (req: AddToBillRequest) => call<Bill>('add_to_bill', { req }),
  /** Only a line not sent to the kitchen yet. */
  removeBillLine: (billId: number, lineId: number) =>
    call<Bill>('remove_bill_line', { billId, lineId }),
  /** "Kirim ke Dapur": the unsent lines become the next batch; kitchen tickets print. */
  sendBill: (billId: number) => call<Bill>('send_bill', { billId }),
  /** "Cetak Bill": BILL – belum lunas on the receipt printer. */
  printBill: (billId: number) => call<PrintJob>('print_bill', { billId }),
  /** Paid in cash (unsent lines are sent first); the amount is the bill's, priced in Rust. */
  payBillCash: (billId: number, tendered: number, cart?: CartOptions) =>
    call<Order>('pay_bill_cash', { req: cart ? { billId, cart, tendered } : { billId, tendered } }),
  /** The bill's QR (same flow as `startQris` afterwards); the bill takes no lines meanwhile. */
  startBillQris: (billId: number, cart?: CartOptions) =>
    call<QrPayment>('start_bill_qris', { req: cart ? { billId, cart } : { billId } }),
  /** Needs the Refund permission: a cashier gets `owner_pin_required`. */
  voidBill: (billId: number, reason: string) => call<Bill>('void_bill', { billId, reason }),

  // Split payment (kasir-core tenders.rs): the order is stored at its non-cash total, then paid
  // in parts; every part's amount is computed in Rust from the stored order.
  /** "Bayar Terpisah" for the cart: an order awaiting its parts, nothing charged yet. */
  startSplit: (lines: CartLineInput[], cart?: CartOptions) =>
    call<Order>('start_split', { req: cart ? { lines, cart } : { lines } }),
  startBillSplit: (billId: number, cart?: CartOptions) =>
    call<Order>('start_bill_split', { req: cart ? { billId, cart } : { billId } }),
  /** A cash part: by `plan` (computed in Rust), or `amount` as the cashier typed it. */
  payPartCash: (orderId: number, part: { plan: PartPlan } | { amount: number }, tendered: number) =>
    call<Order>('pay_part_cash', { req: { orderId, ...part, tendered } }),
  /** What the next part by `plan` comes to (Rust computes it from what is due). */
  getPartAmount: (orderId: number, plan: PartPlan) =>
    call<number>('get_part_amount', { orderId, plan }),
  /** The QR for the next part by `plan` (same flow as `startQris` afterwards). */
  generatePartQr: (orderId: number, plan: PartPlan) =>
    call<QrPayment>('generate_part_qr', { orderId, plan }),
  /** Only while nothing is paid; with parts taken the order is voided with a reason. */
  cancelSplit: (orderId: number) => call<Order>('cancel_split', { orderId }),
  /** A quick sale left mid-split on this till (after a restart): its order id, or null. */
  getPendingSplit: () => call<number | null>('get_pending_split'),
};
// ---- end counter flows ----
