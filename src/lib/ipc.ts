/**
 * The only module that talks to the Rust backend. Every command is typed with the structs
 * generated from Rust (src/bindings, by ts-rs); errors always arrive as `AppError`
 * with a stable `kind` and an Indonesian `message`.
 */
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type { CartLineInput } from '../bindings/CartLineInput';
import type { Catalog } from '../bindings/Catalog';
import type { IpcError } from '../bindings/IpcError';
import type { Order } from '../bindings/Order';
import type { PaymentMode } from '../bindings/PaymentMode';
import type { PaymentState } from '../bindings/PaymentState';
import type { QrPayment } from '../bindings/QrPayment';
import type { AttemptStatus } from '../bindings/AttemptStatus';
import type { DemoIssuer } from '../bindings/DemoIssuer';
import type { PayCashRequest } from '../bindings/PayCashRequest';
import type { PricedCart } from '../bindings/PricedCart';
import type { Product } from '../bindings/Product';
import type { ShopProfile } from '../bindings/ShopProfile';

export type {
  AttemptStatus,
  DemoIssuer,
  PaymentMode,
  PaymentState,
  QrPayment,
  CartLineInput,
  Catalog,
  IpcError,
  Order,
  PayCashRequest,
  PricedCart,
  Product,
  ShopProfile,
};

export class AppError extends Error {
  readonly kind: string;

  constructor(kind: string, message: string) {
    super(message);
    this.kind = kind;
    this.name = 'AppError';
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Record<string, unknown>).kind === 'string' &&
    typeof (value as Record<string, unknown>).message === 'string'
  );
}

/** Normalise whatever a failed invoke threw into an AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isIpcError(error)) return new AppError(error.kind, error.message);
  return new AppError('internal', 'Terjadi kesalahan tak terduga. Coba lagi.');
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toAppError(error);
  }
}

export const api = {
  getCatalog: () => call<Catalog>('get_catalog'),
  priceCart: (lines: CartLineInput[]) => call<PricedCart>('price_cart', { req: { lines } }),
  lookupBarcode: (code: string) => call<Product>('lookup_barcode', { code }),
  payCash: (req: PayCashRequest) => call<Order>('pay_cash', { req }),
  getOrder: (orderId: number) => call<Order>('get_order', { orderId }),
  getShopProfile: () => call<ShopProfile>('get_shop_profile'),

  // ---- payment (QRIS) ----
  getPaymentMode: () => call<PaymentMode>('get_payment_mode'),
  /** Store the cart as an order awaiting payment and get its QR (amount computed in Rust). */
  startQris: (lines: CartLineInput[]) => call<QrPayment>('start_qris', { req: { lines } }),
  /** The QR for an existing order: its live attempt, or a new one ("Buat QR Baru"). */
  generatePaymentQr: (orderId: number) => call<QrPayment>('generate_payment_qr', { orderId }),
  checkPaymentStatus: (attemptId: string) =>
    call<PaymentState>('check_payment_status', { attemptId }),
  cancelPayment: (attemptId: string) => call<PaymentState>('cancel_payment', { attemptId }),
  /** Demo mode only: simulate the customer paying with `issuer` (e.g. "gopay"). */
  demoPay: (attemptId: string, issuer: string) =>
    call<PaymentState>('demo_pay', { req: { attemptId, issuer } }),
};

export const PAYMENT_EVENT = 'payment-updated';

/** Subscribe to payment changes pushed by the backend (paid, expired, cancelled, anomaly). */
export function onPaymentUpdated(handler: (state: PaymentState) => void): Promise<UnlistenFn> {
  return listen<PaymentState>(PAYMENT_EVENT, (event) => handler(event.payload));
}
