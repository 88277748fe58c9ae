/**
 * Void an unpaid order (awaiting payment, or a QR set aside) with a reason. Rust cancels its live
 * QR at the gateway first; if the gateway says it was paid after all, the order becomes paid and
 * the void is refused with that message.
 *
 * Test ids: void-dialog, void-reason, void-submit, void-error.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { toAppError, type Order } from '../../lib/ipc';
import { useVoidOrder } from './api';

export function VoidDialog({
  orderId,
  orderNumber,
  onClose,
  onDone,
}: {
  orderId: number;
  orderNumber: string;
  onClose: () => void;
  onDone: (order: Order) => void;
}) {
  const [reason, setReason] = useState('');
  const voidOrder = useVoidOrder();
  useEscape(onClose, { enabled: !voidOrder.isPending });
  const valid = reason.trim() !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || voidOrder.isPending) return;
    voidOrder.mutate({ orderId, reason: reason.trim() }, { onSuccess: onDone });
  };

  return (
    <Modal
      title={`Batalkan ${orderNumber}`}
      testId="void-dialog"
      onClose={voidOrder.isPending ? undefined : onClose}
    >
      <form className="space-y-4" onSubmit={submit} noValidate>
        <p className="text-sm text-slate-600">
          Pesanan ini belum dibayar. QR yang masih aktif dibatalkan di gateway lebih dulu.
        </p>
        <Field label="Alasan (wajib)">
          <input
            data-testid="void-reason"
            className={inputClass}
            value={reason}
            maxLength={200}
            autoFocus
            placeholder="mis. pembeli tidak jadi"
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        {voidOrder.error && (
          <p role="alert" data-testid="void-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {toAppError(voidOrder.error).message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose} disabled={voidOrder.isPending}>
            Kembali
          </Button>
          <Button type="submit" variant="danger" size="sm" testId="void-submit" disabled={!valid || voidOrder.isPending}>
            {voidOrder.isPending ? 'Membatalkan…' : 'Batalkan pesanan'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
