/**
 * The cashier's discount on one line or on the whole cart: a percentage or a rupiah amount. Only
 * what was typed is sent; Rust checks it (above 100 %, above the line) and computes the rupiah.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { bpsToPercent, parseRupiah, percentToBps } from '../../lib/format';
import type { DiscountValue } from '../../lib/ipc';

interface DiscountDialogProps {
  title: string;
  current: DiscountValue | undefined;
  onApply: (discount: DiscountValue | null) => void;
  onClose: () => void;
}

type Kind = DiscountValue['type'];

export function DiscountDialog({ title, current, onApply, onClose }: DiscountDialogProps) {
  const [kind, setKind] = useState<Kind>(current?.type ?? 'percent');
  const [text, setText] = useState(
    current === undefined ? '' : current.type === 'percent' ? bpsToPercent(current.bps) : String(current.rupiah),
  );
  const [error, setError] = useState<string | null>(null);
  useEscape(onClose);

  const apply = () => {
    if (text.trim() === '') {
      onApply(null);
      return;
    }
    if (kind === 'percent') {
      const bps = percentToBps(text);
      if (bps === null) {
        setError('Persen diskon harus angka 0–100 (mis. 10 atau 12,5).');
        return;
      }
      onApply(bps === 0 ? null : { type: 'percent', bps });
    } else {
      const rupiah = parseRupiah(text);
      if (rupiah === null) {
        setError('Diskon rupiah harus angka (mis. 5000).');
        return;
      }
      onApply(rupiah === 0 ? null : { type: 'amount', rupiah });
    }
  };

  const kindButton = (k: Kind, label: string) => (
    <button
      type="button"
      data-testid={`discount-kind-${k}`}
      aria-pressed={kind === k}
      onClick={() => {
        setKind(k);
        setError(null);
      }}
      className={`flex-1 rounded-lg px-3 py-2 text-sm font-semibold ring-1 ${
        kind === k ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
      }`}
    >
      {label}
    </button>
  );

  return (
    <Modal title={title} testId="discount-dialog" onClose={onClose} width="max-w-sm">
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <div className="flex gap-2" role="group" aria-label="Jenis diskon">
          {kindButton('percent', 'Persen (%)')}
          {kindButton('amount', 'Rupiah (Rp)')}
        </div>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">
            {kind === 'percent' ? 'Diskon (%)' : 'Diskon (Rp)'}
          </span>
          <input
            data-testid="discount-value"
            className={inputClass}
            inputMode="decimal"
            autoFocus
            autoComplete="off"
            placeholder={kind === 'percent' ? '10' : '5000'}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
          />
        </label>
        <p className="text-xs text-slate-500">
          Kosongkan lalu Terapkan untuk menghapus diskon. Diskon di atas batas kasir perlu PIN pemilik saat bayar.
        </p>
        {error && (
          <p role="alert" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          {current !== undefined && (
            <Button variant="secondary" size="sm" testId="discount-remove" onClick={() => onApply(null)}>
              Hapus diskon
            </Button>
          )}
          <Button type="submit" size="sm" testId="discount-apply">
            Terapkan
          </Button>
        </div>
      </form>
    </Modal>
  );
}
