/**
 * The till's product tiles: search (F2), category tabs, one tile per product. With
 * `catalog.showPhotos` (Pengaturan; off is lighter on a slow PC) a product with a photo shows it
 * in a fixed-size box at the top of its tile, loaded lazily: the tile has the same size before and
 * after the picture arrives, so nothing moves under the cashier's finger.
 */
import { forwardRef, memo, useMemo, useState } from 'react';
import { hideMissingPhoto } from '../../components/photo';
import { photoUrl, type Catalog, type Product } from '../../lib/ipc';
import { formatRupiah } from '../../lib/format';

interface ProductGridProps {
  catalog: Catalog;
  onAdd: (product: Product) => void;
  /** Quantity of each product already in the cart, shown as a badge. */
  inCart?: ReadonlyMap<number, number>;
}

function matches(product: Product, query: string): boolean {
  if (!query) return true;
  const q = query.toLowerCase();
  return (
    product.name.toLowerCase().includes(q) ||
    product.sku.toLowerCase().includes(q) ||
    (product.barcode ?? '').includes(q)
  );
}

/**
 * Memoised: the till re-renders on every cart, dialog and shift change, and the tiles only need
 * to when the catalogue, the badges or the handler change (the caller keeps those stable).
 */
export const ProductGrid = memo(forwardRef<HTMLInputElement, ProductGridProps>(function ProductGrid(
  { catalog, onAdd, inCart },
  searchRef,
) {
  const [query, setQuery] = useState('');
  const [categoryId, setCategoryId] = useState<number | null>(null);
  // Products that ask for their options (variants, modifiers) before going on the cart.
  const withOptions = useMemo(
    () => new Set(catalog.optionGroups.map((g) => g.productId)),
    [catalog.optionGroups],
  );
  const visible = useMemo(
    () =>
      catalog.products.filter(
        (p) => (categoryId === null || p.categoryId === categoryId) && matches(p, query.trim()),
      ),
    [catalog.products, categoryId, query],
  );

  return (
    <section className="flex min-h-0 flex-1 flex-col gap-3">
      <div className="flex items-center gap-3">
        <div className="relative flex-1">
          <input
            ref={searchRef}
            data-testid="product-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && visible.length === 1) onAdd(visible[0]);
              if (e.key === 'Escape') setQuery('');
            }}
            placeholder="Cari nama, SKU atau barcode…"
            className="w-full rounded-xl border border-slate-300 bg-white py-3 pl-4 pr-16 text-base shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-200"
          />
          <kbd className="absolute right-3 top-1/2 -translate-y-1/2 rounded border border-slate-300 bg-slate-50 px-1.5 text-xs text-slate-500">
            F2
          </kbd>
        </div>
      </div>
      <div className="flex flex-wrap gap-2" role="tablist" aria-label="Kategori">
        {[{ id: null, name: 'Semua' }, ...catalog.categories].map((c) => {
          const active = categoryId === c.id;
          return (
            <button
              key={c.id ?? 'all'}
              type="button"
              role="tab"
              aria-selected={active}
              data-testid={`category-${c.id ?? 'all'}`}
              onClick={() => setCategoryId(c.id)}
              className={`rounded-full px-4 py-1.5 text-sm font-medium transition ${
                active
                  ? 'bg-brand-700 text-white shadow'
                  : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-brand-50'
              }`}
            >
              {c.name}
            </button>
          );
        })}
      </div>
      <div className="grid min-h-0 flex-1 auto-rows-min grid-cols-[repeat(auto-fill,minmax(10.5rem,1fr))] gap-3 overflow-y-auto pb-2 pl-1 pr-3 pt-2">
        {visible.map((p) => {
          const soldOut = p.stock <= 0;
          const hasOptions = withOptions.has(p.id);
          const qty = inCart?.get(p.id) ?? 0;
          const photo = catalog.showPhotos && p.photo ? p.photo : null;
          return (
            <button
              key={p.id}
              type="button"
              data-testid={`product-${p.sku}`}
              onClick={() => onAdd(p)}
              disabled={soldOut}
              className={`group relative flex h-32 flex-col justify-between rounded-xl bg-white p-3 text-left shadow-sm ring-1 transition hover:-translate-y-0.5 hover:shadow-md hover:ring-brand-500 disabled:cursor-not-allowed disabled:opacity-50 ${
                qty > 0 ? 'ring-2 ring-brand-500' : 'ring-slate-200'
              }`}
            >
              {qty > 0 && (
                <span
                  data-testid={`product-qty-${p.sku}`}
                  className="absolute -right-2 -top-2 flex h-7 min-w-7 items-center justify-center rounded-full bg-brand-700 px-2 text-sm font-bold text-white shadow"
                >
                  {qty}
                </span>
              )}
              {photo !== null && (
                <span className="-mx-3 -mt-3 mb-1 block h-14 shrink-0 overflow-hidden rounded-t-xl bg-slate-100">
                  <img
                    data-testid="product-tile-photo"
                    onError={hideMissingPhoto}
                    src={photoUrl(photo)}
                    alt=""
                    width={168}
                    height={56}
                    loading="lazy"
                    decoding="async"
                    draggable={false}
                    className="h-14 w-full object-cover"
                  />
                </span>
              )}
              <span
                className={`${photo !== null ? 'line-clamp-1' : 'line-clamp-2'} text-sm font-semibold leading-snug text-slate-800`}
                title={photo !== null ? p.name : undefined}
              >
                {p.name}
              </span>
              <span className="flex items-end justify-between gap-2">
                <span className="text-base font-bold text-brand-700">
                  {formatRupiah(p.price)}
                  {hasOptions && (
                    <span
                      data-testid={`product-has-options-${p.sku}`}
                      className="block text-[11px] font-medium leading-tight text-slate-500"
                    >
                      + pilihan
                    </span>
                  )}
                </span>
                <span
                  className={`text-xs ${p.lowStock || p.stock <= 5 ? 'font-semibold text-amber-600' : 'text-slate-400'}`}
                >
                  {soldOut ? 'Habis' : `Stok ${p.stock}`}
                </span>
              </span>
            </button>
          );
        })}
        {visible.length === 0 && (
          <p className="col-span-full py-12 text-center text-slate-500">
            Tidak ada barang yang cocok dengan “{query}”.
          </p>
        )}
      </div>
    </section>
  );
}));
