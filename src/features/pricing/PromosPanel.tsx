/**
 * Promos (owner): the list, add/edit, activate/deactivate. Conditions: categories or products,
 * minimum purchase, date range, days of the week, an hours window ("happy hour"). Rust validates
 * (dates that end before they start, a percent above 100 %, an empty window) and its Indonesian
 * message is shown in the form.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { bpsToPercent, formatRupiah, parseRupiah, percentToBps } from '../../lib/format';
import type { Catalog, Promo, PromoRule } from '../../lib/ipc';
import type { PromoActivation } from '../../bindings/PromoActivation';
import type { PromoDay } from '../../bindings/PromoDay';
import type { PromoTarget } from '../../bindings/PromoTarget';
import { useCatalogForPricing, usePromos, useSavePromo } from './api';

const DAYS: { value: PromoDay; label: string }[] = [
  { value: 'monday', label: 'Sen' },
  { value: 'tuesday', label: 'Sel' },
  { value: 'wednesday', label: 'Rab' },
  { value: 'thursday', label: 'Kam' },
  { value: 'friday', label: 'Jum' },
  { value: 'saturday', label: 'Sab' },
  { value: 'sunday', label: 'Min' },
];

function hhmm(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function minuteOf(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

export function describeValue(rule: PromoRule): string {
  return rule.value.type === 'percent' ? `${bpsToPercent(rule.value.bps)}%` : formatRupiah(rule.value.rupiah);
}

interface Draft {
  name: string;
  kind: 'percent' | 'amount';
  value: string;
  target: PromoTarget;
  activation: PromoActivation;
  categoryIds: number[];
  productIds: number[];
  min: string;
  fromDate: string;
  untilDate: string;
  days: PromoDay[];
  hoursStart: string;
  hoursEnd: string;
  active: boolean;
}

function toDraft(p: Promo | null): Draft {
  const r = p?.rule;
  return {
    name: r?.name ?? '',
    kind: r?.value.type ?? 'percent',
    value: r ? (r.value.type === 'percent' ? bpsToPercent(r.value.bps) : String(r.value.rupiah)) : '',
    target: r?.target ?? 'lines',
    activation: r?.activation ?? 'automatic',
    categoryIds: r?.conditions.categoryIds ?? [],
    productIds: r?.conditions.productIds ?? [],
    min: r && r.conditions.minPurchase > 0 ? String(r.conditions.minPurchase) : '',
    fromDate: r?.conditions.fromDate ?? '',
    untilDate: r?.conditions.untilDate ?? '',
    days: r?.conditions.days ?? [],
    hoursStart: r?.conditions.hours ? hhmm(r.conditions.hours.startMinute) : '',
    hoursEnd: r?.conditions.hours ? hhmm(r.conditions.hours.endMinute) : '',
    active: p?.active ?? true,
  };
}

/** The rule to send, or what is missing in the form (Rust checks the rest). */
export function ruleFromDraft(id: number, d: Draft): PromoRule | string {
  let value: PromoRule['value'];
  if (d.kind === 'percent') {
    const bps = percentToBps(d.value);
    if (bps === null) return 'Nilai promo harus persen 0–100 (mis. 10).';
    value = { type: 'percent', bps };
  } else {
    const rupiah = parseRupiah(d.value);
    if (rupiah === null) return 'Nilai promo harus angka rupiah (mis. 5000).';
    value = { type: 'amount', rupiah };
  }
  const minPurchase = d.min.trim() === '' ? 0 : parseRupiah(d.min);
  if (minPurchase === null) return 'Minimum belanja harus angka rupiah.';
  let hours: PromoRule['conditions']['hours'] = null;
  if (d.hoursStart.trim() !== '' || d.hoursEnd.trim() !== '') {
    const start = minuteOf(d.hoursStart);
    const end = minuteOf(d.hoursEnd);
    if (start === null || end === null) return 'Isi jam mulai dan jam selesai (JJ:MM).';
    hours = { startMinute: start, endMinute: end };
  }
  return {
    id,
    name: d.name.trim(),
    value,
    target: d.target,
    activation: d.activation,
    conditions: {
      minPurchase,
      productIds: d.productIds,
      categoryIds: d.categoryIds,
      fromDate: d.fromDate === '' ? null : d.fromDate,
      untilDate: d.untilDate === '' ? null : d.untilDate,
      days: DAYS.map((x) => x.value).filter((x) => d.days.includes(x)),
      hours,
    },
  };
}

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function PromosPanel({ readOnly = false }: { readOnly?: boolean }) {
  const promos = usePromos();
  const catalog = useCatalogForPricing();
  const save = useSavePromo();
  const [editing, setEditing] = useState<{ promo: Promo | null } | null>(null);
  const rows = promos.data ?? [];

  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="promos-panel">
      <div className="flex items-center justify-between">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Promo</h3>
        {!readOnly && (
          <Button size="sm" testId="promo-add" onClick={() => setEditing({ promo: null })}>
            + Promo
          </Button>
        )}
      </div>
      {promos.error && <p className={errorBox}>{promos.error.message}</p>}
      {save.error && !editing && (
        <p role="alert" className={errorBox} data-testid="promo-toggle-error">
          {save.error.message}
        </p>
      )}
      {rows.length === 0 && promos.isSuccess && <p className="text-sm text-slate-500">Belum ada promo.</p>}
      <ul className="divide-y divide-slate-100">
        {rows.map((p) => {
          const c = p.rule.conditions;
          return (
            <li key={p.rule.id} data-testid="promo-row" className="flex items-center gap-3 py-2 text-sm">
              <div className="min-w-0 flex-1">
                <p className={`truncate font-semibold ${p.active ? 'text-slate-800' : 'text-slate-400'}`}>
                  {p.rule.name} · {describeValue(p.rule)}
                </p>
                <p className="truncate text-xs text-slate-500">
                  {p.rule.target === 'lines' ? 'per barang' : 'keranjang'} ·{' '}
                  {p.rule.activation === 'automatic' ? 'otomatis' : 'dipilih kasir'}
                  {c.minPurchase > 0 && ` · min. ${formatRupiah(c.minPurchase)}`}
                  {c.hours && ` · ${hhmm(c.hours.startMinute)}–${hhmm(c.hours.endMinute)}`}
                  {(c.fromDate || c.untilDate) && ` · ${c.fromDate ?? '…'} s.d. ${c.untilDate ?? '…'}`}
                  {!p.active && ' · nonaktif'}
                </p>
              </div>
              {!readOnly && (
                <>
                  <Button
                    size="sm"
                    variant="secondary"
                    testId={`promo-toggle-${p.rule.id}`}
                    disabled={save.isPending}
                    onClick={() => save.mutate({ rule: p.rule, active: !p.active })}
                  >
                    {p.active ? 'Nonaktifkan' : 'Aktifkan'}
                  </Button>
                  <Button size="sm" variant="secondary" testId={`promo-edit-${p.rule.id}`} onClick={() => setEditing({ promo: p })}>
                    Ubah
                  </Button>
                </>
              )}
            </li>
          );
        })}
      </ul>
      {editing && (
        <PromoForm
          promo={editing.promo}
          catalog={catalog.data}
          onClose={() => {
            save.reset();
            setEditing(null);
          }}
          save={save}
        />
      )}
    </section>
  );
}

function PromoForm({
  promo,
  catalog,
  onClose,
  save,
}: {
  promo: Promo | null;
  catalog: Catalog | undefined;
  onClose: () => void;
  save: ReturnType<typeof useSavePromo>;
}) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(promo));
  const [localError, setLocalError] = useState<string | null>(null);
  useEscape(onClose, { enabled: !save.isPending });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setLocalError(null);
  };
  const error = localError ?? save.error?.message ?? null;

  return (
    <Modal title={promo ? `Ubah Promo · ${promo.rule.name}` : 'Promo Baru'} testId="promo-form" onClose={onClose} width="max-w-2xl">
      <form
        className="max-h-[75vh] space-y-3 overflow-y-auto pr-1"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const rule = ruleFromDraft(promo?.rule.id ?? 0, draft);
          if (typeof rule === 'string') {
            setLocalError(rule);
            return;
          }
          save.mutate({ rule, active: draft.active }, { onSuccess: onClose });
        }}
      >
        <Field label="Nama promo (tercetak di struk)">
          <input data-testid="promo-name" className={inputClass} value={draft.name} autoFocus onChange={(e) => set('name', e.target.value)} />
        </Field>
        <div className="grid grid-cols-4 gap-3">
          <Field label="Jenis">
            <select data-testid="promo-kind" className={inputClass} value={draft.kind} onChange={(e) => set('kind', e.target.value as Draft['kind'])}>
              <option value="percent">Persen</option>
              <option value="amount">Rupiah</option>
            </select>
          </Field>
          <Field label={draft.kind === 'percent' ? 'Nilai (%)' : 'Nilai (Rp)'}>
            <input data-testid="promo-value" className={inputClass} inputMode="decimal" value={draft.value} onChange={(e) => set('value', e.target.value)} />
          </Field>
          <Field label="Berlaku untuk">
            <select data-testid="promo-target" className={inputClass} value={draft.target} onChange={(e) => set('target', e.target.value as PromoTarget)}>
              <option value="lines">Barang</option>
              <option value="cart">Keranjang</option>
            </select>
          </Field>
          <Field label="Aktivasi">
            <select data-testid="promo-activation" className={inputClass} value={draft.activation} onChange={(e) => set('activation', e.target.value as PromoActivation)}>
              <option value="automatic">Otomatis</option>
              <option value="picked">Dipilih kasir</option>
            </select>
          </Field>
        </div>
        {catalog && catalog.categories.length > 0 && (
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Kategori (kosong = semua barang)</legend>
            <div className="mt-1 flex flex-wrap gap-3">
              {catalog.categories.map((c) => (
                <label key={c.id} className="flex items-center gap-1.5 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    data-testid={`promo-category-${c.id}`}
                    className="h-4 w-4 accent-brand-600"
                    checked={draft.categoryIds.includes(c.id)}
                    onChange={() => set('categoryIds', toggle(draft.categoryIds, c.id))}
                  />
                  {c.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {catalog && catalog.products.length > 0 && (
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Barang tertentu</legend>
            <div className="mt-1 flex max-h-28 flex-wrap gap-x-3 gap-y-1 overflow-y-auto">
              {catalog.products.map((p) => (
                <label key={p.id} className="flex items-center gap-1.5 text-xs text-slate-700">
                  <input
                    type="checkbox"
                    data-testid={`promo-product-${p.id}`}
                    className="h-3.5 w-3.5 accent-brand-600"
                    checked={draft.productIds.includes(p.id)}
                    onChange={() => set('productIds', toggle(draft.productIds, p.id))}
                  />
                  {p.name}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div className="grid grid-cols-3 gap-3">
          <Field label="Minimum belanja (Rp)">
            <input data-testid="promo-min" className={inputClass} inputMode="numeric" placeholder="0" value={draft.min} onChange={(e) => set('min', e.target.value)} />
          </Field>
          <Field label="Mulai tanggal">
            <input type="date" data-testid="promo-from" className={inputClass} value={draft.fromDate} onChange={(e) => set('fromDate', e.target.value)} />
          </Field>
          <Field label="Sampai tanggal">
            <input type="date" data-testid="promo-until" className={inputClass} value={draft.untilDate} onChange={(e) => set('untilDate', e.target.value)} />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Hari (kosong = setiap hari)</legend>
          <div className="mt-1 flex gap-3">
            {DAYS.map((d) => (
              <label key={d.value} className="flex items-center gap-1 text-sm text-slate-700">
                <input
                  type="checkbox"
                  data-testid={`promo-day-${d.value}`}
                  className="h-4 w-4 accent-brand-600"
                  checked={draft.days.includes(d.value)}
                  onChange={() => set('days', toggle(draft.days, d.value))}
                />
                {d.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-3 gap-3">
          <Field label="Jam mulai (JJ:MM)" hint="Kosong = sepanjang hari">
            <input data-testid="promo-hours-start" className={inputClass} placeholder="15:00" value={draft.hoursStart} onChange={(e) => set('hoursStart', e.target.value)} />
          </Field>
          <Field label="Jam selesai (JJ:MM)">
            <input data-testid="promo-hours-end" className={inputClass} placeholder="17:00" value={draft.hoursEnd} onChange={(e) => set('hoursEnd', e.target.value)} />
          </Field>
          <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium text-slate-700">
            <input type="checkbox" data-testid="promo-active" className="h-4 w-4 accent-brand-600" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
            Aktif
          </label>
        </div>
        {error && (
          <p role="alert" data-testid="promo-error" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" size="sm" onClick={onClose}>
            Batal
          </Button>
          <Button type="submit" size="sm" testId="promo-save" disabled={save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
