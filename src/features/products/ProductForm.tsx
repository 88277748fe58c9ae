/**
 * Add or edit a product in a dialog. Rust validates (empty name, price range, barcode digits and
 * EAN-13 check digit, duplicate SKU/barcode); its Indonesian message is shown inside the form.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, parseRupiah } from '../../lib/format';
import type { CategoryRow, ProductInput, ProductRow } from '../../lib/ipc';
import { useSaveProduct } from './api';

/**
 * HPP and tax exemption: in Rust's ProductInput/ProductRow (products.rs) but not yet in the
 * generated src/bindings (regenerate with the ts-rs export to drop these local extensions).
 */

interface Draft {
  cost: string;
  taxExempt: boolean;
  name: string;
  sku: string;
  barcode: string;
  categoryId: string;
  price: string;
  stock: string;
  active: boolean;
}

function toDraft(row: ProductRow | null): Draft {
  const p = row;
  return {
    cost: p?.costPrice != null ? String(p.costPrice) : '',
    taxExempt: p?.taxExempt ?? false,
    name: p?.name ?? '',
    sku: p?.sku ?? '',
    barcode: p?.barcode ?? '',
    categoryId: p?.categoryId != null ? String(p.categoryId) : '',
    price: p ? String(p.price) : '',
    stock: p ? String(p.stock) : '0',
    active: p?.active ?? true,
  };
}

interface ProductFormProps {
  product: ProductRow | null;
  categories: CategoryRow[];
  onClose: () => void;
  onSaved: (row: ProductRow) => void;
}

export function ProductForm({ product, categories, onClose, onSaved }: ProductFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(product));
  const editing = product !== null;
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useSaveProduct();
  useEscape(onClose, { enabled: !save.isPending });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setLocalError(null);
  };
  const price = parseRupiah(draft.price);
  const cost = parseRupiah(draft.cost);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (price === null) {
      setLocalError('Harga wajib diisi (angka rupiah).');
      return;
    }
    const stock = Number.parseInt(draft.stock.replace(/[^0-9]/g, '') || '0', 10);
    if (draft.cost.trim() !== '' && cost === null) {
      setLocalError('HPP harus angka rupiah.');
      return;
    }
    const req: ProductInput = {
      id: product?.id ?? null,
      sku: draft.sku,
      barcode: draft.barcode.trim() === '' ? null : draft.barcode,
      name: draft.name,
      categoryId: draft.categoryId === '' ? null : Number(draft.categoryId),
      price,
      stock,
      active: draft.active,
    };
    // Not given: unchanged in Rust (0 and taxed for a new product).
    const before = product;
    if (cost !== null) req.costPrice = cost;
    else if ((before?.costPrice ?? 0) > 0) req.costPrice = 0;
    if (draft.taxExempt || before?.taxExempt) req.taxExempt = draft.taxExempt;
    save.mutate(req, { onSuccess: onSaved });
  };

  const error = localError ?? save.error?.message ?? null;
  return (
    <Modal
      title={product ? `Ubah Barang · ${product.name}` : 'Barang Baru'}
      testId="product-form"
      onClose={onClose}
      width="max-w-xl"
    >
      <form className="space-y-4" onSubmit={submit} noValidate>
        <Field label="Nama barang">
          <input
            data-testid="product-field-name"
            className={inputClass}
            value={draft.name}
            autoFocus
            onChange={(e) => set('name', e.target.value)}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="SKU" hint="Kode unik barang, tanpa spasi.">
            <input
              data-testid="product-field-sku"
              className={inputClass}
              value={draft.sku}
              onChange={(e) => set('sku', e.target.value)}
            />
          </Field>
          <Field label="Barcode (opsional)" hint="8–14 angka; EAN-13 dicek angka terakhirnya.">
            <input
              data-testid="product-field-barcode"
              className={inputClass}
              inputMode="numeric"
              value={draft.barcode}
              onChange={(e) => set('barcode', e.target.value)}
            />
          </Field>
        </div>
        <div className="grid grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,0.7fr)] gap-3">
          <Field label="Kategori">
            <select
              data-testid="product-field-category"
              className={inputClass}
              value={draft.categoryId}
              onChange={(e) => set('categoryId', e.target.value)}
            >
              <option value="">— tanpa kategori —</option>
              {categories.map((c) => (
                <option key={c.id} value={String(c.id)}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Harga jual" hint={price !== null ? formatRupiah(price) : undefined}>
            <input
              data-testid="product-field-price"
              className={inputClass}
              inputMode="numeric"
              placeholder="15000"
              value={draft.price}
              onChange={(e) => set('price', e.target.value)}
            />
          </Field>
          <Field label={editing ? 'Stok (ubah lewat tombol Stok)' : 'Stok awal'}>
            <input
              data-testid="product-field-stock"
              className={inputClass}
              inputMode="numeric"
              value={draft.stock}
              disabled={editing}
              title={editing ? 'Stok berubah lewat penjualan dan "Sesuaikan stok" (dengan alasan)' : undefined}
              onChange={(e) => set('stock', e.target.value.replace(/[^0-9]/g, ''))}
            />
          </Field>
        </div>
        <div className="grid grid-cols-2 items-end gap-3">
          <Field label="HPP / harga modal (opsional)" hint={cost !== null ? `${formatRupiah(cost)} per unit, untuk laporan laba` : 'Untuk laporan laba kotor.'}>
            <input
              data-testid="product-cost"
              className={inputClass}
              inputMode="numeric"
              placeholder="10000"
              value={draft.cost}
              onChange={(e) => set('cost', e.target.value)}
            />
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm font-medium text-slate-700">
            <input
              type="checkbox"
              data-testid="product-tax-exempt"
              className="h-4 w-4 accent-brand-600"
              checked={draft.taxExempt}
              onChange={(e) => set('taxExempt', e.target.checked)}
            />
            Bebas pajak (mis. sembako)
          </label>
        </div>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
          <input
            type="checkbox"
            data-testid="product-field-active"
            className="h-4 w-4 accent-brand-600"
            checked={draft.active}
            onChange={(e) => set('active', e.target.checked)}
          />
          Aktif (dijual di kasir)
        </label>
        {error && (
          <p role="alert" data-testid="product-error" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="secondary" size="sm" onClick={onClose}>
            Batal
          </Button>
          <Button type="submit" size="sm" testId="product-save" disabled={save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
