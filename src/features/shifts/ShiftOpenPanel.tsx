/**
 * "Buka Kasir": shown on the till instead of the product grid while no shift is open here. Asks
 * the opening cash (modal awal). When another cashier's shift is still open, says so.
 *
 * Test ids: shift-open-panel, shift-opening-cash, shift-open-submit, shift-open-error.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { errorBox } from '../../components/styles';
import { formatRupiah, parseRupiah } from '../../lib/format';
import { toAppError } from '../../lib/ipc';
import { useSession } from '../auth';
import { useOpenShift } from './api';
import type { TillShift } from './tillShift';

export function ShiftOpenPanel({ till }: { till: Extract<TillShift, { state: 'none' | 'foreign' }> }) {
  const open = useOpenShift();
  const session = useSession();
  const [text, setText] = useState('');
  const amount = parseRupiah(text);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (amount !== null && !open.isPending) open.mutate(amount);
  };

  return (
    <div className="flex flex-1 items-center justify-center p-6" data-testid="shift-open-panel">
      <div className="w-full max-w-md space-y-4 rounded-2xl bg-white p-8 shadow-lg ring-1 ring-slate-200">
        {till.state === 'foreign' ? (
          <>
            <h2 className="text-xl font-bold text-slate-900">Kasir dipakai shift lain</h2>
            <p role="alert" className={errorBox} data-testid="shift-foreign">
              {till.message}
            </p>
            <p className="text-sm text-slate-600">
              Tutup shift {till.report.shift.cashierName} lewat tombol “Tutup Kasir” di atas (perlu PIN
              pemilik), atau minta {till.report.shift.cashierName} menutupnya.
            </p>
          </>
        ) : (
          <form onSubmit={submit} noValidate className="space-y-4">
            <div>
              <h2 className="text-xl font-bold text-slate-900">Buka Kasir</h2>
              <p className="mt-1 text-sm text-slate-600">
                {session ? `${session.session.operator.name}, hitung` : 'Hitung'} uang di laci dan isi
                modal awal shift ini{session ? ` di ${session.till}` : ''}.
              </p>
            </div>
            <label className="block">
              <span className="text-sm font-medium text-slate-700">Modal awal</span>
              <div className="mt-1 flex items-center rounded-xl border border-slate-300 px-4 focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-200">
                <span className="text-lg text-slate-400">Rp</span>
                <input
                  data-testid="shift-opening-cash"
                  inputMode="numeric"
                  autoComplete="off"
                  autoFocus
                  value={amount === null ? '' : amount.toLocaleString('id-ID')}
                  onChange={(e) => setText(e.target.value)}
                  placeholder="0"
                  className="w-full bg-transparent px-2 py-3 text-right text-2xl font-bold tabular-nums outline-none"
                />
              </div>
            </label>
            {open.error && (
              <p role="alert" data-testid="shift-open-error" className={errorBox}>
                {toAppError(open.error).message}
              </p>
            )}
            <Button
              type="submit"
              testId="shift-open-submit"
              className="w-full py-3 text-lg"
              disabled={amount === null || open.isPending}
            >
              {open.isPending ? 'Membuka…' : `Buka Kasir${amount !== null ? ` · ${formatRupiah(amount)}` : ''}`}
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}
