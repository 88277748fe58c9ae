import { useEffect, useRef, useState } from 'react';
import { Modal } from '../../components/Modal';
import { formatRupiah, parseRupiah } from '../../lib/format';

interface CashDialogProps {
  total: number;
  pending: boolean;
  error: string | null;
  onConfirm: (tendered: number) => void;
  onClose: () => void;
}

const QUICK = [20_000, 50_000, 100_000];

export function CashDialog({ total, pending, error, onConfirm, onClose }: CashDialogProps) {
  const [text, setText] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const tendered = parseRupiah(text);
  const enough = tendered !== null && tendered >= total;
  // Display only: the stored change is computed by Rust from the stored total.
  const change = tendered !== null ? tendered - total : null;

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const confirm = () => {
    if (enough && tendered !== null && !pending) onConfirm(tendered);
  };

  return (
    <Modal title="Pembayaran Tunai" testId="cash-dialog" onClose={pending ? undefined : onClose}>
      <div className="space-y-5">
        <div className="rounded-xl bg-slate-50 px-4 py-3 text-center">
          <p className="text-sm text-slate-500">Total belanja</p>
          <p className="text-4xl font-extrabold tabular-nums" data-testid="cash-total">
            {formatRupiah(total)}
          </p>
        </div>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Uang diterima</span>
          <div className="mt-1 flex items-center rounded-xl border border-slate-300 px-4 focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-200">
            <span className="text-lg text-slate-400">Rp</span>
            <input
              ref={inputRef}
              data-testid="cash-tendered"
              inputMode="numeric"
              autoComplete="off"
              value={tendered === null ? '' : tendered.toLocaleString('id-ID')}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  confirm();
                }
              }}
              className="w-full bg-transparent px-2 py-3 text-right text-2xl font-bold tabular-nums outline-none"
              placeholder="0"
            />
          </div>
        </label>
        <div className="grid grid-cols-4 gap-2">
          <button
            type="button"
            data-testid="cash-exact"
            onClick={() => setText(String(total))}
            className="rounded-lg bg-brand-50 py-2 text-sm font-semibold text-brand-800 ring-1 ring-brand-200 hover:bg-brand-100"
          >
            Uang Pas
          </button>
          {QUICK.map((amount) => (
            <button
              key={amount}
              type="button"
              data-testid={`cash-quick-${amount}`}
              onClick={() => setText(String(amount))}
              className="rounded-lg bg-slate-50 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-200 hover:bg-slate-100"
            >
              {amount.toLocaleString('id-ID')}
            </button>
          ))}
        </div>
        <div className="flex items-baseline justify-between rounded-xl bg-slate-900 px-4 py-3 text-white">
          <span className="text-sm">Kembalian</span>
          <span className="text-3xl font-extrabold tabular-nums" data-testid="cash-change">
            {change !== null && change >= 0 ? formatRupiah(change) : '—'}
          </span>
        </div>
        {tendered !== null && !enough && (
          <p className="text-sm font-medium text-red-600" data-testid="cash-short">
            Uang kurang {formatRupiah(total - tendered)}
          </p>
        )}
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
        <button
          type="button"
          data-testid="cash-confirm"
          disabled={!enough || pending}
          onClick={confirm}
          className="w-full rounded-xl bg-brand-700 py-4 text-lg font-bold text-white shadow hover:bg-brand-800 disabled:bg-slate-300"
        >
          {pending ? 'Menyimpan…' : 'Bayar (Enter)'}
        </button>
      </div>
    </Modal>
  );
}
