/**
 * Photos on the till's grid: shown for products that have one only while the shop's
 * "Tampilkan foto barang" is on (`catalog.showPhotos`), in a fixed-size lazily loaded box.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { mockConvertFileSrc } from '@tauri-apps/api/mocks';
import type { Catalog } from '../../lib/ipc';
import { catalog } from '../../test/fixtures';
import { ProductGrid } from './ProductGrid';

const PHOTO = `${'b'.repeat(64)}.jpg`;

function withPhoto(showPhotos: boolean): Catalog {
  return {
    ...catalog,
    showPhotos,
    products: catalog.products.map((p) => (p.sku === 'MNM-001' ? { ...p, photo: PHOTO } : { ...p, photo: null })),
  };
}

describe('product grid photos', () => {
  beforeEach(() => mockConvertFileSrc('linux'));

  it('shows the photo of a product that has one when photos are on, and the plain tile for the others', () => {
    render(<ProductGrid catalog={withPhoto(true)} onAdd={() => {}} />);
    const img = within(screen.getByTestId('product-MNM-001')).getByTestId('product-tile-photo');
    expect(img).toHaveAttribute('src', `kasirfoto://localhost/${PHOTO}`);
    expect(img, 'lazy: a long grid does not load every photo at once').toHaveAttribute('loading', 'lazy');
    expect(img.getAttribute('width'), 'a fixed box: the tile does not grow when the image arrives').toBeTruthy();
    expect(img.getAttribute('height')).toBeTruthy();
    expect(within(screen.getByTestId('product-MKN-001')).queryByTestId('product-tile-photo')).toBeNull();
    expect(screen.getAllByTestId('product-tile-photo')).toHaveLength(1);
  });

  it('shows no photo at all when the shop turned photos off', () => {
    render(<ProductGrid catalog={withPhoto(false)} onAdd={() => {}} />);
    expect(screen.getByTestId('product-MNM-001')).toHaveTextContent('Es Teh Manis');
    expect(screen.queryAllByTestId('product-tile-photo')).toHaveLength(0);
  });

  it('a photo whose file is gone leaves the grey frame, not a broken-image icon', () => {
    render(<ProductGrid catalog={withPhoto(true)} onAdd={() => {}} />);
    const img = within(screen.getByTestId('product-MNM-001')).getByTestId('product-tile-photo');
    expect(img.style.visibility).toBe('');
    fireEvent.error(img);
    expect(img.style.visibility).toBe('hidden');
    expect(screen.getByTestId('product-MNM-001')).toHaveTextContent('Es Teh Manis');
  });
});
