/** Public surface of the refunds feature: the refund and void dialogs and the refund chain. */
export { RefundDialog } from './RefundDialog';
export { VoidDialog } from './VoidDialog';
export { RefundChain } from './RefundChain';
export { useRefundable } from './api';
