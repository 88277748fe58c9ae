import { mockIPC } from '@tauri-apps/api/mocks';
import { screen, within } from '@testing-library/react';
import { vi } from 'vitest';
import type { ProductRow, StockMovement } from '../../lib/ipc';
import { renderWithClient } from '../../test/render';
import { StockDialog } from './StockDialog';
import { formatDelta, movementLabel } from './StockHistory';

const product: ProductRow = {
  id: 10,
  sku: 'MNM-001',
  barcode: null,
  name: 'Es Teh Manis',
  categoryId: null,
  categoryName: null,
  price: 5000,
  stock: 7,
  active: true,
  isDemo: false,
  costPrice: 0,
  taxExempt: false,
  photo: null,
  lowStockThreshold: null,
  lowStock: false,
};

function movement(m: Partial<StockMovement> & Pick<StockMovement, 'id' | 'kind'>): StockMovement {
  return {
    productId: product.id,
    delta: 1,
    stockAfter: 1,
    reason: null,
    orderId: null,
    orderNumber: null,
    createdAt: Date.parse('2026-11-26T03:00:00.000Z'),
    ...m,
  };
}

/** Newest first, as Rust returns them. */
const history: StockMovement[] = [
  movement({
    id: 3,
    kind: 'sale',
    delta: -2,
    stockAfter: 7,
    orderId: 41,
    orderNumber: 'INV-261126-0004',
    createdAt: Date.parse('2026-11-26T17:30:00.000Z'),
  }),
  movement({ id: 2, kind: 'adjust', delta: -3, stockAfter: 9, reason: 'Rusak', createdAt: Date.parse('2026-11-26T03:05:00.000Z') }),
  movement({ id: 1, kind: 'initial', delta: 12, stockAfter: 12, createdAt: Date.parse('2026-11-26T03:00:00.000Z') }),
];

function install(result: StockMovement[] | { kind: string; message: string }) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
    if (cmd === 'list_stock_movements') {
      if (Array.isArray(result)) return result;
      throw result;
    }
    throw { kind: 'internal', message: `unexpected ${cmd}` };
  });
  return calls;
}

function renderDialog() {
  return renderWithClient(<StockDialog product={product} onClose={vi.fn()} onSaved={vi.fn()} />);
}

describe('stock history (Riwayat stok)', () => {
  it("asks Rust for this product's movements and shows them newest first", async () => {
    const calls = install(history);
    renderDialog();
    const panel = await screen.findByTestId('stock-history');
    const sale = await within(panel).findByTestId('stock-movement-3');
    expect(calls.filter((c) => c.cmd === 'list_stock_movements')).toEqual([
      { cmd: 'list_stock_movements', args: { productId: 10 } },
    ]);
    const rows = within(panel).getAllByTestId(/^stock-movement-/);
    expect(rows.map((r) => r.dataset.testid), 'newest first, as Rust sorted them').toEqual([
      'stock-movement-3',
      'stock-movement-2',
      'stock-movement-1',
    ]);

    // 17:30 UTC on the 26th is 00:30 WIB on the 27th: times are shown in the shop's local time.
    expect(sale).toHaveTextContent('27/11/2026');
    expect(sale).toHaveTextContent('00.30');
    expect(sale).toHaveTextContent('Penjualan INV-261126-0004');
    expect(sale).toHaveTextContent('−2');
    expect(within(sale).getAllByRole('cell')[3]).toHaveTextContent('7');

    const adjust = within(panel).getByTestId('stock-movement-2');
    expect(adjust).toHaveTextContent('10.05');
    expect(adjust).toHaveTextContent('Penyesuaian');
    expect(adjust).toHaveTextContent('−3');
    expect(adjust).toHaveTextContent('Rusak');

    const initial = within(panel).getByTestId('stock-movement-1');
    expect(initial).toHaveTextContent('Stok awal');
    expect(initial).toHaveTextContent('+12');
    expect(within(initial).getAllByRole('cell')[3]).toHaveTextContent('12');
  });

  it('says so when the product has no movement yet', async () => {
    install([]);
    renderDialog();
    expect(await screen.findByTestId('stock-history-empty')).toHaveTextContent(
      'Belum ada perubahan stok',
    );
  });

  it("shows Rust's error message when the history cannot be read", async () => {
    install({ kind: 'not_found', message: 'Barang tidak ditemukan.' });
    renderDialog();
    const panel = await screen.findByTestId('stock-history');
    expect(await within(panel).findByText('Barang tidak ditemukan.')).toBeInTheDocument();
  });

  it('labels and signs movements', () => {
    expect(movementLabel(movement({ id: 1, kind: 'sale', orderId: 5 }))).toBe('Penjualan #5');
    expect(movementLabel(movement({ id: 1, kind: 'adjust' }))).toBe('Penyesuaian');
    expect(movementLabel(movement({ id: 1, kind: 'initial' }))).toBe('Stok awal');
    expect(formatDelta(4)).toBe('+4');
    expect(formatDelta(-4)).toBe('−4');
  });
});
