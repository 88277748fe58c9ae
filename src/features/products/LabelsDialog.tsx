/**
 * "Cetak Label": the owner searches products, picks how many labels of each, and where to print
 * them: the receipt printer (ESC/POS), a label printer speaking TSPL, or an A4 sheet as PDF that
 * opens in the system viewer. Rust lays the labels out (barcode, name, price) and says how many
 * labels and pages it made, and where the PDF is.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { controlClass, errorBox } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah } from '../../lib/format';
import type { LabelPrintSettings, LabelPrintTarget, ProductRow } from '../../lib/ipc';
import { useLabelSettings, usePrintLabels, useProductList } from './api';

const TARGETS: { id: LabelPrintTarget; label: string; hint: string }[] = [
  { id: 'receipt', label: 'Printer struk', hint: 'Label dicetak di kertas struk (ESC/POS).' },
  { id: 'tspl', label: 'Printer label', hint: 'Printer label TSPL (Xprinter, TSC).' },
  { id: 'pdf', label: 'PDF A4', hint: 'Lembar A4 untuk printer biasa; dibuka otomatis.' },
];

const MAX_COUNT = 999;

const SHEET_LABEL: Record<LabelPrintSettings['sheet'], string> = {
  a4_3x8: '3 × 8 (24 label per lembar)',
  a4_4x10: '4 × 10 (40 label per lembar)',
};

interface Picked {
  product: ProductRow;
  count: number;
}

export function LabelsDialog({ onClose }: { onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Picked[]>([]);
  // Pengaturan → Label says where labels usually go; the owner may pick another here.
  const [pickedTarget, setTarget] = useState<LabelPrintTarget | null>(null);
  const results = useProductList({ search: search.trim(), categoryId: null, includeInactive: false });
  const settings = useLabelSettings();
  const target = pickedTarget ?? settings.data?.target ?? 'pdf';
  const print = usePrintLabels();
  useEscape(onClose, { enabled: !print.isPending });
  const pickedIds = new Set(picked.map((p) => p.product.id));
  const candidates = (results.data ?? []).filter((p) => !pickedIds.has(p.id)).slice(0, 8);
  const totalLabels = picked.reduce((n, p) => n + p.count, 0);

  const add = (product: ProductRow) => {
    print.reset();
    setPicked((list) => [...list, { product, count: 1 }]);
  };
  const setCount = (id: number, value: string) => {
    print.reset();
    const n = Math.min(MAX_COUNT, Number.parseInt(value.replace(/[^0-9]/g, '') || '0', 10));
    setPicked((list) => list.map((p) => (p.product.id === id ? { ...p, count: n } : p)));
  };
  const remove = (id: number) => {
    print.reset();
    setPicked((list) => list.filter((p) => p.product.id !== id));
  };
  const submit = () => {
    const items = picked.filter((p) => p.count > 0).map((p) => ({ productId: p.product.id, count: p.count }));
    print.mutate({ items, target });
  };

  const r = print.data;
  return (
    <Modal title="Cetak Label Barcode" testId="labels-dialog" onClose={onClose} width="max-w-3xl">
      <div className="grid gap-5 text-sm md:grid-cols-2">
        <section className="space-y-2">
          <input
            type="search"
            aria-label="Cari barang untuk label"
            data-testid="labels-search"
            placeholder="Cari nama, SKU atau barcode…"
            className={`${controlClass} w-full`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <ul className="divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" data-testid="labels-candidates">
            {candidates.map((p) => (
              <li key={p.id} className="flex items-center gap-2 px-3 py-2">
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-medium text-slate-800">{p.name}</span>
                  <span className="font-mono text-xs text-slate-500">{p.barcode ?? `${p.sku} · tanpa barcode`}</span>
                </span>
                <Button size="sm" variant="secondary" testId={`labels-add-${p.sku}`} onClick={() => add(p)}>
                  Tambah
                </Button>
              </li>
            ))}
            {candidates.length === 0 && !results.isPending && (
              <li className="px-3 py-4 text-center text-slate-500">Tidak ada barang yang cocok.</li>
            )}
          </ul>
        </section>

        <section className="space-y-3">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Label yang dicetak</p>
          {picked.length === 0 ? (
            <p className="text-slate-500" data-testid="labels-empty">
              Belum ada barang dipilih.
            </p>
          ) : (
            <ul className="space-y-2" data-testid="labels-picked">
              {picked.map((p) => (
                <li key={p.product.id} className="flex items-center gap-2" data-testid={`labels-item-${p.product.sku}`}>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{p.product.name}</span>
                    <span className="text-xs text-slate-500">{formatRupiah(p.product.price)}</span>
                  </span>
                  <input
                    aria-label={`Jumlah label ${p.product.name}`}
                    data-testid={`labels-count-${p.product.sku}`}
                    inputMode="numeric"
                    className={`${controlClass} w-16 text-right`}
                    value={String(p.count)}
                    onChange={(e) => setCount(p.product.id, e.target.value)}
                  />
                  <button
                    type="button"
                    aria-label={`Hapus ${p.product.name}`}
                    className="rounded px-2 py-1 text-slate-500 hover:bg-slate-100"
                    onClick={() => remove(p.product.id)}
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}

          <fieldset className="space-y-1">
            <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">Cetak ke</legend>
            {TARGETS.map((t) => (
              <label key={t.id} className="flex items-start gap-2">
                <input
                  type="radio"
                  name="label-target"
                  data-testid={`labels-target-${t.id}`}
                  className="mt-1 accent-brand-600"
                  checked={target === t.id}
                  onChange={() => {
                    print.reset();
                    setTarget(t.id);
                  }}
                />
                <span>
                  <span className="font-medium text-slate-800">{t.label}</span>
                  <span className="block text-xs text-slate-500">{t.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {settings.data && (
            <p className="text-xs text-slate-500" data-testid="labels-settings">
              {target === 'tspl' && `Ukuran label ${settings.data.widthMm} × ${settings.data.heightMm} mm`}
              {target === 'pdf' && `Lembar A4 ${SHEET_LABEL[settings.data.sheet] ?? settings.data.sheet}`}
              {target === 'receipt' && 'Satu label per potongan kertas struk.'}
              {' · ubah di Pengaturan → Label.'}
            </p>
          )}

          {print.error && (
            <p role="alert" data-testid="labels-error" className={errorBox}>
              {print.error.message}
            </p>
          )}
          {r && (
            <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-emerald-900" data-testid="labels-result">
              {r.labels} label
              {r.pages > 0 && ` di ${r.pages} halaman`}
              {r.path === null ? ' dikirim ke printer.' : ' disimpan ke '}
              {r.path !== null && (
                <span data-testid="saved-path" className="break-all font-mono">
                  {r.path}
                </span>
              )}
              {r.path !== null && (r.opened ? ' dan dibuka.' : '. Buka file itu untuk mencetak.')}
            </p>
          )}

          <div className="flex justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={onClose}>
              Tutup
            </Button>
            <Button
              size="sm"
              testId="labels-print"
              disabled={totalLabels === 0 || print.isPending}
              onClick={submit}
            >
              {print.isPending ? 'Mencetak…' : `Cetak ${totalLabels} label`}
            </Button>
          </div>
        </section>
      </div>
    </Modal>
  );
}
