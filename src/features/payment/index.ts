/** Public surface of the QRIS payment feature. */
export { QrisModal, type QrisModalProps } from './QrisModal';
export { usePaymentMode } from './api';
