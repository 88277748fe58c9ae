/**
 * Barang: the owner's product table (search, category filter, inactive products, "Stok Menipis"),
 * add/edit with photo and barcode, stock adjustment, categories, bulk import and export, label
 * printing, and the separate "Katalog demo" box while the demo is in place.
 */
import { useState } from 'react';
import { formatRupiah } from '../../lib/format';
import { hideMissingPhoto } from '../../components/photo';
import { photoUrl, pickFile, toAppError, type ProductQuery, type ProductRow } from '../../lib/ipc';
import { CategoriesPanel } from './CategoriesPanel';
import { DemoCatalogBox } from './DemoCatalogBox';
import { ExportButtons } from './ExportButtons';
import { ImportDialog } from './ImportDialog';
import { LabelsDialog } from './LabelsDialog';
import { LowStockBadge } from './LowStockBadge';
import { ProductForm } from './ProductForm';
import { StockDialog } from './StockDialog';
import { useCatalogInfo, useCategories, useLowStock, useProductList } from './api';
import { Button } from '../../components/Button';
import { controlClass, errorBox } from '../../components/styles';
import { Toast, type ToastMessage } from '../../components/Toast';
import { useCan } from '../auth';

type Dialog =
  | { kind: 'none' }
  | { kind: 'form'; product: ProductRow | null }
  | { kind: 'stock'; product: ProductRow }
  | { kind: 'import'; path: string }
  | { kind: 'labels' };

/** The row's thumbnail, a fixed 40 px square (an empty one without a photo: no layout shift). */
function Thumb({ row }: { row: ProductRow }) {
  return (
    <span className="block h-10 w-10 overflow-hidden rounded-md bg-slate-100 ring-1 ring-slate-200">
      {row.photo && (
        <img
          data-testid={`product-thumb-${row.sku}`}
          onError={hideMissingPhoto}
          src={photoUrl(row.photo)}
          alt=""
          width={40}
          height={40}
          loading="lazy"
          decoding="async"
          className="h-10 w-10 object-cover"
        />
      )}
    </span>
  );
}

export function ProductsPage() {
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [lowOnly, setLowOnly] = useState(false);
  const [pickError, setPickError] = useState<string | null>(null);
  const query: ProductQuery = { search: search.trim(), categoryId, includeInactive };
  const products = useProductList(query);
  const lowStock = useLowStock();
  const categories = useCategories();
  const catalog = useCatalogInfo();
  const shown = lowOnly ? lowStock : products;
  const rows = shown.data ?? [];
  const lowCount = lowStock.data?.length ?? 0;
  const close = () => setDialog({ kind: 'none' });
  const openImport = async () => {
    setPickError(null);
    try {
      const path = await pickFile('import');
      if (path !== null) setDialog({ kind: 'import', path });
    } catch (e) {
      setPickError(toAppError(e).message);
    }
  };
  // A cashier sees the list read only; "Ubah (PIN pemilik)" shows the edit buttons, and each save
  // then asks for the owner's PIN (Rust decides either way).
  const canCatalog = useCan('manage_catalog');
  const canStock = useCan('manage_stock');
  const [ownerMode, setOwnerMode] = useState(false);
  const editCatalog = canCatalog || ownerMode;
  const editStock = canStock || ownerMode;

  return (
    <div data-testid="products-page" className="grid gap-5 p-5 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <section className="min-w-0 space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="mr-auto text-xl font-bold text-slate-800">Barang</h1>
          <input
            type="search"
            disabled={lowOnly}
            aria-label="Cari barang"
            data-testid="products-search"
            placeholder="Cari nama, SKU atau barcode…"
            className={`${controlClass} w-64`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <select
            aria-label="Filter kategori"
            data-testid="products-category"
            className={`${controlClass} w-44`}
            disabled={lowOnly}
            value={categoryId === null ? '' : String(categoryId)}
            onChange={(e) => setCategoryId(e.target.value === '' ? null : Number(e.target.value))}
          >
            <option value="">Semua kategori</option>
            {(categories.data ?? []).map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              data-testid="products-show-inactive"
              className="h-4 w-4 accent-brand-600"
              checked={includeInactive}
              onChange={(e) => setIncludeInactive(e.target.checked)}
            />
            Tampilkan nonaktif
          </label>
          {editCatalog && (
            <Button size="sm" testId="product-new" onClick={() => setDialog({ kind: 'form', product: null })}>
              + Barang baru
            </Button>
          )}
          {!(canCatalog && canStock) && (
            <Button
              size="sm"
              variant="secondary"
              testId="products-owner-mode"
              aria-pressed={ownerMode}
              title="Mengubah barang, harga dan stok perlu PIN pemilik"
              onClick={() => setOwnerMode((m) => !m)}
            >
              {ownerMode ? 'Selesai mengubah' : 'Ubah (PIN pemilik)'}
            </Button>
          )}
        </div>

        <div className="flex flex-wrap items-start gap-2" data-testid="products-toolbar">
          <Button
            size="sm"
            variant={lowOnly ? 'primary' : 'secondary'}
            testId="products-low-stock-filter"
            aria-pressed={lowOnly}
            title="Barang yang stoknya sudah mencapai batas stok menipis"
            onClick={() => setLowOnly((on) => !on)}
          >
            Stok Menipis{lowStock.data ? ` (${lowCount})` : ''}
          </Button>
          <span className="mr-auto" />
          {editCatalog && (
            <Button size="sm" variant="secondary" testId="products-import-open" onClick={() => void openImport()}>
              Impor CSV/Excel
            </Button>
          )}
          <ExportButtons />
          <Button size="sm" variant="secondary" testId="labels-open" onClick={() => setDialog({ kind: 'labels' })}>
            Cetak Label
          </Button>
        </div>
        {pickError && <p className={errorBox}>{pickError}</p>}
        {lowOnly && (
          <p className="text-sm text-slate-600" data-testid="products-low-stock-note">
            {lowCount === 0
              ? 'Tidak ada barang dengan stok menipis.'
              : `${lowCount} barang stoknya sudah mencapai batas stok menipis (filter cari dan kategori tidak dipakai).`}
          </p>
        )}

        {notice && (
          <p
            role="status"
            data-testid="products-notice"
            className="flex items-center justify-between rounded-lg border border-brand-200 bg-brand-50 px-4 py-2 text-sm text-brand-900"
          >
            {notice}
            <button type="button" className="text-xs underline" onClick={() => setNotice(null)}>
              Tutup
            </button>
          </p>
        )}
        {shown.error && <p className={errorBox}>{shown.error.message}</p>}

        <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="w-14 py-3 pl-4">
                  <span className="sr-only">Foto</span>
                </th>
                <th className="px-4 py-3">SKU</th>
                <th className="px-4 py-3">Nama</th>
                <th className="px-4 py-3">Kategori</th>
                <th className="px-4 py-3">Barcode</th>
                <th className="whitespace-nowrap px-4 py-3 text-right">Harga</th>
                <th className="px-4 py-3 text-right">Stok</th>
                <th className="px-4 py-3" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((p) => (
                <tr
                  key={p.id}
                  data-testid={`product-row-${p.sku}`}
                  className={p.active ? '' : 'bg-slate-50 text-slate-400'}
                >
                  <td className="py-2 pl-4">
                    <Thumb row={p} />
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{p.sku}</td>
                  <td className="px-4 py-2 font-medium">
                    {p.name}
                    {!p.active && (
                      <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-600">
                        Nonaktif
                      </span>
                    )}
                    {p.lowStock && <LowStockBadge />}
                    {p.isDemo && (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">
                        Demo
                      </span>
                    )}
                  </td>
                  <td className="px-4 py-2">{p.categoryName ?? '—'}</td>
                  <td className="px-4 py-2 font-mono text-xs">{p.barcode ?? '—'}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-right font-semibold" data-testid={`product-price-${p.sku}`}>
                    {formatRupiah(p.price)}
                  </td>
                  <td
                    className={`px-4 py-2 text-right ${p.lowStock ? 'font-semibold text-amber-700' : ''}`}
                    title={p.lowStockThreshold !== null ? `Batas stok menipis: ${p.lowStockThreshold}` : undefined}
                    data-testid={`product-stock-${p.sku}`}
                  >
                    {p.stock}
                  </td>
                  <td className="whitespace-nowrap px-4 py-2 text-right">
                    {editCatalog && (
                    <button
                      type="button"
                      data-testid={`product-edit-${p.sku}`}
                      onClick={() => setDialog({ kind: 'form', product: p })}
                      className="rounded px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50"
                    >
                      Ubah
                    </button>
                    )}
                    {editStock && (
                    <button
                      type="button"
                      data-testid={`product-stock-adjust-${p.sku}`}
                      onClick={() => setDialog({ kind: 'stock', product: p })}
                      className="rounded px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50"
                    >
                      Stok
                    </button>
                    )}
                  </td>
                </tr>
              ))}
              {rows.length === 0 && !shown.isPending && (
                <tr>
                  <td colSpan={8} className="px-4 py-10 text-center text-slate-500">
                    {lowOnly
                      ? 'Tidak ada barang dengan stok menipis.'
                      : search.trim() || categoryId !== null
                      ? 'Tidak ada barang yang cocok.'
                      : 'Belum ada barang. Tambahkan barang pertama Anda.'}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>

      <aside className="space-y-5">
        {catalog.data?.isDemo && editCatalog && <DemoCatalogBox onRemoved={setNotice} />}
        {editCatalog && <CategoriesPanel categories={categories.data ?? []} />}
      </aside>

      {dialog.kind === 'form' && (
        <ProductForm
          product={dialog.product}
          categories={categories.data ?? []}
          onClose={close}
          onSaved={(row, warning) => {
            close();
            setNotice(warning ? `${row.name} disimpan. ${warning}` : `${row.name} disimpan.`);
          }}
        />
      )}
      {dialog.kind === 'stock' && (
        <StockDialog
          product={dialog.product}
          onClose={close}
          onSaved={(row) => {
            close();
            setNotice(`Stok ${row.name} sekarang ${row.stock}.`);
          }}
        />
      )}
      {dialog.kind === 'import' && (
        <ImportDialog
          path={dialog.path}
          onPickAgain={(path) => setDialog({ kind: 'import', path })}
          onClose={close}
          onImported={(r) => {
            close();
            setToast({
              id: Date.now(),
              tone: 'info',
              text: `Impor selesai: ${r.created} barang baru, ${r.updated} diperbarui${
                r.unchanged > 0 ? `, ${r.unchanged} tidak berubah` : ''
              }${r.categoriesCreated > 0 ? `, ${r.categoriesCreated} kategori baru` : ''}.`,
            });
          }}
        />
      )}
      {dialog.kind === 'labels' && <LabelsDialog onClose={close} />}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}
