/**
 * The only module that talks to the Rust backend. Every command is typed with the structs
 * generated from Rust (src/bindings, by ts-rs); errors always arrive as `AppError`
 * with a stable `kind` and an Indonesian `message`.
 */
import { invoke } from '@tauri-apps/api/core';
import type { CartLineInput } from '../bindings/CartLineInput';
import type { Catalog } from '../bindings/Catalog';
import type { IpcError } from '../bindings/IpcError';
import type { Order } from '../bindings/Order';
import type { PayCashRequest } from '../bindings/PayCashRequest';
import type { PricedCart } from '../bindings/PricedCart';
import type { Product } from '../bindings/Product';
import type { ShopProfile } from '../bindings/ShopProfile';

export type {
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
};
