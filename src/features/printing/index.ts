/** Public surface of the printing feature. */
export { PrintStatusBadge, type PrintStatusBadgeProps } from './PrintStatusBadge';
export { useReprintReceipt, useRetryFailedPrints, useUnprintedReceipts } from './api';
