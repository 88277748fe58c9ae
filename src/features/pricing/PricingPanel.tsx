/**
 * Pengaturan → Pajak & Harga: tax (none, PPN on DPP 11/12 or the full price, PBJT), prices with or
 * without tax, service charge, rounding for cash and for non-cash, the cashier's discount cap and
 * the QRIS merchant category (for the owner's MDR estimate). Rates are typed in percent and sent
 * in basis points (11 % → 1100). The example cart below is priced by Rust with the saved settings.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { errorBox, inputClass } from '../../components/styles';
import { bpsToPercent, formatRupiah, percentToBps } from '../../lib/format';
import type { CartLineInput, PricingSettings } from '../../lib/ipc';
import type { PpnBase } from '../../bindings/PpnBase';
import type { QrisMerchantCategory } from '../../bindings/QrisMerchantCategory';
import type { RoundingMode } from '../../bindings/RoundingMode';
import type { RoundingStep } from '../../bindings/RoundingStep';
import { useCatalogForPricing, useExampleCart, usePricingSettings, useSavePricingSettings } from './api';

type TaxKind = PricingSettings['tax']['mode'];

interface Draft {
  taxMode: TaxKind;
  taxRate: string;
  ppnBase: PpnBase;
  pricesIncludeTax: boolean;
  service: string;
  serviceTaxed: boolean;
  cashStep: RoundingStep;
  cashMode: RoundingMode;
  nonCashStep: RoundingStep;
  nonCashMode: RoundingMode;
  discountCap: string;
  merchant: QrisMerchantCategory;
}

/** The usual rates when the owner switches the tax on: PPN 12 % (on DPP 11/12), PBJT 10 %. */
const DEFAULT_RATE: Record<TaxKind, string> = { none: '', ppn: '12', pbjt: '10' };

function toDraft(s: PricingSettings): Draft {
  return {
    taxMode: s.tax.mode,
    taxRate: s.tax.mode === 'none' ? '' : bpsToPercent(s.tax.rateBps),
    ppnBase: s.tax.mode === 'ppn' ? s.tax.base : 'elevenTwelfths',
    pricesIncludeTax: s.pricesIncludeTax,
    service: bpsToPercent(s.serviceBps),
    serviceTaxed: s.serviceTaxed,
    cashStep: s.cashRounding.step,
    cashMode: s.cashRounding.mode,
    nonCashStep: s.nonCashRounding.step,
    nonCashMode: s.nonCashRounding.mode,
    discountCap: bpsToPercent(s.manualDiscountCapBps),
    merchant: s.merchantCategory,
  };
}

/** The settings to send, or the first field that is not a percentage. */
export function fromDraft(d: Draft): PricingSettings | string {
  const rate = percentToBps(d.taxRate);
  if (d.taxMode !== 'none' && rate === null) return 'Tarif pajak harus 0–100 %.';
  const service = d.service.trim() === '' ? 0 : percentToBps(d.service);
  if (service === null) return 'Service charge harus 0–100 %.';
  const cap = percentToBps(d.discountCap);
  if (cap === null) return 'Batas diskon kasir harus 0–100 %.';
  const tax: PricingSettings['tax'] =
    d.taxMode === 'none'
      ? { mode: 'none' }
      : d.taxMode === 'ppn'
        ? { mode: 'ppn', rateBps: rate ?? 0, base: d.ppnBase }
        : { mode: 'pbjt', rateBps: rate ?? 0 };
  return {
    tax,
    pricesIncludeTax: d.pricesIncludeTax,
    serviceBps: service,
    serviceTaxed: d.serviceTaxed,
    cashRounding: { step: d.cashStep, mode: d.cashMode },
    nonCashRounding: { step: d.nonCashStep, mode: d.nonCashMode },
    manualDiscountCapBps: cap,
    merchantCategory: d.merchant,
  };
}

const STEPS: { value: RoundingStep; label: string }[] = [
  { value: 'none', label: 'Tanpa pembulatan' },
  { value: '100', label: 'Rp 100' },
  { value: '500', label: 'Rp 500' },
  { value: '1000', label: 'Rp 1.000' },
];
const MODES: { value: RoundingMode; label: string }[] = [
  { value: 'down', label: 'ke bawah' },
  { value: 'nearest', label: 'terdekat' },
  { value: 'up', label: 'ke atas' },
];

/** A labelled select over a fixed list of typed options. */
function Choice<T extends string>({
  label,
  testId,
  value,
  options,
  onChange,
}: {
  label: string;
  testId: string;
  value: T;
  options: { value: T; label: string }[];
  onChange: (v: T) => void;
}) {
  return (
    <Field label={label}>
      <select data-testid={testId} className={inputClass} value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Box({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

function Check({ label, testId, checked, onChange }: { label: string; testId: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      <input
        type="checkbox"
        data-testid={testId}
        className="h-4 w-4 accent-brand-600"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

export function PricingPanel({ readOnly }: { readOnly: boolean }) {
  const settings = usePricingSettings();
  if (settings.isPending) return <p className="p-5 text-sm text-slate-500">Memuat pengaturan harga…</p>;
  if (settings.error) {
    return (
      <p role="alert" className="p-5 text-sm text-red-700">
        {settings.error.message}
      </p>
    );
  }
  return <PricingForm initial={settings.data} readOnly={readOnly} />;
}

function PricingForm({ initial, readOnly }: { initial: PricingSettings; readOnly: boolean }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(initial));
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useSavePricingSettings();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setLocalError(null);
  };
  const error = localError ?? save.error?.message ?? null;

  return (
    <div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_22rem]" data-testid="pricing-panel">
      <form
        className="space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (readOnly) return;
          const next = fromDraft(draft);
          if (typeof next === 'string') {
            setLocalError(next);
            return;
          }
          save.mutate(next);
        }}
      >
        <fieldset disabled={readOnly} className="space-y-4">
          <Box title="Pajak">
            <div className="grid grid-cols-3 gap-3">
              <Field label="Jenis pajak">
                <select
                  data-testid="pricing-tax-mode"
                  className={inputClass}
                  value={draft.taxMode}
                  onChange={(e) => {
                    const mode = e.target.value as TaxKind;
                    setDraft((d) => ({ ...d, taxMode: mode, taxRate: d.taxMode === mode ? d.taxRate : DEFAULT_RATE[mode] }));
                    setLocalError(null);
                  }}
                >
                  <option value="none">Tanpa pajak</option>
                  <option value="ppn">PPN</option>
                  <option value="pbjt">PBJT / PB1 (makanan & minuman)</option>
                </select>
              </Field>
              {draft.taxMode !== 'none' && (
                <Field label="Tarif (%)">
                  <input
                    data-testid="pricing-tax-rate"
                    className={inputClass}
                    inputMode="decimal"
                    value={draft.taxRate}
                    onChange={(e) => set('taxRate', e.target.value)}
                  />
                </Field>
              )}
              {draft.taxMode === 'ppn' && (
                <Field label="Dasar pengenaan (DPP)">
                  <select
                    data-testid="pricing-ppn-base"
                    className={inputClass}
                    value={draft.ppnBase}
                    onChange={(e) => set('ppnBase', e.target.value as PpnBase)}
                  >
                    <option value="elevenTwelfths">11/12 dari harga (PPN efektif 11 %)</option>
                    <option value="full">Harga penuh</option>
                  </select>
                </Field>
              )}
            </div>
            <Check
              label="Harga jual sudah termasuk pajak"
              testId="pricing-include-tax"
              checked={draft.pricesIncludeTax}
              onChange={(v) => set('pricesIncludeTax', v)}
            />
            <p className="text-xs text-slate-500">Barang bebas pajak (mis. sembako) diatur di Barang → Ubah.</p>
          </Box>
          <Box title="Service charge">
            <div className="grid grid-cols-3 gap-3">
              <Field label="Service (%)" hint="0 = tanpa service charge">
                <input
                  data-testid="pricing-service"
                  className={inputClass}
                  inputMode="decimal"
                  value={draft.service}
                  onChange={(e) => set('service', e.target.value)}
                />
              </Field>
            </div>
            <Check
              label="Service charge dikenai pajak"
              testId="pricing-service-taxed"
              checked={draft.serviceTaxed}
              onChange={(v) => set('serviceTaxed', v)}
            />
          </Box>
          <Box title="Pembulatan total">
            <div className="grid grid-cols-2 gap-3">
              <Choice label="Tunai: kelipatan" testId="pricing-cash-step" value={draft.cashStep} options={STEPS} onChange={(v) => set('cashStep', v)} />
              <Choice label="Tunai: arah" testId="pricing-cash-mode" value={draft.cashMode} options={MODES} onChange={(v) => set('cashMode', v)} />
              <Choice
                label="QRIS / non-tunai: kelipatan"
                testId="pricing-noncash-step"
                value={draft.nonCashStep}
                options={STEPS}
                onChange={(v) => set('nonCashStep', v)}
              />
              <Choice
                label="QRIS / non-tunai: arah"
                testId="pricing-noncash-mode"
                value={draft.nonCashMode}
                options={MODES}
                onChange={(v) => set('nonCashMode', v)}
              />
            </div>
            <p className="text-xs text-slate-500">QRIS menagih tepat total non-tunai yang sudah dibulatkan; tidak ada biaya QRIS untuk pembeli.</p>
          </Box>
          <Box title="Diskon dan QRIS">
            <div className="grid grid-cols-2 gap-3">
              <Field label="Batas diskon kasir (%)" hint="Di atas batas ini perlu PIN pemilik; 100 = tanpa batas.">
                <input
                  data-testid="pricing-discount-cap"
                  className={inputClass}
                  inputMode="decimal"
                  value={draft.discountCap}
                  onChange={(e) => set('discountCap', e.target.value)}
                />
              </Field>
              <Field label="Kategori merchant QRIS" hint="Untuk perkiraan MDR di Laporan → Laba & Pajak.">
                <select data-testid="pricing-merchant" className={inputClass} value={draft.merchant} onChange={(e) => set('merchant', e.target.value as QrisMerchantCategory)}>
                  <option value="micro">Usaha mikro (0 % s.d. Rp 500.000, 0,3 % di atasnya)</option>
                  <option value="other">Usaha kecil, menengah, besar (0,7 %)</option>
                </select>
              </Field>
            </div>
          </Box>
        </fieldset>
        {error && (
          <p role="alert" data-testid="pricing-error" className={errorBox}>
            {error}
          </p>
        )}
        {!readOnly && (
          <div className="flex items-center gap-3">
            <Button type="submit" testId="pricing-save" disabled={save.isPending}>
              {save.isPending ? 'Menyimpan…' : 'Simpan'}
            </Button>
            {save.isSuccess && !save.isPending && (
              <span role="status" className="text-sm font-medium text-emerald-700">
                Pajak & Harga tersimpan.
              </span>
            )}
          </div>
        )}
      </form>
      <ExampleCart />
    </div>
  );
}

/** Two or three products of the catalogue, one each, priced by Rust with the saved settings. */
function ExampleCart() {
  const catalog = useCatalogForPricing();
  const lines = useMemo<CartLineInput[]>(
    () =>
      (catalog.data?.products ?? [])
        .filter((p) => p.active)
        .slice(0, 3)
        .map((p) => ({ productId: p.id, qty: 1 })),
    [catalog.data],
  );
  const example = useExampleCart(lines);
  const c = example.data;
  const b = c?.breakdown;
  const row = (label: ReactNode, amount: number, testId?: string) => (
    <div className="flex justify-between gap-2" data-testid={testId}>
      <dt className="min-w-0 truncate">{label}</dt>
      <dd className="shrink-0 tabular-nums">{formatRupiah(amount)}</dd>
    </div>
  );
  return (
    <aside className="space-y-2" data-testid="pricing-example">
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Contoh keranjang</h3>
      <div className="rounded-xl bg-white p-4 text-sm shadow-sm ring-1 ring-slate-200">
        {lines.length === 0 && <p className="text-slate-500">Belum ada barang di katalog.</p>}
        {example.error && <p className="text-red-700">{example.error.message}</p>}
        {c && b && (
          <dl className="space-y-1">
            {c.lines.map((l) => (
              <div key={l.productId} className="flex justify-between gap-2 text-slate-600">
                <dt className="min-w-0 truncate">
                  {l.qty}× {l.name}
                </dt>
                <dd className="shrink-0 tabular-nums">{formatRupiah(l.lineTotal)}</dd>
              </div>
            ))}
            <div className="border-t border-slate-100 pt-1">{row('Subtotal', b.subtotal, 'pricing-example-subtotal')}</div>
            {b.discounts.map((d, i) => (
              <div key={i} className="flex justify-between text-emerald-700">
                <dt>{d.label}</dt>
                <dd className="tabular-nums">−{formatRupiah(d.amount)}</dd>
              </div>
            ))}
            {b.serviceLabel !== null && row(b.serviceLabel, b.serviceCharge, 'pricing-example-service')}
            {b.taxLabel !== null &&
              row(
                <>
                  {b.taxLabel}
                  {b.taxIncluded && ' (termasuk)'}
                </>,
                b.tax,
                'pricing-example-tax',
              )}
            {row('Pembulatan tunai', b.cash.rounding)}
            {row('Pembulatan QRIS', b.nonCash.rounding)}
            <div className="border-t border-slate-100 pt-1 font-semibold">
              {row('Total tunai', b.cash.total, 'pricing-example-cash')}
              {row('Total QRIS', b.nonCash.total, 'pricing-example-noncash')}
            </div>
            <p className="pt-1 text-xs text-slate-500">
              Perkiraan MDR QRIS {formatRupiah(b.qris.mdr)} · diterima {formatRupiah(b.qris.netSettlement)}
            </p>
          </dl>
        )}
      </div>
    </aside>
  );
}
