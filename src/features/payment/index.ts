/** Public surface of the QRIS payment feature. */
export { QrisModal, type QrisModalProps } from './QrisModal';
export type { QrisCharge } from './useQrisPayment';
export { paymentModeQuery, usePaymentMode, useStartQris } from './api';
