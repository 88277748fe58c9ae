/**
 * Dynamic QRIS checkout: `useQrisPayment` runs the payment (charge once, poll, pushed attempt
 * states, countdown, cancel), `QrisView` shows it.
 */
import { QrisView } from './QrisView';
import { useQrisPayment, type QrisPaymentOptions } from './useQrisPayment';

export type QrisModalProps = QrisPaymentOptions & {
  /** The QR is one part of a split order: paid means "this part", not Lunas. */
  partial?: boolean;
};

export function QrisModal({ partial = false, ...props }: QrisModalProps) {
  const q = useQrisPayment(props);
  return <QrisView q={q} mode={props.mode} partial={partial} />;
}
