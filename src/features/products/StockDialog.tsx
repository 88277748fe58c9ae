/**
 * "Sesuaikan stok": add or take stock with a reason; Rust refuses going below 0. Below the form,
 * the product's stock history ("Riwayat stok").
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import type { ProductRow } from '../../lib/ipc';
import { StockHistory } from './StockHistory';
import { useAdjustStock } from './api';

const REASONS = ['Barang masuk', 'Stok opname', 'Rusak', 'Kedaluwarsa', 'Hilang'];

interface StockDialogProps {
  product: ProductRow;
  onClose: () => void;
  onSaved: (row: ProductRow) => void;
}

export function StockDialog({ product, onClose, onSaved }: StockDialogProps) {
  const [direction, setDirection] = useState<'in' | 'out'>('in');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState(REASONS[0]);
  const adjust = useAdjustStock();
  useEscape(onClose, { enabled: !adjust.isPending });
  const qty = Number.parseInt(amount || '0', 10);
  const delta = direction === 'in' ? qty : -qty;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (qty <= 0) return;
    adjust.mutate({ productId: product.id, delta, reason }, { onSuccess: onSaved });
  };

  const choice = (value: 'in' | 'out', label: string) => (
    <button
      type="button"
      data-testid={`stock-${value}`}
      aria-pressed={direction === value}
      onClick={() => setDirection(value)}
      className={`flex-1 rounded-lg px-3 py-2 text-sm font-semibold ring-1 ${
        direction === value
          ? 'bg-brand-700 text-white ring-brand-700'
          : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
      }`}
    >
      {label}
    </button>
  );

  return (
    <Modal
      title={`Sesuaikan Stok · ${product.name}`}
      testId="stock-dialog"
      onClose={onClose}
      width="max-w-2xl"
    >
      <form className="space-y-4" onSubmit={submit} noValidate>
        <p className="text-sm text-slate-600">
          Stok sekarang: <strong data-testid="stock-current">{product.stock}</strong>
          {qty > 0 && (
            <>
              {' '}
              → <strong data-testid="stock-next">{product.stock + delta}</strong>
            </>
          )}
        </p>
        <div className="flex gap-2">
          {choice('in', '+ Tambah')}
          {choice('out', '− Kurangi')}
        </div>
        <Field label="Jumlah" error={adjust.error?.message} errorTestId="stock-error">
          <input
            data-testid="stock-amount"
            className={inputClass}
            inputMode="numeric"
            autoFocus
            value={amount}
            onChange={(e) => setAmount(e.target.value.replace(/[^0-9]/g, '').slice(0, 9))}
          />
        </Field>
        <Field label="Alasan">
          <input
            data-testid="stock-reason"
            className={inputClass}
            list="stock-reasons"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <datalist id="stock-reasons">
            {REASONS.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose}>
            Batal
          </Button>
          <Button type="submit" size="sm" testId="stock-save" disabled={qty <= 0 || adjust.isPending}>
            Simpan stok
          </Button>
        </div>
      </form>
      <div className="mt-5">
        <StockHistory productId={product.id} />
      </div>
    </Modal>
  );
}
