/**
 * Pengaturan → Printer: how the receipt printer is connected (USB, serial/Bluetooth, network, …),
 * paper and code page, auto-print, copies, cash drawer, the shop identity, the logo, header and
 * footer lines and which fields the receipt shows. "Cetak Tes" shows the real printer error; the
 * preview is decoded from the exact bytes the printer gets.
 */
import { useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { inputClass as input } from '../../components/styles';
import type { PrinterSettings } from '../../lib/ipc';
import type { PaperChoice } from '../../bindings/PaperChoice';
import type { CodePageChoice } from '../../bindings/CodePageChoice';
import type { OrderCodeChoice } from '../../bindings/OrderCodeChoice';
import { TillSettingsPanel, UsersPanel, useCan } from '../auth';
import { BackupPanel } from '../backups';
import { CustomerDisplayPanel } from '../display';
import { PricingPanel, PromosPanel } from '../pricing';
import { CatalogDisplayPanel } from './CatalogDisplayPanel';
import { ConnectionFields } from './ConnectionFields';
import { KitchenPrintersPanel } from './KitchenPrintersPanel';
import { LabelSettingsPanel } from './LabelSettingsPanel';
import { ReceiptLogoPanel } from './ReceiptLogoPanel';
import { ReceiptPreviewPanel } from './ReceiptPreviewPanel';
import { ShopClockPanel } from './ShopClockPanel';
import { SupportPanel } from './SupportPanel';
import {
  usePrinterSettings,
  useReceiptPreview,
  useSavePrinterSettings,
  useTestPrint,
} from './api';

function Toggle({
  label,
  checked,
  onChange,
  testId,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  testId?: string;
}) {
  return (
    <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
      <input
        type="checkbox"
        className="h-4 w-4 accent-brand-600"
        data-testid={testId}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">{title}</h3>
      {children}
    </section>
  );
}

function PrinterForm({ initial, readOnly }: { initial: PrinterSettings; readOnly: boolean }) {
  const [draft, setDraft] = useState<PrinterSettings>(initial);
  const save = useSavePrinterSettings();
  const test = useTestPrint();
  const preview = useReceiptPreview(draft);
  const set = <K extends keyof PrinterSettings>(key: K, value: PrinterSettings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const patch = (changes: Partial<PrinterSettings>) => setDraft((d) => ({ ...d, ...changes }));

  return (
    <div className="grid min-h-0 flex-1 gap-5 overflow-y-auto p-5 lg:grid-cols-[minmax(0,1fr)_auto]">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (!readOnly) save.mutate(draft);
        }}
      >
        <fieldset disabled={readOnly} className="space-y-4">
        <Section title="Koneksi printer">
          <ConnectionFields value={draft} onChange={patch} enabled={!readOnly} />
        </Section>

        <Section title="Kertas dan cetak">
          <div className="grid grid-cols-2 gap-3">
            <Field label="Lebar kertas">
              <select
                className={input}
                value={draft.paper}
                aria-label="Lebar kertas"
                onChange={(e) => set('paper', e.target.value as PaperChoice)}
              >
                <option value="58">58 mm (32 kolom)</option>
                <option value="80">80 mm (48 kolom)</option>
                <option value="42">42 kolom</option>
              </select>
            </Field>
            <Field label="Code page">
              <select
                className={input}
                value={draft.codePage}
                aria-label="Code page"
                onChange={(e) => set('codePage', e.target.value as CodePageChoice)}
              >
                <option value="pc437">PC437 (standar)</option>
                <option value="pc850">PC850 (Multilingual)</option>
              </select>
            </Field>
            <Field label="Jumlah salinan">
              <input
                className={input}
                type="number"
                min={1}
                max={5}
                value={draft.copies}
                onChange={(e) => set('copies', Math.min(5, Math.max(1, Number(e.target.value) || 1)))}
              />
            </Field>
            <Field label="Kode di bawah struk">
              <select
                className={input}
                value={draft.orderCode}
                aria-label="Kode di bawah struk"
                onChange={(e) => set('orderCode', e.target.value as OrderCodeChoice)}
              >
                <option value="qr">QR nomor pesanan</option>
                <option value="code128">Barcode nomor pesanan</option>
                <option value="none">Tidak ada</option>
              </select>
            </Field>
          </div>
          <Toggle
            label="Cetak struk otomatis setelah Lunas"
            checked={draft.autoPrint}
            onChange={(v) => set('autoPrint', v)}
          />
          <Toggle
            label="Buka laci uang untuk pembayaran tunai"
            checked={draft.drawerOnCash}
            onChange={(v) => set('drawerOnCash', v)}
          />
          <Toggle
            label="Printer mode Cina (kirim FS . di awal)"
            checked={draft.cancelKanji}
            onChange={(v) => set('cancelKanji', v)}
          />
        </Section>

        <Section title="Identitas toko">
          <Field label="Nama toko">
            <input
              className={input}
              value={draft.storeName}
              onChange={(e) => set('storeName', e.target.value)}
            />
          </Field>
          <Field label="Alamat">
            <textarea
              className={input}
              rows={2}
              value={draft.storeAddress}
              onChange={(e) => set('storeAddress', e.target.value)}
            />
          </Field>
          <div className="grid grid-cols-2 gap-3">
            <Field label="Telepon">
              <input
                className={input}
                value={draft.storePhone}
                onChange={(e) => set('storePhone', e.target.value)}
              />
            </Field>
            <Field label="NPWP">
              <input
                className={input}
                value={draft.storeNpwp}
                onChange={(e) => set('storeNpwp', e.target.value)}
              />
            </Field>
          </div>
        </Section>

        <Section title="Logo struk">
          <ReceiptLogoPanel savedPaper={initial.paper} readOnly={readOnly} />
        </Section>

        <Section title="Isi struk">
          <Field
            label="Baris kepala struk"
            hint="Satu baris per baris struk, dicetak di bawah alamat. Mis. “Buka 07.00–22.00”."
          >
            <textarea
              className={`${input} font-mono`}
              rows={3}
              data-testid="receipt-header-lines"
              value={draft.headerText}
              onChange={(e) => set('headerText', e.target.value)}
            />
          </Field>
          <Field
            label="Baris kaki struk"
            hint="Satu baris per baris struk. Mis. “Terima kasih”, “Wi-Fi: warungsari / sandi123”, “IG @warungsari”."
          >
            <textarea
              className={`${input} font-mono`}
              rows={4}
              data-testid="receipt-footer-lines"
              value={draft.footerText}
              onChange={(e) => set('footerText', e.target.value)}
            />
          </Field>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">Tampilkan di struk</legend>
            <div className="grid grid-cols-2 gap-2">
              <Toggle
                label="Alamat"
                testId="show-address"
                checked={draft.showAddress}
                onChange={(v) => set('showAddress', v)}
              />
              <Toggle
                label="Telepon"
                testId="show-phone"
                checked={draft.showPhone}
                onChange={(v) => set('showPhone', v)}
              />
              <Toggle label="NPWP" testId="show-npwp" checked={draft.showNpwp} onChange={(v) => set('showNpwp', v)} />
              <Toggle
                label="Kasir"
                testId="show-cashier"
                checked={draft.showCashier}
                onChange={(v) => set('showCashier', v)}
              />
            </div>
          </fieldset>
        </Section>
        </fieldset>

        {!readOnly && (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
          <button
            type="button"
            disabled={test.isPending}
            onClick={() => test.mutate(draft)}
            className="rounded-xl bg-slate-800 px-5 py-2.5 font-semibold text-white hover:bg-slate-900 disabled:opacity-60"
          >
            {test.isPending ? 'Mencetak…' : 'Cetak Tes'}
          </button>
          {save.isSuccess && !save.isPending && (
            <span role="status" className="text-sm font-medium text-emerald-700">
              Pengaturan tersimpan.
            </span>
          )}
        </div>
        )}
        {save.error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {save.error.message}
          </p>
        )}
        {test.error && (
          <p
            role="alert"
            data-testid="test-print-error"
            className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800"
          >
            Cetak tes gagal: {test.error.message}
          </p>
        )}
        {test.data && !test.isPending && !test.error && (
          <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            Halaman tes terkirim ke {test.data.target} ({test.data.bytes} byte).
          </p>
        )}
      </form>

      <aside className="space-y-2">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Pratinjau struk</h3>
        {preview.data && <ReceiptPreviewPanel preview={preview.data} />}
        {preview.error && <p className="text-sm text-red-700">{preview.error.message}</p>}
      </aside>
    </div>
  );
}

/**
 * The settings screen: Printer, Printer Dapur & Bar (kitchen/bar tickets), Label (the label printer), Toko & Waktu (with the till's photo
 * switch), Pengguna (owner: users and the till's idle lock and
 * note threshold), Cadangan (owner: backups and restore), Info & Log. A cashier sees the forms read only (Rust refuses their saves).
 */
export type SettingsSection =
  | 'printer'
  | 'dapur'
  | 'label'
  | 'toko'
  | 'pajak'
  | 'pengguna'
  | 'cadangan'
  | 'info';

const SECTIONS: { id: SettingsSection; label: string }[] = [
  { id: 'printer', label: 'Printer' },
  { id: 'dapur', label: 'Printer Dapur & Bar' },
  { id: 'label', label: 'Label' },
  { id: 'toko', label: 'Toko & Waktu' },
  { id: 'pajak', label: 'Pajak & Harga' },
  { id: 'pengguna', label: 'Pengguna' },
  { id: 'cadangan', label: 'Cadangan' },
  { id: 'info', label: 'Info & Log' },
];

/** `initialSection`: where to open (the header's "Cadangan gagal" badge opens Cadangan). */
export function SettingsPage({ initialSection = 'printer' }: { initialSection?: SettingsSection }) {
  const [picked, setSection] = useState<SettingsSection>(initialSection);
  const canManage = useCan('manage_settings');
  const canUsers = useCan('manage_users');
  const canBackup = useCan('backup');
  const canCatalog = useCan('manage_catalog');
  const sections = SECTIONS.filter(
    (s) => (s.id !== 'pengguna' || canUsers) && (s.id !== 'cadangan' || canBackup),
  );
  // Signed in as someone else (a cashier after the owner): fall back to a section they may see.
  const section = sections.some((s) => s.id === picked) ? picked : 'printer';
  const settings = usePrinterSettings();
  return (
    <div className="flex min-h-0 flex-1 flex-col bg-slate-50" data-testid="settings-page">
      <div className="flex items-center gap-4 border-b border-slate-200 bg-white px-5 py-3">
        <h2 className="text-lg font-bold text-slate-900">Pengaturan</h2>
        <nav aria-label="Bagian pengaturan" className="flex gap-2">
          {sections.map((s) => (
            <button
              key={s.id}
              type="button"
              data-testid={`settings-section-${s.id}`}
              aria-current={section === s.id ? 'page' : undefined}
              onClick={() => setSection(s.id)}
              className={`rounded-lg px-3 py-1.5 text-sm font-semibold ${
                section === s.id
                  ? 'bg-brand-50 text-brand-800 ring-1 ring-brand-200'
                  : 'text-slate-600 hover:bg-slate-100'
              }`}
            >
              {s.label}
            </button>
          ))}
        </nav>
      </div>
      {!canManage && (
        <p className="border-b border-amber-200 bg-amber-50 px-5 py-2 text-sm text-amber-900" data-testid="settings-read-only">
          Hanya pemilik yang dapat mengubah pengaturan.
        </p>
      )}
      {section === 'toko' && (
        <div className="min-h-0 overflow-y-auto">
          <ShopClockPanel readOnly={!canManage} />
          <CatalogDisplayPanel readOnly={!canManage} />
          <CustomerDisplayPanel readOnly={!canManage} />
        </div>
      )}
      {section === 'label' && <LabelSettingsPanel readOnly={!canManage} />}
      {section === 'dapur' && <KitchenPrintersPanel readOnly={!canManage} />}
      {section === 'pajak' && (
        <div className="space-y-5 overflow-y-auto p-5">
          <PricingPanel readOnly={!canManage} />
          <PromosPanel readOnly={!canCatalog} />
        </div>
      )}
      {section === 'pengguna' && (
        <div className="grid gap-5 overflow-y-auto p-5 lg:grid-cols-[minmax(0,1fr)_24rem]">
          <UsersPanel />
          <TillSettingsPanel readOnly={!canManage} />
        </div>
      )}
      {section === 'cadangan' && <BackupPanel />}
      {section === 'info' && <SupportPanel />}
      {section === 'printer' && (
        <>
          {settings.isPending && <p className="p-5 text-sm text-slate-500">Memuat pengaturan…</p>}
          {settings.error && (
            <p role="alert" className="p-5 text-sm text-red-700">
              {settings.error.message}
            </p>
          )}
          {settings.data && <PrinterForm initial={settings.data} readOnly={!canManage} />}
        </>
      )}
    </div>
  );
}
