/**
 * Pengaturan → Toko & Waktu → Tampilan kasir: "Tampilkan foto barang di kasir" (off is faster on
 * a slow PC). Saved at once; the value is the catalogue's own `showPhotos`, so the checkout grid
 * follows from the same query.
 */
import { errorBox } from '../../components/styles';
import { useCatalogSwitches, useSaveCatalogSettings } from './api';

export function CatalogDisplayPanel({ readOnly = false }: { readOnly?: boolean }) {
  const catalog = useCatalogSwitches();
  const save = useSaveCatalogSettings();
  const checked = save.isPending && save.variables ? save.variables.showPhotos : catalog.data?.showPhotos;

  return (
    <div className="max-w-2xl space-y-4 px-5 pb-5" data-testid="catalog-display">
      <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Tampilan kasir</h3>
        {catalog.isPending && <p className="text-sm text-slate-500">Memuat…</p>}
        {catalog.error && <p className={errorBox}>{catalog.error.message}</p>}
        {catalog.data && (
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input
              type="checkbox"
              className="h-4 w-4 accent-brand-600"
              data-testid="show-photos-toggle"
              disabled={readOnly || save.isPending}
              checked={checked ?? true}
              onChange={(e) => save.mutate({ showPhotos: e.target.checked })}
            />
            Tampilkan foto barang di kasir
          </label>
        )}
        <p className="text-xs text-slate-500">
          Matikan agar daftar barang di kasir lebih cepat pada komputer yang lambat. Foto tetap tersimpan di
          data barang.
        </p>
        {save.error && (
          <p role="alert" className={errorBox}>
            {save.error.message}
          </p>
        )}
      </section>
    </div>
  );
}
