/**
 * Open bills ("Tagihan", café): the list with "Tagihan Baru", the bill panel that replaces the
 * cart while a bill is open on the checkout, and the void dialog. Every amount is Rust's: each
 * line's `lineTotal`, the totals from `Bill.priced`.
 *
 * Test ids: bills-dialog, bill-new, bill-name-input, bill-create, bill-row-<name>,
 * bill-row-qris, bill-panel, bill-title, bill-line-<lineId>, bill-line-sent, bill-line-unsent,
 * bill-line-remove-<lineId>, bill-awaiting, bill-open-qr, bill-closed, bill-send, bill-print, bill-pay-cash, bill-pay-qris,
 * bill-void, bill-exit, bill-void-dialog, bill-void-reason, bill-void-confirm.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, formatTime } from '../../lib/format';
import type { Bill } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { LineDetails } from './LineDetails';
import { PayButtons } from './PayButtons';
import { PricedTotals } from './PricedTotals';

/** Longest bill name (Rust's `MAX_NAME_CHARS`). */
const MAX_NAME_CHARS = 40;

interface BillsDialogProps {
  bills: Bill[] | undefined;
  loadError: string | null;
  creating: boolean;
  createError: string | null;
  onOpen: (billId: number) => void;
  onCreate: (name: string) => void;
  onClose: () => void;
}

export function BillsDialog({ bills, loadError, creating, createError, onOpen, onCreate, onClose }: BillsDialogProps) {
  const timeZone = useShopTimeZone();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  useEscape(() => (naming ? setNaming(false) : onClose()), { enabled: !creating });
  return (
    <Modal title="Tagihan terbuka" testId="bills-dialog" onClose={creating ? undefined : onClose} width="max-w-2xl">
      <div className="space-y-4">
        {naming ? (
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (!creating) onCreate(name);
            }}
          >
            <label className="block flex-1">
              <span className="text-sm font-medium text-slate-700">Nama atau nomor meja</span>
              <input
                data-testid="bill-name-input"
                className={inputClass}
                autoFocus
                autoComplete="off"
                maxLength={MAX_NAME_CHARS}
                placeholder="mis. Meja 4 atau Budi"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
            <Button variant="secondary" disabled={creating} onClick={() => setNaming(false)}>
              Batal
            </Button>
            <Button type="submit" testId="bill-create" disabled={creating || name.trim() === ''}>
              {creating ? 'Membuka…' : 'Buka Tagihan'}
            </Button>
          </form>
        ) : (
          <Button testId="bill-new" className="w-full py-3 text-lg" onClick={() => setNaming(true)}>
            + Tagihan Baru
          </Button>
        )}
        {createError && (
          <p role="alert" className={errorBox}>
            {createError}
          </p>
        )}
        {loadError && <p className="text-sm text-red-700">{loadError}</p>}
        {bills && bills.length === 0 && (
          <p className="py-6 text-center text-sm text-slate-500" data-testid="bills-empty">
            Belum ada tagihan terbuka.
          </p>
        )}
        <ul className="max-h-[55vh] space-y-2 overflow-y-auto">
          {bills?.map((b) => (
            <li key={b.id}>
              <button
                type="button"
                data-testid={`bill-row-${b.name}`}
                onClick={() => onOpen(b.id)}
                className="flex w-full items-center gap-4 rounded-xl bg-white px-4 py-3 text-left ring-1 ring-slate-200 hover:bg-brand-50 hover:ring-brand-500"
              >
                <div className="min-w-0 flex-1">
                  <p className="flex items-center gap-2 truncate text-lg font-bold text-slate-800">
                    {b.name}
                    {b.awaitingOrderId !== null && (
                      <span
                        data-testid="bill-row-qris"
                        className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-800"
                      >
                        menunggu QRIS
                      </span>
                    )}
                  </p>
                  <p className="text-xs text-slate-500">
                    dibuka {formatTime(b.createdAt, timeZone)} · {b.itemCount} barang
                    {b.unsentCount > 0 && (
                      <span className="font-semibold text-amber-700"> · {b.unsentCount} belum dikirim</span>
                    )}
                  </p>
                </div>
                <span className="shrink-0 text-lg font-bold tabular-nums">
                  {formatRupiah(b.priced.nonCash.total)}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </Modal>
  );
}

interface BillPanelProps {
  bill: Bill | undefined;
  loadError: string | null;
  /** Some action on the bill is in flight (buttons wait). */
  busy: boolean;
  qrisAvailable: boolean;
  qrisNote: string | null;
  onRemoveLine: (lineId: number) => void;
  onSend: () => void;
  onPrint: () => void;
  onPayCash: () => void;
  onPayQris: () => void;
  onSplit: () => void;
  /** The bill waits on a QR (set aside, or opened on another till): show that QR again. */
  onOpenQr: () => void;
  onVoid: () => void;
  onExit: () => void;
}

export function BillPanel({
  bill,
  loadError,
  busy,
  qrisAvailable,
  qrisNote,
  onRemoveLine,
  onSend,
  onPrint,
  onPayCash,
  onPayQris,
  onSplit,
  onOpenQr,
  onVoid,
  onExit,
}: BillPanelProps) {
  const empty = (bill?.lines.length ?? 0) === 0;
  const awaiting = bill?.awaitingOrderId != null;
  // Paid or voided elsewhere (another till, a late QRIS): only "Kembali ke penjualan" is left.
  const closed = bill !== undefined && bill.status !== 'open';
  const stuck = busy || awaiting || closed;
  const canPay = bill !== undefined && !empty && !stuck;
  return (
    <aside
      data-testid="bill-panel"
      className="flex min-h-0 flex-1 flex-col rounded-2xl bg-white shadow-sm ring-2 ring-brand-500"
    >
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-5 py-3">
        <h2 className="min-w-0" data-testid="bill-title">
          <span className="block text-xs font-semibold uppercase tracking-wide text-slate-500">Tagihan: </span>
          <span className="block truncate text-xl font-bold">{bill?.name ?? '…'}</span>
        </h2>
        <button
          type="button"
          data-testid="bill-exit"
          onClick={onExit}
          className="shrink-0 rounded-lg px-3 py-2 text-sm font-semibold text-brand-800 ring-1 ring-brand-200 hover:bg-brand-50"
        >
          ← Penjualan
        </button>
      </header>
      {loadError && <p className="px-5 py-3 text-sm text-red-700">{loadError}</p>}
      {closed && (
        <p className="bg-slate-100 px-5 py-2 text-sm font-medium text-slate-700" data-testid="bill-closed">
          Tagihan ini {bill.status === 'paid' ? 'sudah lunas' : 'sudah dibatalkan'}.
        </p>
      )}
      {awaiting && !closed && (
        <div className="flex items-center gap-3 bg-amber-50 px-5 py-2" data-testid="bill-awaiting">
          <p className="flex-1 text-sm font-medium text-amber-800">
            Menunggu pembayaran (QRIS atau bayar terpisah): tagihan tidak bisa diubah sampai lunas atau
            dibatalkan.
          </p>
          <Button size="sm" testId="bill-open-qr" disabled={busy} onClick={onOpenQr}>
            Lanjutkan Bayar
          </Button>
        </div>
      )}
      <ul className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto px-5">
        {bill && empty && (
          <li className="py-16 text-center text-sm text-slate-400">
            Tagihan masih kosong. Pilih barang dari daftar.
          </li>
        )}
        {bill?.lines.map((l) => (
          <li key={l.id} data-testid={`bill-line-${l.id}`} className="flex items-start justify-between gap-3 py-3">
            <div className="min-w-0">
              <p className="truncate font-medium text-slate-800">
                {l.qty}× {l.name}
              </p>
              <LineDetails options={l.options} note={l.note} />
              {l.batch !== null ? (
                <span
                  data-testid="bill-line-sent"
                  className="mt-1 inline-block rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-800"
                >
                  Dikirim #{l.batch}
                </span>
              ) : (
                <span
                  data-testid="bill-line-unsent"
                  className="mt-1 inline-block rounded-full bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-800"
                >
                  Belum dikirim
                </span>
              )}
            </div>
            <div className="flex shrink-0 flex-col items-end gap-1">
              <span className="font-semibold tabular-nums">{formatRupiah(l.lineTotal)}</span>
              {l.batch === null && (
                <button
                  type="button"
                  data-testid={`bill-line-remove-${l.id}`}
                  disabled={stuck}
                  onClick={() => onRemoveLine(l.id)}
                  className="rounded-lg px-2 py-1 text-xs text-slate-500 hover:bg-red-50 hover:text-red-600 disabled:opacity-40"
                >
                  Hapus
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <footer className="space-y-3 border-t border-slate-200 px-5 py-4">
        <PricedTotals priced={bill?.priced} empty={empty} pricing={false} />
        <div className="grid grid-cols-2 gap-2">
          <Button
            variant="secondary"
            testId="bill-send"
            className="py-3"
            disabled={stuck || (bill?.unsentCount ?? 0) === 0}
            onClick={onSend}
          >
            Kirim ke Dapur{bill && bill.unsentCount > 0 ? ` (${bill.unsentCount})` : ''}
          </Button>
          <Button variant="secondary" testId="bill-print" className="py-3" disabled={busy || closed || empty} onClick={onPrint}>
            Cetak Bill
          </Button>
        </div>
        <PayButtons
          canPay={canPay}
          qrisAvailable={qrisAvailable}
          onPayCash={onPayCash}
          onPayQris={onPayQris}
          onSplit={onSplit}
          cashTestId="bill-pay-cash"
          qrisTestId="bill-pay-qris"
          splitTestId="bill-pay-split"
        />
        {qrisNote && <p className="text-xs text-amber-700">{qrisNote}</p>}
        <button
          type="button"
          data-testid="bill-void"
          disabled={stuck || bill === undefined}
          onClick={onVoid}
          className="w-full rounded-lg py-2 text-sm font-semibold text-red-700 hover:bg-red-50 disabled:opacity-40"
        >
          Batalkan Tagihan
        </button>
      </footer>
    </aside>
  );
}

interface VoidBillDialogProps {
  name: string;
  pending: boolean;
  error: string | null;
  onVoid: (reason: string) => void;
  onClose: () => void;
}

export function VoidBillDialog({ name, pending, error, onVoid, onClose }: VoidBillDialogProps) {
  const [reason, setReason] = useState('');
  useEscape(onClose, { enabled: !pending });
  return (
    <Modal
      title={`Batalkan tagihan ${name}`}
      testId="bill-void-dialog"
      onClose={pending ? undefined : onClose}
      width="max-w-sm"
    >
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!pending && reason.trim() !== '') onVoid(reason.trim());
        }}
      >
        <Field label="Alasan (wajib)">
          <input
            data-testid="bill-void-reason"
            className={inputClass}
            autoFocus
            autoComplete="off"
            placeholder="mis. pelanggan batal pesan"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        {error && (
          <p role="alert" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Kembali
          </Button>
          <Button type="submit" variant="danger" testId="bill-void-confirm" disabled={pending || reason.trim() === ''}>
            {pending ? 'Membatalkan…' : 'Batalkan Tagihan'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
