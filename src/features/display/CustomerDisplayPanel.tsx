/**
 * Pengaturan → Toko & Waktu → Layar Pelanggan: the promo text on the customer display's idle
 * screen (under the shop's name and logo). Saved by the owner; Rust trims and caps it.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { errorBox, inputClass } from '../../components/styles';
import { useDisplaySettings, useSaveDisplaySettings } from './api';

/** Rust's cap (kasir-core settings/display.rs, PROMO_MAX_CHARS). */
const PROMO_MAX = 200;

export function CustomerDisplayPanel({ readOnly = false }: { readOnly?: boolean }) {
  const settings = useDisplaySettings();
  const save = useSaveDisplaySettings();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? settings.data?.promoText ?? '';
  return (
    <div className="max-w-2xl space-y-4 px-5 pb-5" data-testid="display-settings">
      <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Layar Pelanggan</h3>
        {settings.isPending && <p className="text-sm text-slate-500">Memuat…</p>}
        {settings.error && <p className={errorBox}>{settings.error.message}</p>}
        {settings.data && (
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ promoText: text }, { onSuccess: () => setDraft(null) });
            }}
          >
            <label className="block text-sm font-medium text-slate-700">
              Teks promo di layar pelanggan
              <textarea
                data-testid="display-promo-input"
                className={inputClass}
                rows={2}
                maxLength={PROMO_MAX}
                disabled={readOnly || save.isPending}
                value={text}
                placeholder="mis. Es teh gratis setiap Jumat"
                onChange={(e) => setDraft(e.target.value)}
              />
            </label>
            <p className="text-xs text-slate-500">
              Tampil di bawah nama dan logo toko saat tidak ada transaksi. {text.length}/{PROMO_MAX}
            </p>
            {!readOnly && (
              <Button size="sm" type="submit" testId="display-promo-save" disabled={save.isPending || draft === null}>
                {save.isPending ? 'Menyimpan…' : 'Simpan'}
              </Button>
            )}
            {save.error && (
              <p role="alert" className={errorBox}>
                {save.error.message}
              </p>
            )}
          </form>
        )}
      </section>
    </div>
  );
}
