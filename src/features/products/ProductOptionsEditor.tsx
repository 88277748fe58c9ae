/**
 * "Pilihan (varian & tambahan)" in the product form: the product's option groups (name, wajib,
 * boleh pilih banyak) and their options (name, "+harga" in whole rupiah), added, removed and
 * reordered here and saved together with "Simpan pilihan" (`save_product_options`). Rust checks
 * the form (empty names, duplicates, a group without options, the price range); its message is
 * shown here. Groups and options keep their ids, so a sold line or an open bill keeps its meaning.
 *
 * A new product gets its options once it is saved (the options belong to its id).
 *
 * Test ids: product-options, product-options-add-group, edit-group-<g>, edit-group-name-<g>,
 * edit-group-required-<g>, edit-group-multiple-<g>, edit-group-up-<g>, edit-group-down-<g>,
 * edit-group-remove-<g>, edit-option-add-<g>, edit-option-name-<g>-<o>, edit-option-price-<g>-<o>,
 * edit-option-up-<g>-<o>, edit-option-down-<g>-<o>, edit-option-remove-<g>-<o>, product-options-save,
 * product-options-saved, product-options-error, product-options-dirty (g, o: 0-based positions).
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { controlClass, errorBox } from '../../components/styles';
import { parseRupiah } from '../../lib/format';
import { toAppError, type OptionGroup, type OptionGroupInput } from '../../lib/ipc';
import { useProductOptions, useSaveProductOptions } from './api';

interface DraftOption {
  id?: number;
  name: string;
  /** What was typed in "+harga" (digits; empty: no price change). */
  price: string;
}

interface DraftGroup {
  id?: number;
  name: string;
  required: boolean;
  multiple: boolean;
  options: DraftOption[];
}

function toDraft(groups: OptionGroup[]): DraftGroup[] {
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    required: g.required,
    multiple: g.multiple,
    options: g.options.map((o) => ({ id: o.id, name: o.name, price: o.priceDelta > 0 ? String(o.priceDelta) : '' })),
  }));
}

/** The form as `save_product_options` takes it: ids kept, new ones without. */
export function toInput(draft: DraftGroup[]): OptionGroupInput[] {
  return draft.map((g) => {
    const group: OptionGroupInput = {
      name: g.name,
      required: g.required,
      multiple: g.multiple,
      options: g.options.map((o) => {
        const option = { name: o.name, priceDelta: parseRupiah(o.price) ?? 0 };
        return o.id === undefined ? option : { id: o.id, ...option };
      }),
    };
    if (g.id !== undefined) group.id = g.id;
    return group;
  });
}

function move<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

const small =
  'h-9 min-w-9 rounded-lg px-2 text-sm font-semibold text-slate-600 ring-1 ring-slate-200 hover:bg-slate-100 disabled:opacity-30';

export function ProductOptionsEditor({ productId }: { productId: number | null }) {
  return (
    <section data-testid="product-options" className="space-y-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200">
      <h3 className="text-sm font-semibold text-slate-800">Pilihan (varian &amp; tambahan)</h3>
      {productId === null ? (
        <p className="text-xs text-slate-500">Simpan barang ini dulu, lalu buka lagi untuk mengatur pilihannya.</p>
      ) : (
        <Loaded productId={productId} />
      )}
    </section>
  );
}

function Loaded({ productId }: { productId: number }) {
  const groups = useProductOptions(productId);
  if (groups.isError) return <p className={errorBox}>{toAppError(groups.error).message}</p>;
  // The form starts from the groups as stored now, not from a copy cached by an earlier open.
  if (groups.isPending || !groups.isFetchedAfterMount) {
    return <p className="text-xs text-slate-500">Memuat pilihan…</p>;
  }
  return <Editor productId={productId} initial={groups.data} />;
}

function Editor({ productId, initial }: { productId: number; initial: OptionGroup[] }) {
  const [draft, setDraft] = useState<DraftGroup[]>(() => toDraft(initial));
  const [dirty, setDirty] = useState(false);
  const save = useSaveProductOptions();

  const change = (next: DraftGroup[]) => {
    setDraft(next);
    setDirty(true);
    save.reset();
  };
  const setGroup = (gi: number, patch: Partial<DraftGroup>) =>
    change(draft.map((g, i) => (i === gi ? { ...g, ...patch } : g)));
  const setOptions = (gi: number, options: DraftOption[]) => setGroup(gi, { options });

  const submit = () => {
    save.mutate(
      { productId, groups: toInput(draft) },
      {
        onSuccess: (saved) => {
          setDraft(toDraft(saved));
          setDirty(false);
        },
      },
    );
  };

  return (
    <div className="space-y-3">
      {draft.length === 0 && (
        <p className="text-xs text-slate-500">
          Tanpa pilihan: barang langsung masuk keranjang. Tambah grup untuk ukuran, level gula, topping…
        </p>
      )}
      <div className="max-h-72 space-y-3 overflow-y-auto pr-1">
        {draft.map((g, gi) => (
          <div key={g.id ?? `new-${gi}`} data-testid={`edit-group-${gi}`} className="space-y-2 rounded-lg bg-white p-3 ring-1 ring-slate-200">
            <div className="flex flex-wrap items-center gap-2">
              <input
                data-testid={`edit-group-name-${gi}`}
                aria-label="Nama grup"
                className={`${controlClass} min-w-0 flex-1`}
                placeholder="Nama grup, mis. Ukuran"
                value={g.name}
                onChange={(e) => setGroup(gi, { name: e.target.value })}
              />
              <label className="flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  data-testid={`edit-group-required-${gi}`}
                  className="h-4 w-4 accent-brand-600"
                  checked={g.required}
                  onChange={(e) => setGroup(gi, { required: e.target.checked })}
                />
                Wajib
              </label>
              <label className="flex items-center gap-1.5 text-sm text-slate-700">
                <input
                  type="checkbox"
                  data-testid={`edit-group-multiple-${gi}`}
                  className="h-4 w-4 accent-brand-600"
                  checked={g.multiple}
                  onChange={(e) => setGroup(gi, { multiple: e.target.checked })}
                />
                Boleh pilih banyak
              </label>
              <button type="button" aria-label="Grup naik" data-testid={`edit-group-up-${gi}`} className={small} disabled={gi === 0} onClick={() => change(move(draft, gi, gi - 1))}>
                ↑
              </button>
              <button type="button" aria-label="Grup turun" data-testid={`edit-group-down-${gi}`} className={small} disabled={gi === draft.length - 1} onClick={() => change(move(draft, gi, gi + 1))}>
                ↓
              </button>
              <button
                type="button"
                data-testid={`edit-group-remove-${gi}`}
                className={`${small} text-red-600`}
                onClick={() => change(draft.filter((_, i) => i !== gi))}
              >
                Hapus grup
              </button>
            </div>
            <ul className="space-y-1.5 pl-3">
              {g.options.map((o, oi) => (
                <li key={o.id ?? `new-${oi}`} className="flex items-center gap-2">
                  <input
                    data-testid={`edit-option-name-${gi}-${oi}`}
                    aria-label="Nama pilihan"
                    className={`${controlClass} min-w-0 flex-1`}
                    placeholder="mis. Large"
                    value={o.name}
                    onChange={(e) => setOptions(gi, g.options.map((x, i) => (i === oi ? { ...x, name: e.target.value } : x)))}
                  />
                  <span className="text-sm text-slate-500">+Rp</span>
                  <input
                    data-testid={`edit-option-price-${gi}-${oi}`}
                    aria-label="Tambahan harga"
                    inputMode="numeric"
                    className={`${controlClass} w-28 text-right tabular-nums`}
                    placeholder="0"
                    value={o.price === '' ? '' : (parseRupiah(o.price) ?? 0).toLocaleString('id-ID')}
                    onChange={(e) =>
                      setOptions(gi, g.options.map((x, i) => (i === oi ? { ...x, price: e.target.value.replace(/[^0-9]/g, '') } : x)))
                    }
                  />
                  <button type="button" aria-label="Pilihan naik" data-testid={`edit-option-up-${gi}-${oi}`} className={small} disabled={oi === 0} onClick={() => setOptions(gi, move(g.options, oi, oi - 1))}>
                    ↑
                  </button>
                  <button type="button" aria-label="Pilihan turun" data-testid={`edit-option-down-${gi}-${oi}`} className={small} disabled={oi === g.options.length - 1} onClick={() => setOptions(gi, move(g.options, oi, oi + 1))}>
                    ↓
                  </button>
                  <button
                    type="button"
                    aria-label="Hapus pilihan"
                    data-testid={`edit-option-remove-${gi}-${oi}`}
                    className={`${small} text-red-600`}
                    onClick={() => setOptions(gi, g.options.filter((_, i) => i !== oi))}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
            <button
              type="button"
              data-testid={`edit-option-add-${gi}`}
              className="ml-3 rounded-lg px-2 py-1.5 text-sm font-semibold text-brand-700 hover:bg-brand-50"
              onClick={() => setOptions(gi, [...g.options, { name: '', price: '' }])}
            >
              + Pilihan
            </button>
          </div>
        ))}
      </div>
      {save.error && (
        <p role="alert" data-testid="product-options-error" className={errorBox}>
          {toAppError(save.error).message}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          size="sm"
          variant="secondary"
          testId="product-options-add-group"
          onClick={() => change([...draft, { name: '', required: false, multiple: false, options: [{ name: '', price: '' }] }])}
        >
          + Grup pilihan
        </Button>
        <span className="flex-1" />
        {dirty && (
          <span className="text-xs font-medium text-amber-700" data-testid="product-options-dirty">
            Pilihan belum disimpan
          </span>
        )}
        {save.isSuccess && !dirty && (
          <span className="text-xs font-medium text-emerald-700" data-testid="product-options-saved">
            Pilihan tersimpan
          </span>
        )}
        <Button size="sm" testId="product-options-save" disabled={!dirty || save.isPending} onClick={submit}>
          {save.isPending ? 'Menyimpan…' : 'Simpan pilihan'}
        </Button>
      </div>
    </div>
  );
}
