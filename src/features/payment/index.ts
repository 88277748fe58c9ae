/** Public surface of the QRIS payment feature. */
export { QrisModal, type QrisModalProps } from './QrisModal';
export type { QrisCharge } from './useQrisPayment';
export { usePaymentMode, useStartQris } from './api';
