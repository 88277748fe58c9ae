/**
 * "Tahan transaksi": park the cart under an optional name ("Ibu baju merah") and serve the next
 * customer; "Tertahan (n)" lists the parked carts of this till (time, name, items, total as Rust
 * priced it when parked), each with "Lanjutkan". A cart in progress is never thrown away: resuming
 * over it asks to hold it first.
 *
 * Test ids: hold-dialog, hold-name, hold-confirm, held-list, held-row-<id>, held-resume-<id>,
 * held-busy-confirm, held-hold-first, held-empty.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, formatTime } from '../../lib/format';
import type { HeldCart } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';

/** Longest name of a held cart (Rust's `MAX_LABEL_CHARS`). */
const MAX_LABEL_CHARS = 40;

interface HoldDialogProps {
  pending: boolean;
  error: string | null;
  onHold: (label: string) => void;
  onClose: () => void;
}

export function HoldDialog({ pending, error, onHold, onClose }: HoldDialogProps) {
  const [label, setLabel] = useState('');
  useEscape(onClose, { enabled: !pending });
  return (
    <Modal title="Tahan transaksi" testId="hold-dialog" onClose={pending ? undefined : onClose} width="max-w-sm">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!pending) onHold(label);
        }}
      >
        <Field label="Nama (opsional)">
          <input
            data-testid="hold-name"
            className={inputClass}
            autoFocus
            autoComplete="off"
            maxLength={MAX_LABEL_CHARS}
            placeholder="mis. Ibu baju merah"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </Field>
        {error && (
          <p role="alert" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Batal
          </Button>
          <Button type="submit" testId="hold-confirm" disabled={pending}>
            {pending ? 'Menahan…' : 'Tahan (Enter)'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

interface HeldListDialogProps {
  carts: HeldCart[] | undefined;
  loadError: string | null;
  /** The checkout has a cart in progress: "Lanjutkan" asks to hold it first. */
  cartBusy: boolean;
  pending: boolean;
  error: string | null;
  /** `holdFirst`: park the cart in progress (no name), then resume `id`. */
  onResume: (id: number, holdFirst: boolean) => void;
  onClose: () => void;
}

export function HeldListDialog({ carts, loadError, cartBusy, pending, error, onResume, onClose }: HeldListDialogProps) {
  const timeZone = useShopTimeZone();
  const [asking, setAsking] = useState<number | null>(null);
  useEscape(() => (asking !== null ? setAsking(null) : onClose()), { enabled: !pending });
  const resume = (id: number) => {
    if (cartBusy) setAsking(id);
    else onResume(id, false);
  };
  return (
    <Modal title="Transaksi tertahan" testId="held-list" onClose={pending ? undefined : onClose} width="max-w-xl">
      <div className="space-y-3">
        {loadError && <p className="text-sm text-red-700">{loadError}</p>}
        {carts && carts.length === 0 && (
          <p className="py-8 text-center text-sm text-slate-500" data-testid="held-empty">
            Tidak ada transaksi tertahan.
          </p>
        )}
        <ul className="max-h-[60vh] divide-y divide-slate-100 overflow-y-auto">
          {carts?.map((c) => (
            <li key={c.id} data-testid={`held-row-${c.id}`} className="flex items-center gap-4 py-3">
              <span className="w-14 shrink-0 text-lg font-bold tabular-nums text-slate-700">
                {formatTime(c.createdAt, timeZone)}
              </span>
              <div className="min-w-0 flex-1">
                <p className="truncate font-semibold text-slate-800">{c.label ?? 'Tanpa nama'}</p>
                <p className="text-xs text-slate-500">
                  {c.itemCount} barang{c.cashier ? ` · ${c.cashier}` : ''}
                </p>
              </div>
              <span className="shrink-0 font-bold tabular-nums">{formatRupiah(c.total)}</span>
              <Button testId={`held-resume-${c.id}`} disabled={pending} onClick={() => resume(c.id)} className="py-3">
                Lanjutkan
              </Button>
            </li>
          ))}
        </ul>
        {asking !== null && (
          <div className="rounded-xl bg-amber-50 px-4 py-3 ring-1 ring-amber-200" data-testid="held-busy-confirm">
            <p className="font-semibold text-amber-900">Keranjang sekarang belum kosong.</p>
            <p className="text-sm text-amber-800">Tahan keranjang ini dulu, lalu lanjutkan yang dipilih?</p>
            <div className="mt-3 flex justify-end gap-2">
              <Button variant="secondary" size="sm" disabled={pending} onClick={() => setAsking(null)}>
                Batal
              </Button>
              <Button size="sm" testId="held-hold-first" disabled={pending} onClick={() => onResume(asking, true)}>
                {pending ? 'Memproses…' : 'Tahan dulu, lalu lanjutkan'}
              </Button>
            </div>
          </div>
        )}
        {error && (
          <p role="alert" className={errorBox}>
            {error}
          </p>
        )}
      </div>
    </Modal>
  );
}
