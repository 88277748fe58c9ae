/**
 * Dynamic QRIS checkout: `useQrisPayment` runs the payment (charge once, poll, pushed attempt
 * states, countdown, cancel), `QrisView` shows it.
 */
import { QrisView } from './QrisView';
import { useQrisPayment, type QrisPaymentOptions } from './useQrisPayment';

export type QrisModalProps = QrisPaymentOptions;

export function QrisModal(props: QrisModalProps) {
  const q = useQrisPayment(props);
  return <QrisView q={q} mode={props.mode} />;
}
