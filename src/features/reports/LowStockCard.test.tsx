/** The dashboard's "Stok Menipis" card: Rust's count and the products it lists. */
import { render, screen, within } from '@testing-library/react';
import type { ProductRow } from '../../lib/ipc';
import { LowStockCard } from './LowStockCard';

const low = (id: number, sku: string, name: string, stock: number, threshold: number): ProductRow => ({
  id,
  sku,
  name,
  stock,
  lowStockThreshold: threshold,
  lowStock: true,
  barcode: null,
  categoryId: null,
  categoryName: null,
  costPrice: 0,
  taxExempt: false,
  price: 1000,
  active: true,
  isDemo: false,
  photo: null,
});

describe('low-stock card', () => {
  it('shows the count, each listed product with stock and threshold, and how many more there are', () => {
    render(
      <LowStockCard
        card={{ count: 7, items: [low(1, 'BRS-5', 'Beras 5 kg', 0, 3), low(2, 'GLA-1', 'Gula 1 kg', 2, 5)] }}
      />,
    );
    const card = screen.getByTestId('low-stock-card');
    expect(within(card).getByTestId('low-stock-count')).toHaveTextContent('7 barang');
    expect(within(card).getByTestId('low-stock-item-BRS-5')).toHaveTextContent('Beras 5 kg stok 0 / batas 3');
    expect(within(card).getByTestId('low-stock-item-GLA-1')).toHaveTextContent('stok 2 / batas 5');
    expect(card, 'the count is Rust\'s, more than the items listed').toHaveTextContent('dan 5 lainnya');
  });

  it('says all is well when nothing is low', () => {
    render(<LowStockCard card={{ count: 0, items: [] }} />);
    expect(screen.getByTestId('low-stock-count')).toHaveTextContent('0 barang');
    expect(screen.getByTestId('low-stock-card')).toHaveTextContent('Semua barang di atas batas');
  });
});
