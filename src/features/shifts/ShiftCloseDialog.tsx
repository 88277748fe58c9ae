/**
 * Tutup kasir: the cashier counts the drawer by denomination (Rp 100.000 … Rp 100 coins) or types
 * the total; the counted total updates live. Rust compares with the expected cash, may ask for a
 * note (difference above the threshold: its message is shown here), refuses while a QR is on
 * screen, then returns the close report.
 *
 * Bills still open on this till (Rust answers kind `open_bills`, its message naming them): the
 * cashier chooses to carry them to the next shift or to void them all with a reason, and the
 * same close is sent again with that choice (`openBills`).
 *
 * Test ids: shift-close-dialog, shift-close-mode-denominations, shift-close-mode-total,
 * denom-<value> (counts), shift-close-total, shift-close-counted, shift-close-note,
 * shift-close-submit, shift-close-error, shift-close-open-bills, shift-close-bills-carry,
 * shift-close-bills-void, shift-close-bills-reason, shift-close-bills-void-confirm.
 */
import { useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, parseRupiah } from '../../lib/format';
import { toAppError, type CloseShiftInput, type CountedCash, type OpenBillsAtClose, type ShiftReport } from '../../lib/ipc';
import { useCloseShift } from './api';

/** The notes and coins counted, largest first (as Rust's `DENOMINATIONS`). */
export const DENOMINATIONS = [100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100] as const;

export type Counts = Partial<Record<number, number>>;

/** Σ value × count. */
export function countedTotal(counts: Counts): number {
  return DENOMINATIONS.reduce((sum, value) => sum + value * (counts[value] ?? 0), 0);
}

type Mode = 'denominations' | 'total';

/** What `close_shift` is sent; null when nothing was entered yet. */
export function countedCashOf(mode: Mode, counts: Counts, totalText: string): CountedCash | null {
  if (mode === 'total') {
    const amount = parseRupiah(totalText);
    return amount === null ? null : { mode: 'total', amount };
  }
  return {
    mode: 'denominations',
    counts: DENOMINATIONS.filter((v) => (counts[v] ?? 0) > 0).map((value) => ({ value, count: counts[value] ?? 0 })),
  };
}

interface ShiftCloseDialogProps {
  /** Whose shift (the heading; another cashier's needs the owner's PIN). */
  shiftLabel: string;
  onClose: () => void;
  onClosed: (report: ShiftReport) => void;
}

export function ShiftCloseDialog({ shiftLabel, onClose, onClosed }: ShiftCloseDialogProps) {
  const [mode, setMode] = useState<Mode>('denominations');
  const [counts, setCounts] = useState<Counts>({});
  const [totalText, setTotalText] = useState('');
  const [note, setNote] = useState('');
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const close = useCloseShift();
  /** Rust's "Masih ada N tagihan terbuka (…)": the choice is shown instead of the error. */
  const [billsAsk, setBillsAsk] = useState<string | null>(null);
  const [voiding, setVoiding] = useState(false);
  const [voidReason, setVoidReason] = useState('');
  useEscape(onClose, { enabled: !close.isPending });

  const counted = countedCashOf(mode, counts, totalText);
  const total = mode === 'total' ? (counted?.mode === 'total' ? counted.amount : null) : countedTotal(counts);

  const send = (openBills?: OpenBillsAtClose) => {
    if (counted === null || close.isPending) return;
    const req: CloseShiftInput = { counted, note: note.trim() === '' ? null : note.trim() };
    if (openBills) req.openBills = openBills;
    close.mutate(req, {
      onSuccess: onClosed,
      onError: (err) => {
        const kind = toAppError(err).kind;
        if (kind === 'open_bills') setBillsAsk(toAppError(err).message);
        // "tulis catatan penyebabnya": put the cursor where the note goes.
        if (kind === 'validation' && note.trim() === '') noteRef.current?.focus();
      },
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    send();
  };

  const modeButton = (value: Mode, label: string) => (
    <button
      type="button"
      data-testid={`shift-close-mode-${value}`}
      aria-pressed={mode === value}
      onClick={() => setMode(value)}
      className={`flex-1 rounded-lg px-3 py-1.5 text-sm font-semibold ring-1 ${
        mode === value ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
      }`}
    >
      {label}
    </button>
  );

  return (
    <Modal title={`Tutup Kasir · ${shiftLabel}`} testId="shift-close-dialog" onClose={close.isPending ? undefined : onClose} width="max-w-2xl">
      <form className="space-y-4" onSubmit={submit} noValidate>
        <div className="flex gap-2">
          {modeButton('denominations', 'Hitung per pecahan')}
          {modeButton('total', 'Ketik total')}
        </div>
        {mode === 'denominations' ? (
          <div className="grid grid-cols-2 gap-x-6 gap-y-2">
            {DENOMINATIONS.map((value) => {
              const n = counts[value] ?? 0;
              return (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <span className="w-24 font-medium tabular-nums text-slate-700">{formatRupiah(value)}</span>
                  <span className="text-slate-400">×</span>
                  <input
                    data-testid={`denom-${value}`}
                    aria-label={`Jumlah ${formatRupiah(value)}`}
                    inputMode="numeric"
                    autoComplete="off"
                    className="w-20 rounded-lg border border-slate-300 px-2 py-1.5 text-right tabular-nums outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-200"
                    value={n === 0 && counts[value] === undefined ? '' : String(n)}
                    onChange={(e) => {
                      const digits = e.target.value.replace(/[^0-9]/g, '').slice(0, 6);
                      setCounts((c) => ({ ...c, [value]: digits === '' ? undefined : Number.parseInt(digits, 10) }));
                    }}
                    placeholder="0"
                  />
                  <span className="ml-auto tabular-nums text-slate-500">{n > 0 ? formatRupiah(value * n) : ''}</span>
                </label>
              );
            })}
          </div>
        ) : (
          <label className="block">
            <span className="text-sm font-medium text-slate-700">Total uang di laci</span>
            <input
              data-testid="shift-close-total"
              className={inputClass}
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              value={parseRupiah(totalText) === null ? '' : (parseRupiah(totalText) ?? 0).toLocaleString('id-ID')}
              onChange={(e) => setTotalText(e.target.value)}
              placeholder="0"
            />
          </label>
        )}
        <div className="flex items-baseline justify-between rounded-xl bg-slate-900 px-4 py-3 text-white">
          <span className="text-sm">Uang dihitung</span>
          <span className="text-3xl font-extrabold tabular-nums" data-testid="shift-close-counted">
            {total === null ? '—' : formatRupiah(total)}
          </span>
        </div>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Catatan (wajib bila selisih besar)</span>
          <textarea
            ref={noteRef}
            data-testid="shift-close-note"
            className={inputClass}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="mis. receh kurang untuk kembalian"
          />
        </label>
        {billsAsk !== null && (
          <div
            role="alert"
            data-testid="shift-close-open-bills"
            className="space-y-3 rounded-xl bg-amber-50 px-4 py-3 ring-1 ring-amber-200"
          >
            <p className="text-sm font-medium text-amber-900">{billsAsk}</p>
            {voiding ? (
              <div className="flex items-end gap-2">
                <label className="block flex-1">
                  <span className="text-sm font-medium text-slate-700">Alasan pembatalan</span>
                  <input
                    data-testid="shift-close-bills-reason"
                    className={inputClass}
                    autoFocus
                    autoComplete="off"
                    placeholder="mis. tamu pulang tanpa pesan"
                    value={voidReason}
                    onChange={(e) => setVoidReason(e.target.value)}
                  />
                </label>
                <Button variant="secondary" size="sm" disabled={close.isPending} onClick={() => setVoiding(false)}>
                  Kembali
                </Button>
                <Button
                  variant="danger"
                  size="sm"
                  testId="shift-close-bills-void-confirm"
                  disabled={close.isPending || voidReason.trim() === ''}
                  onClick={() => send({ action: 'void', reason: voidReason.trim() })}
                >
                  Batalkan & tutup kasir
                </Button>
              </div>
            ) : (
              <div className="flex flex-wrap justify-end gap-2">
                <Button
                  variant="secondary"
                  size="sm"
                  testId="shift-close-bills-void"
                  disabled={close.isPending}
                  onClick={() => setVoiding(true)}
                >
                  Batalkan semua tagihan
                </Button>
                <Button
                  size="sm"
                  testId="shift-close-bills-carry"
                  disabled={close.isPending}
                  onClick={() => send({ action: 'carry' })}
                >
                  Lanjutkan ke shift berikutnya
                </Button>
              </div>
            )}
          </div>
        )}
        {close.error && toAppError(close.error).kind !== 'open_bills' && (
          <p role="alert" data-testid="shift-close-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {toAppError(close.error).message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose} disabled={close.isPending}>
            Batal
          </Button>
          <Button type="submit" testId="shift-close-submit" disabled={counted === null || close.isPending}>
            {close.isPending ? 'Menutup…' : 'Tutup Kasir'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
