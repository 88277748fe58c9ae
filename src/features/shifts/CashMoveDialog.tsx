/**
 * Kas masuk / kas keluar during the shift, with a reason ("beli es batu"). Rust records it, opens
 * the drawer and prints a slip; it refuses a cash out larger than the drawer should hold.
 *
 * Test ids: cash-move-dialog, cash-move-kind-in, cash-move-kind-out, cash-move-amount,
 * cash-move-reason, cash-move-submit, cash-move-error.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, parseRupiah } from '../../lib/format';
import { toAppError, type CashMovement } from '../../lib/ipc';
import { useCashMovement } from './api';

type Kind = 'in' | 'out';

export function CashMoveDialog({ onClose, onDone }: { onClose: () => void; onDone: (m: CashMovement) => void }) {
  const [kind, setKind] = useState<Kind>('out');
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const move = useCashMovement();
  useEscape(onClose, { enabled: !move.isPending });
  const amount = parseRupiah(text);
  const valid = amount !== null && amount > 0 && reason.trim() !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || amount === null || move.isPending) return;
    move.mutate({ kind, amount, reason: reason.trim() }, { onSuccess: onDone });
  };

  const choice = (value: Kind, label: string) => (
    <button
      type="button"
      data-testid={`cash-move-kind-${value}`}
      aria-pressed={kind === value}
      onClick={() => setKind(value)}
      className={`flex-1 rounded-lg px-3 py-2 text-sm font-semibold ring-1 ${
        kind === value ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
      }`}
    >
      {label}
    </button>
  );

  return (
    <Modal title="Kas Masuk / Keluar" testId="cash-move-dialog" onClose={move.isPending ? undefined : onClose}>
      <form className="space-y-4" onSubmit={submit} noValidate>
        <div className="flex gap-2">
          {choice('in', '+ Kas masuk')}
          {choice('out', '− Kas keluar')}
        </div>
        <Field label="Nominal" hint={amount !== null ? formatRupiah(amount) : undefined}>
          <input
            data-testid="cash-move-amount"
            className={inputClass}
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={amount === null ? '' : amount.toLocaleString('id-ID')}
            onChange={(e) => setText(e.target.value)}
            placeholder="0"
          />
        </Field>
        <Field label="Alasan">
          <input
            data-testid="cash-move-reason"
            className={inputClass}
            value={reason}
            maxLength={120}
            onChange={(e) => setReason(e.target.value)}
            placeholder={kind === 'out' ? 'mis. beli es batu' : 'mis. tambah uang kembalian'}
          />
        </Field>
        {move.error && (
          <p role="alert" data-testid="cash-move-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {toAppError(move.error).message}
          </p>
        )}
        <p className="text-xs text-slate-500">Laci uang terbuka dan slip dicetak setelah disimpan.</p>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose} disabled={move.isPending}>
            Batal
          </Button>
          <Button type="submit" size="sm" testId="cash-move-submit" disabled={!valid || move.isPending}>
            {move.isPending ? 'Menyimpan…' : kind === 'in' ? 'Simpan kas masuk' : 'Simpan kas keluar'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
