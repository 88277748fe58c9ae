/**
 * Barang → product form → "Pilihan (varian & tambahan)": the groups as stored are shown, edited
 * (add, rename, wajib, boleh pilih banyak, options with "+harga", reorder, remove) and saved as
 * one form with `save_product_options`; ids are kept for what already exists; Rust's refusal is
 * shown as it said it.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OptionGroup, OptionGroupInput, ProductRow } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { ProductForm } from './ProductForm';

const KOPI: ProductRow = {
  id: 12,
  sku: 'KPI-001',
  barcode: null,
  name: 'Kopi Susu',
  categoryId: null,
  categoryName: null,
  costPrice: 0,
  taxExempt: false,
  price: 18_000,
  stock: 40,
  active: true,
  isDemo: false,
  photo: null,
  lowStockThreshold: null,
  lowStock: false,
};

const STORED: OptionGroup[] = [
  {
    id: 1,
    productId: 12,
    name: 'Ukuran',
    required: true,
    multiple: false,
    options: [
      { id: 100, name: 'Regular', priceDelta: 0 },
      { id: 101, name: 'Large', priceDelta: 5_000 },
    ],
  },
];

function installBackend(refuse?: string) {
  const saves: Args[] = [];
  mockBackend((cmd, a) => {
    if (cmd === 'get_product_options') {
      expect(a).toEqual({ productId: 12 });
      return STORED;
    }
    if (cmd === 'save_product_options') {
      saves.push(a);
      if (refuse) throw { kind: 'validation', message: refuse };
      let next = 500;
      return (a.groups as OptionGroupInput[]).map((g) => ({
        id: g.id ?? next++,
        productId: 12,
        name: g.name,
        required: g.required,
        multiple: g.multiple,
        options: g.options.map((o) => ({ id: o.id ?? next++, name: o.name, priceDelta: o.priceDelta })),
      }));
    }
    throw { kind: 'internal', message: `unexpected ${cmd}` };
  });
  return saves;
}

function renderForm(product: ProductRow | null = KOPI) {
  renderWithClient(<ProductForm product={product} categories={[]} onClose={() => undefined} onSaved={() => undefined} />);
  return screen.findByTestId('product-options');
}

describe('product options editor', () => {
  it('edits the groups and saves them as one form, keeping the ids of what exists', async () => {
    const saves = installBackend();
    const section = await renderForm();
    expect(await within(section).findByTestId('edit-group-name-0')).toHaveValue('Ukuran');
    expect(within(section).getByTestId('edit-group-required-0')).toBeChecked();
    expect(within(section).getByTestId('edit-option-price-0-1')).toHaveValue('5.000');
    expect(within(section).getByTestId('product-options-save'), 'nothing changed yet').toBeDisabled();

    // A new group "Tambahan", pick many, two options with +harga.
    await userEvent.click(within(section).getByTestId('product-options-add-group'));
    await userEvent.type(within(section).getByTestId('edit-group-name-1'), 'Tambahan');
    await userEvent.click(within(section).getByTestId('edit-group-multiple-1'));
    await userEvent.type(within(section).getByTestId('edit-option-name-1-0'), 'Oat milk');
    await userEvent.type(within(section).getByTestId('edit-option-price-1-0'), '6000');
    await userEvent.click(within(section).getByTestId('edit-option-add-1'));
    await userEvent.type(within(section).getByTestId('edit-option-name-1-1'), 'Extra shot');
    await userEvent.type(within(section).getByTestId('edit-option-price-1-1'), '4000');
    // Extra shot first, the new group first; Regular goes.
    await userEvent.click(within(section).getByTestId('edit-option-up-1-1'));
    await userEvent.click(within(section).getByTestId('edit-group-up-1'));
    await userEvent.click(within(section).getByTestId('edit-option-remove-1-0'));
    expect(within(section).getByTestId('product-options-dirty')).toBeInTheDocument();
    await userEvent.click(within(section).getByTestId('product-options-save'));

    await waitFor(() => expect(within(section).getByTestId('product-options-saved')).toBeInTheDocument());
    expect(saves).toEqual([
      {
        productId: 12,
        groups: [
          {
            name: 'Tambahan',
            required: false,
            multiple: true,
            options: [
              { name: 'Extra shot', priceDelta: 4_000 },
              { name: 'Oat milk', priceDelta: 6_000 },
            ],
          },
          { id: 1, name: 'Ukuran', required: true, multiple: false, options: [{ id: 101, name: 'Large', priceDelta: 5_000 }] },
        ],
      },
    ]);
    // The saved groups (with their new ids) are what the form holds now.
    expect(within(section).getByTestId('edit-group-name-0')).toHaveValue('Tambahan');
    expect(within(section).getByTestId('product-options-save')).toBeDisabled();
  });

  it("shows Rust's message when the form is refused, and keeps what was typed", async () => {
    installBackend('grup Tambahan belum punya pilihan');
    const section = await renderForm();
    await within(section).findByTestId('edit-group-name-0');
    await userEvent.click(within(section).getByTestId('product-options-add-group'));
    await userEvent.type(within(section).getByTestId('edit-group-name-1'), 'Tambahan');
    await userEvent.click(within(section).getByTestId('edit-option-remove-1-0'));
    await userEvent.click(within(section).getByTestId('product-options-save'));
    expect(await within(section).findByTestId('product-options-error')).toHaveTextContent(
      'grup Tambahan belum punya pilihan',
    );
    expect(within(section).getByTestId('edit-group-name-1')).toHaveValue('Tambahan');
  });

  it('a new product gets its options once it is saved', async () => {
    installBackend();
    const section = await renderForm(null);
    expect(section).toHaveTextContent('Simpan barang ini dulu');
    expect(within(section).queryByTestId('product-options-save')).toBeNull();
  });
});
