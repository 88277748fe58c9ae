/**
 * "Perlu PIN pemilik" end to end in the window: a cashier's stock adjustment is refused with
 * `owner_pin_required`, the owner types their PIN, `grant_owner_override` allows that command and
 * the same adjustment is sent again, once.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ProductRow } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { owner } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { OwnerOverrideProvider } from '../auth';
import { StockDialog } from './StockDialog';

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

const REFUSED = { kind: 'owner_pin_required', message: 'Perlu PIN pemilik untuk menyesuaikan stok.' };

function install() {
  const calls: { cmd: string; args: Args }[] = [];
  let granted = false;
  mockBackend((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'list_stock_movements':
        return [];
      case 'adjust_stock':
        if (!granted) throw REFUSED;
        granted = false;
        return { ...product, stock: 12 };
      case 'grant_owner_override': {
        const { pin } = args.req as { pin: string };
        if (pin !== '802461') throw { kind: 'wrong_pin', message: 'PIN salah. Sisa 4 percobaan sebelum akun dikunci 5 menit.' };
        granted = true;
        return { userId: owner.id, name: owner.name, role: 'owner' };
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

function renderDialog(onSaved = vi.fn()) {
  renderWithClient(
    <OwnerOverrideProvider owners={[owner]}>
      <StockDialog product={product} onClose={() => undefined} onSaved={onSaved} />
    </OwnerOverrideProvider>,
  );
  return onSaved;
}

async function adjustBy5() {
  await userEvent.type(screen.getByTestId('stock-amount'), '5');
  await userEvent.click(screen.getByTestId('stock-save'));
}

describe('owner-PIN override', () => {
  it('asks for the owner PIN, grants that command and retries the same adjustment once', async () => {
    const calls = install();
    const onSaved = renderDialog();
    await adjustBy5();
    const dialog = await screen.findByTestId('owner-pin-dialog');
    expect(dialog).toHaveTextContent('Perlu PIN pemilik untuk menyesuaikan stok.');
    // The only owner is picked; a wrong PIN is said on the pad and nothing is retried.
    for (const d of '111111') await userEvent.click(within(dialog).getByTestId(`pin-key-${d}`));
    expect(await within(dialog).findByTestId('pin-error')).toHaveTextContent('PIN salah');
    for (const d of '802461') await userEvent.click(within(dialog).getByTestId(`pin-key-${d}`));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(onSaved.mock.calls[0][0]).toEqual({ ...product, stock: 12 });
    expect(screen.queryByTestId('owner-pin-dialog')).toBeNull();
    const adjust = calls.filter((c) => c.cmd === 'adjust_stock');
    expect(adjust).toHaveLength(2);
    expect(adjust[1].args, 'the same request again').toEqual(adjust[0].args);
    const grants = calls.filter((c) => c.cmd === 'grant_owner_override');
    expect(grants[grants.length - 1].args).toEqual({
      req: { ownerId: owner.id, pin: '802461', command: 'adjust_stock' },
    });
  });

  it('Batal gives up: the form says the owner PIN is needed, nothing is retried', async () => {
    const calls = install();
    const onSaved = renderDialog();
    await adjustBy5();
    await userEvent.click(await screen.findByTestId('owner-pin-cancel'));
    expect(await screen.findByTestId('stock-error')).toHaveTextContent('Perlu PIN pemilik untuk menyesuaikan stok.');
    expect(onSaved).not.toHaveBeenCalled();
    expect(calls.filter((c) => c.cmd === 'adjust_stock')).toHaveLength(1);
    expect(calls.some((c) => c.cmd === 'grant_owner_override')).toBe(false);
  });
});
