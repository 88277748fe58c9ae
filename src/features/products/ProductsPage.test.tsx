import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, useQuery } from '@tanstack/react-query';
import { queryKeys } from '../../lib/queryKeys';
import type {
  DomainEvent,
  CategoryInput,
  CategoryRow,
  ProductInput,
  ProductQuery,
  ProductRow,
  StockAdjustment,
} from '../../lib/ipc';
import { emitDomainEvent, mockBackend } from '../../test/backend';
import { catalog } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { ProductsPage } from './ProductsPage';

interface Backend {
  products: ProductRow[];
  categories: CategoryRow[];
  isDemo: boolean;
  calls: { cmd: string; args: Record<string, unknown> }[];
  catalogFetches: number;
}

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

function installBackend(): Backend {
  const b: Backend = {
    products: [
      row({ id: 10, sku: 'MNM-001', name: 'Es Teh Manis', categoryId: 1, categoryName: 'Minuman', barcode: '8992024010013', price: 5000, isDemo: true }),
      row({ id: 11, sku: 'MKN-001', name: 'Nasi Goreng Spesial', categoryId: 2, categoryName: 'Makanan', price: 25000, isDemo: true }),
      row({ id: 12, sku: 'OLD-1', name: 'Barang Lama', active: false }),
    ],
    categories: [
      { id: 1, name: 'Minuman', productCount: 1, isDemo: true },
      { id: 2, name: 'Makanan', productCount: 1, isDemo: true },
      { id: 3, name: 'Kosong', productCount: 0, isDemo: false },
    ],
    isDemo: true,
    calls: [],
    catalogFetches: 0,
  };
  // Like Rust: a change is announced on the change feed once committed.
  const announce = <T,>(result: T, ...events: DomainEvent[]): T => {
    for (const event of events) void emitDomainEvent(event);
    return result;
  };
  mockBackend((cmd, a) => {
    b.calls.push({ cmd, args: a });
    switch (cmd) {
      case 'get_catalog':
        b.catalogFetches += 1;
        return { ...catalog, isDemo: b.isDemo };
      case 'list_products': {
        const q = a.req as ProductQuery;
        const term = q.search.toLowerCase();
        return b.products.filter(
          (p) =>
            (q.includeInactive || p.active) &&
            (q.categoryId === null || p.categoryId === q.categoryId) &&
            (term === '' ||
              p.name.toLowerCase().includes(term) ||
              p.sku.toLowerCase().includes(term) ||
              (p.barcode ?? '').includes(term)),
        );
      }
      case 'list_categories':
        return b.categories;
      case 'list_low_stock':
        return b.products.filter((p) => p.lowStock);
      case 'save_product': {
        const req = a.req as ProductInput;
        if (b.products.some((p) => p.sku === req.sku.trim() && p.id !== req.id)) {
          throw {
            kind: 'validation',
            message: `Input tidak valid: SKU ${req.sku.trim()} sudah dipakai barang lain.`,
          };
        }
        const saved = row({
          ...req,
          id: req.id ?? 99,
          categoryName: b.categories.find((c) => c.id === req.categoryId)?.name ?? null,
        });
        b.products = [...b.products.filter((p) => p.id !== saved.id), saved];
        return announce(saved, { type: 'catalogChanged' });
      }
      case 'adjust_stock': {
        const req = a.req as StockAdjustment;
        const p = b.products.find((x) => x.id === req.productId);
        if (!p) throw { kind: 'not_found', message: 'Barang tidak ditemukan.' };
        if (p.stock + req.delta < 0) {
          throw {
            kind: 'validation',
            message: `Input tidak valid: stok ${p.name} tinggal ${p.stock}, tidak bisa dikurangi ${-req.delta}.`,
          };
        }
        p.stock += req.delta;
        return announce({ ...p }, { type: 'stockChanged', productIds: [p.id] });
      }
      case 'save_category': {
        const req = a.req as CategoryInput;
        const c = { id: req.id ?? 50, name: req.name.trim(), productCount: 0, isDemo: false };
        b.categories = [...b.categories.filter((x) => x.id !== c.id), c];
        return announce(c, { type: 'catalogChanged' });
      }
      case 'delete_category': {
        const c = b.categories.find((x) => x.id === a.categoryId);
        if (c && c.productCount > 0) {
          throw {
            kind: 'validation',
            message: `Input tidak valid: kategori ${c.name} masih berisi ${c.productCount} barang; pindahkan barangnya dulu.`,
          };
        }
        b.categories = b.categories.filter((x) => x.id !== a.categoryId);
        return announce(null, { type: 'catalogChanged' });
      }
      case 'remove_demo_catalog': {
        const n = b.products.filter((p) => p.isDemo).length;
        b.products = b.products.filter((p) => !p.isDemo);
        b.categories = b.categories.filter((c) => !c.isDemo);
        b.isDemo = false;
        return announce({ productsRemoved: n, categoriesRemoved: 2 }, { type: 'catalogChanged' });
      }
      case 'list_stock_movements':
        return [];
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return b;
}

const callsOf = (b: Backend, cmd: string) => b.calls.filter((c) => c.cmd === cmd);

describe('products page', () => {
  it('lists active products with price in rupiah, filters, and shows inactive on demand', async () => {
    const b = installBackend();
    renderWithClient(<ProductsPage />);
    const tea = await screen.findByTestId('product-row-MNM-001');
    expect(tea).toHaveTextContent('Rp 5.000');
    expect(tea).toHaveTextContent('Minuman');
    expect(screen.getByTestId('product-row-MKN-001')).toHaveTextContent('Rp 25.000');
    expect(screen.queryByTestId('product-row-OLD-1')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('products-show-inactive'));
    expect(await screen.findByTestId('product-row-OLD-1')).toHaveTextContent('Nonaktif');

    await userEvent.type(screen.getByTestId('products-search'), 'nasi');
    await waitFor(() =>
      expect(screen.queryByTestId('product-row-MNM-001')).not.toBeInTheDocument(),
    );
    expect(screen.getByTestId('product-row-MKN-001')).toBeInTheDocument();
    expect(callsOf(b, 'list_products').slice(-1)[0]?.args.req).toEqual({
      search: 'nasi',
      categoryId: null,
      includeInactive: true,
    });

    await userEvent.clear(screen.getByTestId('products-search'));
    await userEvent.selectOptions(screen.getByTestId('products-category'), '1');
    await waitFor(() =>
      expect(screen.queryByTestId('product-row-MKN-001')).not.toBeInTheDocument(),
    );
    expect(screen.getByTestId('product-row-MNM-001')).toBeInTheDocument();
  });

  it('adds a product and sends exactly what the owner typed', async () => {
    const b = installBackend();
    renderWithClient(<ProductsPage />);
    await screen.findByTestId('product-row-MNM-001');
    await userEvent.click(screen.getByTestId('product-new'));
    const form = await screen.findByTestId('product-form');
    await userEvent.type(within(form).getByTestId('product-field-name'), 'Kopi Sachet');
    await userEvent.type(within(form).getByTestId('product-field-sku'), 'KOP-01');
    await userEvent.type(within(form).getByTestId('product-field-barcode'), '4006381333931');
    await userEvent.selectOptions(within(form).getByTestId('product-field-category'), '1');
    await userEvent.type(within(form).getByTestId('product-field-price'), '15.000');
    expect(form).toHaveTextContent('Rp 15.000');
    await userEvent.clear(within(form).getByTestId('product-field-stock'));
    await userEvent.type(within(form).getByTestId('product-field-stock'), '24');
    await userEvent.click(within(form).getByTestId('product-save'));

    await waitFor(() => expect(screen.queryByTestId('product-form')).not.toBeInTheDocument());
    expect(callsOf(b, 'save_product').map((c) => c.args.req)).toEqual([
      {
        id: null,
        sku: 'KOP-01',
        barcode: '4006381333931',
        name: 'Kopi Sachet',
        categoryId: 1,
        price: 15000,
        stock: 24,
        active: true,
      },
    ]);
    expect(await screen.findByTestId('product-row-KOP-01')).toHaveTextContent('Rp 15.000');
    expect(screen.getByTestId('products-notice')).toHaveTextContent('Kopi Sachet disimpan.');
  });

  it('shows the Rust validation message inside the form and keeps the dialog open', async () => {
    installBackend();
    renderWithClient(<ProductsPage />);
    await screen.findByTestId('product-row-MNM-001');
    await userEvent.click(screen.getByTestId('product-new'));
    const form = await screen.findByTestId('product-form');
    await userEvent.type(within(form).getByTestId('product-field-name'), 'Teh Tiruan');
    await userEvent.type(within(form).getByTestId('product-field-sku'), 'MNM-001');
    await userEvent.click(within(form).getByTestId('product-save'));
    expect(await within(form).findByTestId('product-error')).toHaveTextContent(
      'Harga wajib diisi',
    );
    await userEvent.type(within(form).getByTestId('product-field-price'), '5000');
    expect(within(form).queryByTestId('product-error')).not.toBeInTheDocument();
    await userEvent.click(within(form).getByTestId('product-save'));
    expect(await within(form).findByTestId('product-error')).toHaveTextContent(
      'SKU MNM-001 sudah dipakai barang lain',
    );
    expect(screen.getByTestId('product-form')).toBeInTheDocument();
  });

  it('edits a product with its current values prefilled', async () => {
    const b = installBackend();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-edit-MKN-001'));
    const form = await screen.findByTestId('product-form');
    expect(within(form).getByTestId('product-field-name')).toHaveValue('Nasi Goreng Spesial');
    const price = within(form).getByTestId('product-field-price');
    await userEvent.clear(price);
    await userEvent.type(price, '27000');
    await userEvent.click(within(form).getByTestId('product-field-active'));
    await userEvent.click(within(form).getByTestId('product-save'));
    await waitFor(() => expect(screen.queryByTestId('product-form')).not.toBeInTheDocument());
    expect(callsOf(b, 'save_product')[0].args.req).toMatchObject({
      id: 11,
      sku: 'MKN-001',
      price: 27000,
      active: false,
      categoryId: 2,
    });
  });

  it('adjusts stock down with a reason and shows a refusal from Rust', async () => {
    const b = installBackend();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('product-stock-adjust-MNM-001'));
    const dialog = await screen.findByTestId('stock-dialog');
    await userEvent.click(within(dialog).getByTestId('stock-out'));
    await userEvent.type(within(dialog).getByTestId('stock-amount'), '11');
    await userEvent.click(within(dialog).getByTestId('stock-save'));
    expect(await within(dialog).findByTestId('stock-error')).toHaveTextContent('tinggal 10');
    await userEvent.clear(within(dialog).getByTestId('stock-amount'));
    await userEvent.type(within(dialog).getByTestId('stock-amount'), '3');
    await userEvent.clear(within(dialog).getByTestId('stock-reason'));
    await userEvent.type(within(dialog).getByTestId('stock-reason'), 'Rusak');
    await userEvent.click(within(dialog).getByTestId('stock-save'));
    await waitFor(() => expect(screen.queryByTestId('stock-dialog')).not.toBeInTheDocument());
    expect(callsOf(b, 'adjust_stock').slice(-1)[0]?.args.req).toEqual({
      productId: 10,
      delta: -3,
      reason: 'Rusak',
    });
    await waitFor(() => expect(screen.getByTestId('product-stock-MNM-001')).toHaveTextContent('7'));
  });

  it('manages categories and explains why a non-empty one cannot be deleted', async () => {
    const b = installBackend();
    renderWithClient(<ProductsPage />);
    await screen.findByTestId('category-row-1');
    await userEvent.click(screen.getByTestId('category-delete-1'));
    expect(await screen.findByTestId('category-error-1')).toHaveTextContent(
      'kategori Minuman masih berisi 1 barang',
    );
    await userEvent.click(screen.getByTestId('category-delete-3'));
    await waitFor(() => expect(screen.queryByTestId('category-row-3')).not.toBeInTheDocument());
    await userEvent.type(screen.getByTestId('category-new-name'), 'Rokok');
    await userEvent.click(screen.getByTestId('category-add'));
    expect(await screen.findByTestId('category-row-50')).toHaveTextContent('Rokok');
    await userEvent.click(screen.getByTestId('category-rename-50'));
    const name = screen.getByTestId('category-name-50');
    await userEvent.clear(name);
    await userEvent.type(name, 'Rokok & Korek');
    await userEvent.click(screen.getByTestId('category-save-50'));
    await waitFor(() =>
      expect(screen.getByTestId('category-row-50')).toHaveTextContent('Rokok & Korek'),
    );
    expect(callsOf(b, 'save_category').map((c) => c.args.req)).toEqual([
      { id: null, name: 'Rokok' },
      { id: 50, name: 'Rokok & Korek' },
    ]);
  });

  it('removes the demo catalogue only after confirmation, then hides the demo box', async () => {
    const b = installBackend();
    renderWithClient(<ProductsPage />);
    await userEvent.click(await screen.findByTestId('demo-remove'));
    expect(await screen.findByTestId('demo-remove-dialog')).toBeInTheDocument();
    expect(callsOf(b, 'remove_demo_catalog')).toHaveLength(0);
    await userEvent.click(screen.getByTestId('demo-remove-confirm'));
    await waitFor(() => expect(screen.queryByTestId('demo-catalog')).not.toBeInTheDocument());
    expect(callsOf(b, 'remove_demo_catalog')).toHaveLength(1);
    expect(screen.getByTestId('products-notice')).toHaveTextContent('2 barang, 2 kategori');
    await waitFor(() =>
      expect(screen.queryByTestId('product-row-MNM-001')).not.toBeInTheDocument(),
    );
  });

  it('hides the demo box once the shop has its own catalogue', async () => {
    const b = installBackend();
    b.isDemo = false;
    renderWithClient(<ProductsPage />);
    await screen.findByTestId('product-row-MNM-001');
    await screen.findByTestId('category-row-1');
    expect(screen.queryByTestId('demo-remove')).not.toBeInTheDocument();
  });

  it("a stock adjustment refreshes the checkout's catalogue query (through the change feed)", async () => {
    const b = installBackend();
    const client = new QueryClient({
      defaultOptions: { queries: { retry: false, gcTime: Infinity } },
    });
    function CheckoutProbe() {
      // Stands in for the checkout, which reads the catalogue under this key.
      const q = useQuery({ queryKey: queryKeys.catalog, queryFn: () => ({ n: b.catalogFetches }) });
      return <span data-testid="probe">{q.data?.n ?? '-'}</span>;
    }
    renderWithClient(
      <>
        <CheckoutProbe />
        <ProductsPage />
      </>,
      client,
    );
    await userEvent.click(await screen.findByTestId('product-stock-adjust-MKN-001'));
    await userEvent.type(await screen.findByTestId('stock-amount'), '5');
    const before = client.getQueryState(queryKeys.catalog)?.dataUpdateCount ?? 0;
    await userEvent.click(screen.getByTestId('stock-save'));
    await waitFor(() =>
      expect(client.getQueryState(queryKeys.catalog)?.dataUpdateCount ?? 0).toBeGreaterThan(before),
    );
  });
});
