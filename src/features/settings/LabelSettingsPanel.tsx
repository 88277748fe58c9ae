/**
 * Pengaturan → Label: where price labels print — on the receipt printer (ESC/POS), on a label
 * printer speaking TSPL (its own connection and the label size in mm), or on an A4 sheet as PDF
 * (3×8 or 4×10). A size the printer cannot take is refused by Rust; its message is shown here.
 */
import { useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { errorBox, inputClass as input } from '../../components/styles';
import type { LabelSettings, LabelSheet, LabelTarget } from '../../lib/ipc';
import { ConnectionFields } from './ConnectionFields';
import { useLabelSettings, useSaveLabelSettings } from './api';

const TARGETS: { value: LabelTarget; label: string; hint: string }[] = [
  {
    value: 'receipt',
    label: 'Printer struk (ESC/POS)',
    hint: 'Barcode, nama dan harga dicetak di printer struk (Pengaturan → Printer), satu label per potongan.',
  },
  {
    value: 'tspl',
    label: 'Printer label (TSPL)',
    hint: 'Printer label Xprinter, TSC dan sejenisnya. Atur koneksi dan ukuran label di bawah.',
  },
  {
    value: 'pdf',
    label: 'Kertas A4 (PDF)',
    hint: 'Lembar A4 berisi label, dibuka dengan penampil PDF untuk dicetak di printer biasa.',
  },
];

const SHEETS: { value: LabelSheet; label: string }[] = [
  { value: 'a4_3x8', label: 'A4, 3 × 8 (24 label per lembar)' },
  { value: 'a4_4x10', label: 'A4, 4 × 10 (40 label per lembar)' },
];

type SizeKey = 'widthMm' | 'heightMm' | 'gapMm';

const SIZES: { key: SizeKey; label: string; testId: string }[] = [
  { key: 'widthMm', label: 'Lebar (mm)', testId: 'label-width-mm' },
  { key: 'heightMm', label: 'Tinggi (mm)', testId: 'label-height-mm' },
  { key: 'gapMm', label: 'Jarak antar label (mm)', testId: 'label-gap-mm' },
];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

/** Whole millimetres, as TSPL's `SIZE`/`GAP` take them ("50", " 2 ") → 50 / 2; else null. */
function parseMm(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : null;
}

function LabelForm({ initial, readOnly }: { initial: LabelSettings; readOnly: boolean }) {
  const [draft, setDraft] = useState<LabelSettings>(initial);
  const [sizes, setSizes] = useState<Record<SizeKey, string>>({
    widthMm: String(initial.widthMm),
    heightMm: String(initial.heightMm),
    gapMm: String(initial.gapMm),
  });
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useSaveLabelSettings();
  const patch = (changes: Partial<LabelSettings>) => setDraft((d) => ({ ...d, ...changes }));
  const target = TARGETS.find((t) => t.value === draft.target);

  const submit = () => {
    setLocalError(null);
    save.reset();
    const parsed = { widthMm: parseMm(sizes.widthMm), heightMm: parseMm(sizes.heightMm), gapMm: parseMm(sizes.gapMm) };
    const bad = SIZES.find((s) => parsed[s.key] === null);
    if (bad) {
      setLocalError(`${bad.label}: isi bilangan bulat dalam mm, mis. 50.`);
      return;
    }
    save.mutate(
      {
        ...draft,
        widthMm: parsed.widthMm ?? draft.widthMm,
        heightMm: parsed.heightMm ?? draft.heightMm,
        gapMm: parsed.gapMm ?? draft.gapMm,
      },
      {
        // Show what Rust stored.
        onSuccess: (saved) => {
          setDraft(saved);
          setSizes({ widthMm: String(saved.widthMm), heightMm: String(saved.heightMm), gapMm: String(saved.gapMm) });
        },
      },
    );
  };
  const failure = localError ?? save.error?.message ?? null;

  return (
    <form
      className="max-w-2xl space-y-4 overflow-y-auto p-5"
      data-testid="label-settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (!readOnly) submit();
      }}
    >
      <fieldset disabled={readOnly} className="space-y-4">
        <Section title="Cetak label di">
          <Field label="Tujuan cetak" hint={target?.hint}>
            <select
              className={input}
              value={draft.target}
              aria-label="Tujuan cetak label"
              data-testid="label-target"
              onChange={(e) => patch({ target: e.target.value as LabelTarget })}
            >
              {TARGETS.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input
              type="checkbox"
              className="h-4 w-4 accent-brand-600"
              data-testid="label-show-shop-name"
              checked={draft.showShopName}
              onChange={(e) => patch({ showShopName: e.target.checked })}
            />
            Tampilkan nama toko di label
          </label>
        </Section>

        {draft.target === 'tspl' && (
          <>
            <Section title="Koneksi printer label">
              <ConnectionFields value={draft} onChange={patch} enabled={!readOnly} testIdPrefix="label-" />
            </Section>
            <Section title="Ukuran label">
              <div className="grid grid-cols-3 gap-3">
                {SIZES.map((s) => (
                  <Field key={s.key} label={s.label}>
                    <input
                      className={input}
                      inputMode="numeric"
                      data-testid={s.testId}
                      value={sizes[s.key]}
                      onChange={(e) => setSizes((v) => ({ ...v, [s.key]: e.target.value }))}
                    />
                  </Field>
                ))}
              </div>
              <p className="text-xs text-slate-500">
                Sesuai gulungan label, mis. 50 × 30 mm dengan jarak 2 mm. Ukuran yang tidak bisa dicetak printer
                ditolak saat disimpan.
              </p>
            </Section>
          </>
        )}

        {draft.target === 'pdf' && (
          <Section title="Lembar A4">
            <Field label="Tata letak" hint="Cocok dengan kertas label A4 siap pakai.">
              <select
                className={input}
                value={draft.sheet}
                aria-label="Tata letak lembar"
                data-testid="label-sheet"
                onChange={(e) => patch({ sheet: e.target.value as LabelSheet })}
              >
                {SHEETS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </Field>
          </Section>
        )}
      </fieldset>

      {failure && (
        <p role="alert" data-testid="label-settings-error" className={errorBox}>
          {failure}
        </p>
      )}
      {!readOnly && (
        <div className="flex items-center gap-3">
          <Button type="submit" testId="label-settings-save" disabled={save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
          {save.isSuccess && !save.isPending && (
            <span role="status" className="text-sm font-medium text-emerald-700">
              Pengaturan label tersimpan.
            </span>
          )}
        </div>
      )}
    </form>
  );
}

export function LabelSettingsPanel({ readOnly = false }: { readOnly?: boolean }) {
  const settings = useLabelSettings();
  if (settings.isPending) return <p className="p-5 text-sm text-slate-500">Memuat pengaturan…</p>;
  if (settings.error) {
    return (
      <p role="alert" className="p-5 text-sm text-red-700">
        {settings.error.message}
      </p>
    );
  }
  return <LabelForm initial={settings.data} readOnly={readOnly} />;
}
