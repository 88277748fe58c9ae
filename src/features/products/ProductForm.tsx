/**
 * Add or edit a product in a dialog. Rust validates (empty name, price range, barcode digits and
 * EAN-13 check digit, duplicate SKU/barcode, low-stock threshold); its Indonesian message is shown
 * inside the form.
 *
 * The barcode field takes a keyboard-wedge scan (the scanner's closing Enter does not submit the
 * form) or "Buat Barcode", an in-store EAN-13 from Rust. The photo is set through `PhotoField`.
 */
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { controlClass, errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, parseRupiah } from '../../lib/format';
import type { CategoryRow, ProductInput, ProductRow } from '../../lib/ipc';
import { useGenerateBarcode, useSaveProduct, useSetProductPhoto } from './api';
import { PhotoField } from './PhotoField';
import { ProductOptionsEditor } from './ProductOptionsEditor';

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
  /** "Stok Menipis" at or below this; empty: never. */
  lowStockThreshold: string;
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
    lowStockThreshold: p?.lowStockThreshold != null ? String(p.lowStockThreshold) : '',
  };
}

interface ProductFormProps {
  product: ProductRow | null;
  categories: CategoryRow[];
  onClose: () => void;
  /** `warning`: saved, but something after it did not work (the new product's photo). */
  onSaved: (row: ProductRow, warning?: string) => void;
}

const digitsOnly = (v: string) => v.replace(/[^0-9]/g, '');

export function ProductForm({ product, categories, onClose, onSaved }: ProductFormProps) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(product));
  const editing = product !== null;
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useSaveProduct();
  const generate = useGenerateBarcode();
  const setPhoto = useSetProductPhoto();
  // The photo as stored now (a saved product's photo changes at once) and a new product's pick.
  const [photo, setPhotoName] = useState<string | null>(product?.photo ?? null);
  const [pendingPhoto, setPendingPhoto] = useState<string | null>(null);
  const priceRef = useRef<HTMLInputElement>(null);
  const barcodeId = useId();
  const busy = save.isPending || setPhoto.isPending;
  useEscape(onClose, { enabled: !busy });
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
    // Not given: unchanged (none for a new product); null clears it.
    const threshold = draft.lowStockThreshold === '' ? null : Number.parseInt(draft.lowStockThreshold, 10);
    if (threshold !== (before?.lowStockThreshold ?? null)) req.lowStockThreshold = threshold;
    save.mutate(req, {
      onSuccess: (row) => {
        if (pendingPhoto === null || editing) {
          onSaved(row);
          return;
        }
        setPhoto.mutate(
          { productId: row.id, path: pendingPhoto },
          {
            onSuccess: (withPhoto) => onSaved(withPhoto),
            onError: (e) => onSaved(row, `Foto belum terpasang: ${e.message}`),
          },
        );
      },
    });
  };

  const newBarcode = () => {
    generate.mutate(undefined, { onSuccess: (code) => set('barcode', code) });
  };

  /** A scanner ends its burst with Enter: keep the code, go on to the price instead of saving. */
  const barcodeKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    priceRef.current?.focus();
  };

  const error = localError ?? save.error?.message ?? generate.error?.message ?? null;
  return (
    <Modal
      title={product ? `Ubah Barang · ${product.name}` : 'Barang Baru'}
      testId="product-form"
      onClose={onClose}
      width="max-w-2xl"
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
          <div>
            <label htmlFor={barcodeId} className="text-sm font-medium text-slate-700">
              Barcode (opsional)
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id={barcodeId}
                data-testid="product-field-barcode"
                className={`${controlClass} w-full min-w-0`}
                inputMode="numeric"
                value={draft.barcode}
                onKeyDown={barcodeKey}
                onChange={(e) => set('barcode', e.target.value)}
              />
              <Button
                size="sm"
                variant="secondary"
                testId="product-barcode-generate"
                className="shrink-0 whitespace-nowrap"
                title="Kode EAN-13 toko (awalan 20–29) yang belum dipakai barang lain"
                disabled={generate.isPending}
                onClick={newBarcode}
              >
                {generate.isPending ? 'Membuat…' : 'Buat Barcode'}
              </Button>
            </div>
            <p className="mt-1 text-xs text-slate-500">Pindai, ketik 8–14 angka, atau buat kode toko.</p>
          </div>
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
              ref={priceRef}
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
        <div className="grid grid-cols-2 items-end gap-3">
          <Field
            label="Batas stok menipis (opsional)"
            hint={
              draft.lowStockThreshold === ''
                ? 'Kosong: tidak pernah ditandai "Stok Menipis".'
                : `"Stok Menipis" bila stok ${draft.lowStockThreshold} atau kurang.`
            }
          >
            <input
              data-testid="product-low-stock-threshold"
              className={inputClass}
              inputMode="numeric"
              placeholder="5"
              value={draft.lowStockThreshold}
              onChange={(e) => set('lowStockThreshold', digitsOnly(e.target.value))}
            />
          </Field>
          <label className="flex items-center gap-2 pb-8 text-sm font-medium text-slate-700">
            <input
              type="checkbox"
              data-testid="product-field-active"
              className="h-4 w-4 accent-brand-600"
              checked={draft.active}
              onChange={(e) => set('active', e.target.checked)}
            />
            Aktif (dijual di kasir)
          </label>
        </div>
        <PhotoField
          productId={product?.id ?? null}
          photo={photo}
          pending={pendingPhoto}
          onPending={setPendingPhoto}
          onChanged={(row) => setPhotoName(row.photo)}
          disabled={busy}
        />
        <ProductOptionsEditor productId={product?.id ?? null} />
        {error && (
          <p role="alert" data-testid="product-error" className={errorBox}>
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="secondary" size="sm" onClick={onClose}>
            Batal
          </Button>
          <Button type="submit" size="sm" testId="product-save" disabled={busy}>
            {busy ? 'Menyimpan…' : 'Simpan'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
