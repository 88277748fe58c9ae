/**
 * Barang: the owner's product table (search, category filter, inactive products), add/edit,
 * stock adjustment, categories, and the separate "Katalog demo" box while the demo is in place.
 */
import { useState } from 'react';
import { formatRupiah } from '../../lib/format';
import type { ProductQuery, ProductRow } from '../../lib/ipc';
import { CategoriesPanel } from './CategoriesPanel';
import { DemoCatalogBox } from './DemoCatalogBox';
import { ProductForm } from './ProductForm';
import { StockDialog } from './StockDialog';
import { useCatalogInfo, useCategories, useProductList } from './api';
import { Button } from '../../components/Button';
import { controlClass, errorBox } from '../../components/styles';
import { useCan } from '../auth';

type Dialog =
  | { kind: 'none' }
  | { kind: 'form'; product: ProductRow | null }
  | { kind: 'stock'; product: ProductRow };

export function ProductsPage() {
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [includeInactive, setIncludeInactive] = useState(false);
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);
  const query: ProductQuery = { search: search.trim(), categoryId, includeInactive };
  const products = useProductList(query);
  const categories = useCategories();
  const catalog = useCatalogInfo();
  const rows = products.data ?? [];
  const close = () => setDialog({ kind: 'none' });
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
        {products.error && <p className={errorBox}>{products.error.message}</p>}

        <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
              <tr>
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
                  <td className="px-4 py-2 font-mono text-xs">{p.sku}</td>
                  <td className="px-4 py-2 font-medium">
                    {p.name}
                    {!p.active && (
                      <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-600">
                        Nonaktif
                      </span>
                    )}
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
                    className={`px-4 py-2 text-right ${p.stock <= 5 ? 'font-semibold text-amber-600' : ''}`}
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
              {rows.length === 0 && !products.isPending && (
                <tr>
                  <td colSpan={7} className="px-4 py-10 text-center text-slate-500">
                    {search.trim() || categoryId !== null
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
          onSaved={(row) => {
            close();
            setNotice(`${row.name} disimpan.`);
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
    </div>
  );
}
