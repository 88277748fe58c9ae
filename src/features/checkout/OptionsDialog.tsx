/**
 * A product with option groups asks before it goes on the cart (or the open bill): each group
 * (pick one: radio buttons; pick many: checkboxes; "wajib" must be chosen), a note and the
 * quantity. "Tambah" stays disabled until every required group has a choice. Only option ids
 * and the note leave this dialog; the price with the options is Rust's (`price_cart`), shown on
 * the button once the choice is complete.
 *
 * Test ids: option-dialog, option-group-<groupId>, option-<optionId>, option-note, option-qty,
 * option-qty-dec, option-qty-inc, option-price, option-add.
 */
import { useMemo, useState } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah } from '../../lib/format';
import type { OptionGroup, Product } from '../../lib/ipc';
import { cleanNote, MAX_QTY, type NewLine } from './cart';
import { usePricedCart } from './api';
import { MAX_NOTE_CHARS } from './LineDetails';

interface OptionsDialogProps {
  product: Product;
  groups: OptionGroup[];
  onAdd: (line: NewLine & { qty: number }) => void;
  onClose: () => void;
  /** An add in flight (a bill: `add_to_bill`), and its error. */
  pending?: boolean;
  error?: string | null;
}

export function OptionsDialog({ product, groups, onAdd, onClose, pending = false, error = null }: OptionsDialogProps) {
  const [picked, setPicked] = useState<Record<number, number[]>>({});
  const [note, setNote] = useState('');
  const [qty, setQty] = useState(1);
  useEscape(onClose, { enabled: !pending });

  const missing = groups.filter((g) => g.required && (picked[g.id] ?? []).length === 0);
  const complete = missing.length === 0;
  const options = useMemo(
    () => groups.flatMap((g) => picked[g.id] ?? []).sort((a, b) => a - b),
    [groups, picked],
  );
  const cleaned = cleanNote(note);
  const line = useMemo(() => {
    const l: { productId: number; qty: number; options?: number[]; note?: string } = { productId: product.id, qty };
    if (options.length > 0) l.options = options;
    if (cleaned !== undefined) l.note = cleaned;
    return l;
  }, [product.id, qty, options, cleaned]);
  const priced = usePricedCart([line], undefined, complete);
  const total = complete && !priced.isPlaceholderData ? priced.data?.lines[0]?.lineTotal : undefined;

  const toggle = (g: OptionGroup, optionId: number) => {
    setPicked((p) => {
      const now = p[g.id] ?? [];
      if (g.multiple) {
        return { ...p, [g.id]: now.includes(optionId) ? now.filter((id) => id !== optionId) : [...now, optionId] };
      }
      // Pick one: another choice replaces it; the same again clears an optional group.
      if (now.includes(optionId)) return g.required ? p : { ...p, [g.id]: [] };
      return { ...p, [g.id]: [optionId] };
    });
  };

  const add = () => {
    if (!complete || pending) return;
    onAdd({ productId: product.id, options, note: cleaned, qty });
  };

  return (
    <Modal title={product.name} testId="option-dialog" onClose={pending ? undefined : onClose} width="max-w-xl">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <div className="max-h-[55vh] space-y-4 overflow-y-auto pr-1">
          {groups.map((g) => (
            <fieldset key={g.id} data-testid={`option-group-${g.id}`} className="space-y-2">
              <legend className="mb-1 flex items-center gap-2 text-sm font-semibold text-slate-800">
                {g.name}
                {g.required && (
                  <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-700 ring-1 ring-red-200">
                    wajib
                  </span>
                )}
                <span className="text-xs font-normal text-slate-500">
                  {g.multiple ? 'boleh pilih banyak' : 'pilih satu'}
                </span>
              </legend>
              <div className="grid grid-cols-2 gap-2">
                {g.options.map((o) => {
                  const on = (picked[g.id] ?? []).includes(o.id);
                  return (
                    <label
                      key={o.id}
                      className={`flex min-h-12 cursor-pointer items-center gap-3 rounded-xl px-3 py-2 ring-1 transition ${
                        on ? 'bg-brand-50 ring-2 ring-brand-500' : 'bg-white ring-slate-200 hover:bg-slate-50'
                      }`}
                    >
                      <input
                        type={g.multiple ? 'checkbox' : 'radio'}
                        name={`group-${g.id}`}
                        data-testid={`option-${o.id}`}
                        className="h-5 w-5 accent-brand-600"
                        checked={on}
                        // onClick, not onChange: a checked radio clicked again must clear an optional group.
                        onClick={() => toggle(g, o.id)}
                        onChange={() => undefined}
                      />
                      <span className="flex-1 text-sm font-medium text-slate-800">{o.name}</span>
                      {o.priceDelta > 0 && (
                        <span className="text-sm tabular-nums text-slate-600">+{formatRupiah(o.priceDelta)}</span>
                      )}
                    </label>
                  );
                })}
              </div>
            </fieldset>
          ))}
        </div>
        <Field label="Catatan (opsional)">
          <input
            data-testid="option-note"
            className={inputClass}
            autoComplete="off"
            maxLength={MAX_NOTE_CHARS}
            placeholder="Catatan, mis. tanpa es"
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Field>
        <div className="flex items-center gap-3">
          <span className="text-sm font-medium text-slate-700">Jumlah</span>
          <button
            type="button"
            aria-label="Kurangi jumlah"
            data-testid="option-qty-dec"
            disabled={qty <= 1}
            onClick={() => setQty((q) => Math.max(1, q - 1))}
            className="h-11 w-11 rounded-lg bg-slate-100 text-xl font-bold text-slate-700 hover:bg-slate-200 disabled:opacity-40"
          >
            −
          </button>
          <input
            aria-label="Jumlah"
            data-testid="option-qty"
            inputMode="numeric"
            value={qty}
            onChange={(e) => {
              const n = Number.parseInt(e.target.value.replace(/[^0-9]/g, ''), 10);
              setQty(Number.isInteger(n) && n > 0 ? Math.min(MAX_QTY, n) : 1);
            }}
            className="h-11 w-20 rounded-lg border border-slate-300 text-center text-lg tabular-nums"
          />
          <button
            type="button"
            aria-label="Tambah jumlah"
            data-testid="option-qty-inc"
            onClick={() => setQty((q) => Math.min(MAX_QTY, q + 1))}
            className="h-11 w-11 rounded-lg bg-slate-100 text-xl font-bold text-slate-700 hover:bg-slate-200"
          >
            +
          </button>
        </div>
        {!complete && (
          <p className="text-sm text-amber-700" data-testid="option-missing">
            Pilih dulu: {missing.map((g) => g.name).join(', ')}
          </p>
        )}
        {complete && priced.error && (
          <p role="alert" className={errorBox}>
            {priced.error.message}
          </p>
        )}
        {error && (
          <p role="alert" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex items-center justify-end gap-3">
          <Button variant="secondary" onClick={onClose} disabled={pending}>
            Batal
          </Button>
          <Button type="submit" testId="option-add" disabled={!complete || pending} className="min-w-40 py-3 text-lg">
            {pending ? 'Menambah…' : 'Tambah'}
            {total !== undefined && (
              <span className="ml-2 text-sm font-medium opacity-90" data-testid="option-price">
                {formatRupiah(total)}
              </span>
            )}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
