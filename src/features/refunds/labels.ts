/** How a refund's money goes back, in words (no arithmetic: amounts come from Rust). */
import type { PaymentMethod, Refund, RefundStatus } from '../../lib/ipc';

/**
 * `method` is how this refund pays (the plan's or the refund's), `sale` how the order was paid:
 * cash for a QRIS sale is "kembalikan tunai".
 */
export function refundMethodLabel(method: PaymentMethod, sale: PaymentMethod): string {
  if (method === 'qris') return 'QRIS ke aplikasi pembayar';
  return sale === 'qris' ? 'Tunai dari laci (pengganti QRIS)' : 'Tunai dari laci';
}

/** Short form for the chain: "Tunai", "QRIS", "Tunai (pengganti QRIS gagal)". */
export function chainMethodLabel(refund: Refund): string {
  if (refund.method === 'qris') return 'QRIS';
  return refund.replacesRefundId !== null ? 'Tunai (pengganti QRIS gagal)' : 'Tunai';
}

export const STATUS_TONE: Record<RefundStatus, string> = {
  succeeded: 'bg-emerald-100 text-emerald-800',
  pending: 'bg-amber-100 text-amber-900',
  failed: 'bg-red-100 text-red-800',
};
