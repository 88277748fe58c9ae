/**
 * Barang's catalogue tools against a fake Rust side: bulk import (preview, error rows, commit),
 * "Buat Barcode" and a scan into the barcode field, "Stok Menipis", photos, export and labels.
 * The file dialog is the dialog plugin's `plugin:dialog|open` command, answered here like Rust.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockConvertFileSrc } from '@tauri-apps/api/mocks';
import type { DomainEvent, ImportPreview, ImportRowPreview, ProductInput, ProductRow } from '../../lib/ipc';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { catalog } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { ProductsPage } from './ProductsPage';

function row(p: Partial<ProductRow> & Pick<ProductRow, 'id' | 'sku' | 'name'>): ProductRow {
  return {
    barcode: null,
    categoryId: null,
    categoryName: null,
    costPrice: 0,
    taxExempt: false,
    price: 1000,
    stock: 10,
    active: true,
    isDemo: false,
    photo: null,
    lowStockThreshold: null,
    lowStock: false,
    ...p,
  };
}

function importRow(r: Partial<ImportRowPreview> & Pick<ImportRowPreview, 'line' | 'status'>): ImportRowPreview {
  return {
    productId: null,
    sku: `SKU-${r.line}`,
    name: `Barang ${r.line}`,
    barcode: null,
    category: 'Sembako',
    price: 12000,
    costPrice: 9000,
    stock: 5,
    lowStockThreshold: null,
    errors: [],
    ...r,
  };
}

const PHOTO = `${'a'.repeat(64)}.jpg`;

const goodPreview: ImportPreview = {
  fileName: 'barang.csv',
  fileHash: 'hash-good',
  format: 'csv',
  totalRows: 4,
  newCount: 2,
  updateCount: 1,
  unchangedCount: 1,
  errorCount: 0,
  categoriesToCreate: ['Sembako'],
  columns: [
    { header: 'nama', field: 'name' },
    { header: 'hpp', field: 'costPrice' },
    { header: 'warna', field: null },
  ],
  warnings: ['Kolom "warna" tidak dikenal dan diabaikan.'],
  rows: [
    importRow({ line: 2, status: 'new', name: 'Beras 5 kg' }),
    importRow({ line: 3, status: 'new', name: 'Minyak 1 L', sku: null }),
    importRow({ line: 4, status: 'update', name: 'Gula 1 kg', productId: 12 }),
    importRow({ line: 5, status: 'unchanged', name: 'Es Teh Manis', productId: 10 }),
  ],
  rowsNotShown: 0,
};

const badPreview: ImportPreview = {
  ...goodPreview,
  fileName: 'rusak.xlsx',
  fileHash: 'hash-bad',
  format: 'xlsx',
  totalRows: 40,
  newCount: 37,
  updateCount: 0,
  unchangedCount: 1,
  errorCount: 2,
  rowsNotShown: 37,
  rows: [
    importRow({ line: 2, status: 'new' }),
    importRow({ line: 7, status: 'error', price: null, errors: ['harga "12.5x" bukan angka rupiah'] }),
    importRow({
      line: 31,
      status: 'error',
      barcode: '8992024010013',
      errors: ['barcode 8992024010013 sudah dipakai baris 9', 'stok tidak boleh negatif'],
    }),
  ],
};

interface Backend {
  products: ProductRow[];
  calls: { cmd: string; args: Args }[];
  /** What the next file dialog answers (null: cancelled). */
  picks: (string | null)[];
  previews: Record<string, ImportPreview>;
  /** The commit refuses with this message (the file changed…). */
  commitRefusal: string | null;
}

function install(): Backend {
  mockConvertFileSrc('linux');
  const b: Backend = {
    products: [
      row({ id: 10, sku: 'MNM-001', name: 'Es Teh Manis', barcode: '8992024010013', price: 5000 }),
      row({ id: 11, sku: 'SBK-001', name: 'Beras 5 kg', stock: 2, lowStockThreshold: 3, lowStock: true }),
      row({ id: 12, sku: 'SBK-002', name: 'Gula 1 kg', stock: 9, lowStockThreshold: 3, photo: PHOTO }),
    ],
    calls: [],
    picks: [],
    previews: { '/home/toko/barang.csv': goodPreview, '/home/toko/rusak.xlsx': badPreview },
    commitRefusal: null,
  };
  const announce = <T,>(result: T, event: DomainEvent): T => {
    void emitDomainEvent(event);
    return result;
  };
  mockBackend((cmd, a) => {
    b.calls.push({ cmd, args: a });
    switch (cmd) {
      case 'get_catalog':
        return { ...catalog, isDemo: false };
      case 'list_products':
        return b.products;
      case 'list_low_stock':
        return b.products.filter((p) => p.lowStock);
      case 'list_categories':
        return [];
      case 'plugin:dialog|open':
        return b.picks.shift() ?? null;
      case 'generate_barcode':
        return '2000000000015';
      case 'save_product': {
        const req = a.req as ProductInput;
        const before = b.products.find((p) => p.id === req.id);
        // Like Rust: a threshold not given stays as it was.
        const threshold = req.lowStockThreshold !== undefined ? req.lowStockThreshold : (before?.lowStockThreshold ?? null);
        const saved = row({ ...req, id: req.id ?? 99, photo: before?.photo ?? null, lowStockThreshold: threshold });
        b.products = [...b.products.filter((p) => p.id !== saved.id), saved];
        return announce(saved, { type: 'catalogChanged' });
      }
      case 'set_product_photo': {
        if (String(a.path).endsWith('rusak.png')) {
          throw { kind: 'validation', message: 'Input tidak valid: file ini bukan gambar JPG/PNG yang bisa dibaca.' };
        }
        const p = b.products.find((x) => x.id === a.productId)!;
        p.photo = PHOTO;
        return announce({ ...p }, { type: 'catalogChanged' });
      }
      case 'remove_product_photo': {
        const p = b.products.find((x) => x.id === a.productId)!;
        p.photo = null;
        return announce({ ...p }, { type: 'catalogChanged' });
      }
      case 'preview_product_import': {
        const preview = b.previews[String(a.path)];
        if (!preview) throw { kind: 'validation', message: 'Input tidak valid: file tidak bisa dibaca.' };
        return preview;
      }
      case 'commit_product_import':
        if (b.commitRefusal) throw { kind: 'validation', message: b.commitRefusal };
        return announce({ created: 2, updated: 1, unchanged: 1, categoriesCreated: 1 }, { type: 'catalogChanged' });
      case 'export_products':
        return { path: `/home/toko/Unduhan/barang.${String(a.format)}`, rows: b.products.length };
      case 'get_label_settings':
        return { target: 'tspl', widthMm: 40, heightMm: 30, sheet: 'a4_3x8' };
      case 'print_labels':
        return { labels: 5, pages: 1, path: '/home/toko/Unduhan/label.pdf', opened: true };
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return b;
}

const callsOf = (b: Backend, cmd: string) => b.calls.filter((c) => c.cmd === cmd);

describe('bulk import', () => {
  it('a file with error rows shows every error with its message and keeps "Impor" disabled', async () => {
    const b = install();
    b.picks.push('/home/toko/rusak.xlsx');
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('products-import-open'));
    const dialog = await screen.findByTestId('import-dialog');
    const table = await within(dialog).findByTestId('import-preview-table');
    const errors = within(table).getAllByTestId('import-error-row');
    expect(errors.map((r) => r.getAttribute('data-line')), 'every error row, each marked').toEqual(['7', '31']);
    expect(within(table).getAllByTestId('import-row')).toHaveLength(1);
    expect(within(dialog).getByTestId('import-rows-not-shown')).toHaveTextContent('Ditampilkan 3 dari 40 baris');
    expect(errors[0]).toHaveTextContent('harga "12.5x" bukan angka rupiah');
    expect(errors[1]).toHaveTextContent('sudah dipakai baris 9');
    expect(errors[1]).toHaveTextContent('stok tidak boleh negatif');
    expect(within(dialog).getByTestId('import-count-errors')).toHaveTextContent('2');
    expect(within(dialog).getByTestId('import-count-new')).toHaveTextContent('37');
    const commit = within(dialog).getByTestId('import-commit');
    expect(commit, 'all or nothing: no import while a row is wrong').toBeDisabled();
    expect(within(dialog).getByTestId('import-blocked')).toHaveTextContent('Perbaiki 2 baris');
    expect(callsOf(b, 'preview_product_import')[0].args).toEqual({ path: '/home/toko/rusak.xlsx' });
    expect(callsOf(b, 'plugin:dialog|open')[0].args).toMatchObject({
      options: { multiple: false, filters: [{ extensions: ['csv', 'xlsx'] }] },
    });
    expect(callsOf(b, 'commit_product_import')).toHaveLength(0);
  });

  it('a clean file shows mapping and warnings, imports with the previewed hash and says what it did', async () => {
    const b = install();
    b.picks.push('/home/toko/barang.csv');
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('products-import-open'));
    const dialog = await screen.findByTestId('import-dialog');
    await within(dialog).findByTestId('import-preview-table');
    expect(within(dialog).getByTestId('import-mapping')).toHaveTextContent('warna → diabaikan');
    expect(within(dialog).getByTestId('import-mapping')).toHaveTextContent('hpp → HPP');
    expect(within(dialog).getByTestId('import-new-categories')).toHaveTextContent('Sembako');
    expect(within(dialog).getByTestId('import-preview-table')).toHaveTextContent('dibuat otomatis');
    expect(within(dialog).getByTestId('import-warnings')).toHaveTextContent('tidak dikenal');
    expect(within(dialog).queryAllByTestId('import-error-row')).toHaveLength(0);
    const commit = within(dialog).getByTestId('import-commit');
    expect(commit, 'new and updated rows; the unchanged one writes nothing').toHaveTextContent('Impor 3 barang');
    expect(commit).toBeEnabled();
    await userEvent.click(commit);
    await waitFor(() => expect(screen.queryByTestId('import-dialog')).not.toBeInTheDocument());
    expect(callsOf(b, 'commit_product_import').map((c) => c.args)).toEqual([
      { path: '/home/toko/barang.csv', fileHash: 'hash-good' },
    ]);
    expect(screen.getByTestId('toast')).toHaveTextContent('2 barang baru, 1 diperbarui, 1 tidak berubah, 1 kategori baru');
  });

  it("Rust's refusal at commit is shown in the dialog, which stays open", async () => {
    const b = install();
    b.picks.push('/home/toko/barang.csv');
    b.commitRefusal = 'Input tidak valid: file berubah sejak pratinjau; pilih file lagi.';
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('products-import-open'));
    const dialog = await screen.findByTestId('import-dialog');
    await userEvent.click(await within(dialog).findByTestId('import-commit'));
    expect(await within(dialog).findByTestId('import-commit-error')).toHaveTextContent('file berubah sejak pratinjau');
    expect(screen.queryByTestId('toast')).not.toBeInTheDocument();
  });

  it('a cancelled file dialog opens nothing', async () => {
    const b = install();
    b.picks.push(null);
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('products-import-open'));
    await waitFor(() => expect(callsOf(b, 'plugin:dialog|open')).toHaveLength(1));
    expect(screen.queryByTestId('import-dialog')).not.toBeInTheDocument();
    expect(callsOf(b, 'preview_product_import')).toHaveLength(0);
  });
});

describe('product form', () => {
  it('"Buat Barcode" fills the field with the code Rust made, and the product is saved with it', async () => {
    const b = install();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-new'));
    const form = await screen.findByTestId('product-form');
    await userEvent.type(within(form).getByTestId('product-field-name'), 'Kue Lapis');
    await userEvent.type(within(form).getByTestId('product-field-sku'), 'KUE-01');
    await userEvent.click(within(form).getByTestId('product-barcode-generate'));
    await waitFor(() => expect(within(form).getByTestId('product-field-barcode')).toHaveValue('2000000000015'));
    await userEvent.type(within(form).getByTestId('product-field-price'), '3000');
    await userEvent.type(within(form).getByTestId('product-low-stock-threshold'), '4');
    await userEvent.click(within(form).getByTestId('product-save'));
    await waitFor(() => expect(screen.queryByTestId('product-form')).not.toBeInTheDocument());
    expect(callsOf(b, 'save_product')[0].args.req).toMatchObject({
      sku: 'KUE-01',
      barcode: '2000000000015',
      lowStockThreshold: 4,
    });
  });

  it("a scan into the barcode field keeps the code and its closing Enter does not save the form", async () => {
    const b = install();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-new'));
    const form = await screen.findByTestId('product-form');
    const field = within(form).getByTestId('product-field-barcode');
    await userEvent.click(field);
    await userEvent.keyboard('4006381333931{Enter}', { delay: null });
    expect(field).toHaveValue('4006381333931');
    expect(within(form).getByTestId('product-field-price'), 'Enter moves on to the price').toHaveFocus();
    expect(callsOf(b, 'save_product'), 'the scanner Enter is not a save').toHaveLength(0);
    expect(screen.getByTestId('product-form')).toBeInTheDocument();
  });

  it('editing leaves the threshold out when unchanged and sends null when it is cleared', async () => {
    const b = install();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-edit-SBK-001'));
    let form = await screen.findByTestId('product-form');
    expect(within(form).getByTestId('product-low-stock-threshold')).toHaveValue('3');
    await userEvent.click(within(form).getByTestId('product-save'));
    await waitFor(() => expect(screen.queryByTestId('product-form')).not.toBeInTheDocument());
    expect(callsOf(b, 'save_product')[0].args.req).not.toHaveProperty('lowStockThreshold');

    await userEvent.click(await screen.findByTestId('product-edit-SBK-001'));
    form = await screen.findByTestId('product-form');
    await userEvent.clear(within(form).getByTestId('product-low-stock-threshold'));
    await userEvent.click(within(form).getByTestId('product-save'));
    await waitFor(() => expect(screen.queryByTestId('product-form')).not.toBeInTheDocument());
    expect(callsOf(b, 'save_product')[1].args.req).toMatchObject({ lowStockThreshold: null });
  });

  it('a saved product gets the picked photo at once, shows it, and can lose it again', async () => {
    const b = install();
    b.picks.push('/home/toko/foto/teh.png');
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-edit-MNM-001'));
    const form = await screen.findByTestId('product-form');
    expect(within(form).queryByTestId('product-photo-preview')).not.toBeInTheDocument();
    await userEvent.click(within(form).getByTestId('product-photo-pick'));
    const preview = await within(form).findByTestId('product-photo-preview');
    expect(preview).toHaveAttribute('src', `kasirfoto://localhost/${PHOTO}`);
    expect(callsOf(b, 'set_product_photo').map((c) => c.args)).toEqual([
      { productId: 10, path: '/home/toko/foto/teh.png' },
    ]);
    expect(callsOf(b, 'plugin:dialog|open')[0].args).toMatchObject({
      options: { filters: [{ extensions: ['png', 'jpg', 'jpeg'] }] },
    });
    await userEvent.click(within(form).getByTestId('product-photo-remove'));
    await waitFor(() => expect(within(form).queryByTestId('product-photo-preview')).not.toBeInTheDocument());
    expect(callsOf(b, 'remove_product_photo').map((c) => c.args)).toEqual([{ productId: 10 }]);
  });

  it("a file that is not an image is refused with Rust's message and the product keeps its photo", async () => {
    const b = install();
    b.picks.push('/home/toko/rusak.png');
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-edit-SBK-002'));
    const form = await screen.findByTestId('product-form');
    await userEvent.click(within(form).getByTestId('product-photo-pick'));
    expect(await within(form).findByTestId('product-photo-error')).toHaveTextContent('bukan gambar JPG/PNG');
    expect(within(form).getByTestId('product-photo-preview')).toHaveAttribute('src', `kasirfoto://localhost/${PHOTO}`);
  });

  it("a new product's photo is set right after it is saved", async () => {
    const b = install();
    b.picks.push('/home/toko/foto/kue.jpg');
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-new'));
    const form = await screen.findByTestId('product-form');
    await userEvent.type(within(form).getByTestId('product-field-name'), 'Kue Lapis');
    await userEvent.type(within(form).getByTestId('product-field-sku'), 'KUE-01');
    await userEvent.type(within(form).getByTestId('product-field-price'), '3000');
    await userEvent.click(within(form).getByTestId('product-photo-pick'));
    expect(await within(form).findByText('kue.jpg dipasang setelah barang disimpan.')).toBeInTheDocument();
    expect(callsOf(b, 'set_product_photo'), 'nothing to attach it to yet').toHaveLength(0);
    await userEvent.click(within(form).getByTestId('product-save'));
    await waitFor(() => expect(screen.queryByTestId('product-form')).not.toBeInTheDocument());
    expect(callsOf(b, 'set_product_photo').map((c) => c.args)).toEqual([
      { productId: 99, path: '/home/toko/foto/kue.jpg' },
    ]);
    expect(await screen.findByTestId('product-thumb-KUE-01')).toHaveAttribute('src', `kasirfoto://localhost/${PHOTO}`);
  });
});

describe('low stock, export and labels', () => {
  it('"Stok Menipis" marks only products at or under their threshold, and the filter lists just them', async () => {
    install();
    renderWithClient(<ProductsPage />);
    const beras = await screen.findByTestId('product-row-SBK-001');
    expect(within(beras).getByTestId('low-stock-badge')).toHaveTextContent('Stok Menipis');
    expect(within(screen.getByTestId('product-row-SBK-002')).queryByTestId('low-stock-badge')).toBeNull();
    expect(within(screen.getByTestId('product-row-MNM-001')).queryByTestId('low-stock-badge')).toBeNull();
    const filter = screen.getByTestId('products-low-stock-filter');
    await waitFor(() => expect(filter).toHaveTextContent('Stok Menipis (1)'));
    await userEvent.click(filter);
    expect(filter).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() => expect(screen.queryByTestId('product-row-MNM-001')).not.toBeInTheDocument());
    expect(screen.getByTestId('product-row-SBK-001')).toBeInTheDocument();
    expect(screen.queryByTestId('product-row-SBK-002')).not.toBeInTheDocument();
  });

  it('shows thumbnails for products with a photo only', async () => {
    install();
    renderWithClient(<ProductsPage />);
    const gula = await screen.findByTestId('product-thumb-SBK-002');
    expect(gula).toHaveAttribute('src', `kasirfoto://localhost/${PHOTO}`);
    expect(gula).toHaveAttribute('loading', 'lazy');
    expect(screen.queryByTestId('product-thumb-MNM-001')).not.toBeInTheDocument();
  });

  it('export CSV and Excel ask Rust for that format and show where the file went', async () => {
    const b = install();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('products-export-xlsx'));
    expect(await screen.findByTestId('saved-path')).toHaveTextContent('/home/toko/Unduhan/barang.xlsx');
    await userEvent.click(screen.getByTestId('products-export-csv'));
    await waitFor(() => expect(screen.getByTestId('saved-path')).toHaveTextContent('/home/toko/Unduhan/barang.csv'));
    expect(callsOf(b, 'export_products').map((c) => c.args)).toEqual([{ format: 'xlsx' }, { format: 'csv' }]);
  });

  it('labels: pick products and counts, print as PDF, see the file', async () => {
    const b = install();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('labels-open'));
    const dialog = await screen.findByTestId('labels-dialog');
    expect(within(dialog).getByTestId('labels-print')).toBeDisabled();
    await userEvent.click(await within(dialog).findByTestId('labels-add-MNM-001'));
    await userEvent.click(within(dialog).getByTestId('labels-add-SBK-001'));
    const count = within(dialog).getByTestId('labels-count-SBK-001');
    await userEvent.clear(count);
    await userEvent.type(count, '4');
    expect(within(dialog).getByTestId('labels-print')).toHaveTextContent('Cetak 5 label');
    expect(within(dialog).getByTestId('labels-target-tspl'), 'the target set in Pengaturan → Label').toBeChecked();
    expect(within(dialog).getByTestId('labels-settings')).toHaveTextContent('40 × 30 mm');
    await userEvent.click(within(dialog).getByTestId('labels-target-pdf'));
    expect(within(dialog).getByTestId('labels-settings')).toHaveTextContent('3 × 8');
    await userEvent.click(within(dialog).getByTestId('labels-print'));
    expect(await within(dialog).findByTestId('saved-path')).toHaveTextContent('/home/toko/Unduhan/label.pdf');
    expect(within(dialog).getByTestId('labels-result')).toHaveTextContent('5 label di 1 halaman');
    expect(callsOf(b, 'print_labels').map((c) => c.args)).toEqual([
      {
        items: [
          { productId: 10, count: 1 },
          { productId: 11, count: 4 },
        ],
        target: 'pdf',
      },
    ]);
  });
});
