import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CartLineInput, PayCashRequest, PaymentState } from '../../lib/ipc';
import { emitDomainEvent, mockBackend } from '../../test/backend';
import { catalog, paidOrder, priceFixture } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { CheckoutPage } from './CheckoutPage';

interface Calls {
  payCash: PayCashRequest[];
  lookups: string[];
  qris: CartLineInput[][];
}

/**
 * The Rust side for the till. Like Rust, a sale lowers the stock and announces it on the change
 * feed (`orderPaid`, `stockChanged`), whichever way it was paid. `stock` overrides the fixture's.
 */
function installBackend({ stock = {} }: { stock?: Record<number, number> } = {}): Calls {
  const calls: Calls = { payCash: [], lookups: [], qris: [] };
  const stockOf = new Map(catalog.products.map((p) => [p.id, stock[p.id] ?? p.stock]));
  let qrisLines: CartLineInput[] = [];
  let qrisPaid = false;
  const sell = (lines: CartLineInput[], orderId: number, method: 'cash' | 'qris') => {
    for (const l of lines) stockOf.set(l.productId, (stockOf.get(l.productId) ?? 0) - l.qty);
    void emitDomainEvent({ type: 'orderPaid', orderId, method });
    void emitDomainEvent({ type: 'stockChanged', productIds: lines.map((l) => l.productId) });
  };
  const paidState: PaymentState = {
    attemptId: 'att-1',
    orderId: 7,
    status: 'paid',
    issuer: 'gopay',
    issuerLabel: 'GoPay',
    anomaly: null,
    late: false,
    expiresAt: null,
    paidAt: Date.now(),
    processing: false,
    setAside: false,
  };
  mockBackend((cmd, a) => {
    switch (cmd) {
      case 'get_catalog':
        return {
          ...catalog,
          products: catalog.products.map((p) => ({ ...p, stock: stockOf.get(p.id) ?? p.stock })),
        };
      case 'price_cart':
        return priceFixture((a.req as { lines: CartLineInput[] }).lines);
      case 'lookup_barcode': {
        const code = a.code as string;
        calls.lookups.push(code);
        const p = catalog.products.find((x) => x.barcode === code);
        if (!p) throw { kind: 'not_found', message: `Barang dengan kode ${code} tidak ditemukan.` };
        return p;
      }
      case 'get_payment_mode':
        return {
          provider: 'emulator',
          demo: true,
          pollSeconds: 3,
          expiryMinutes: 10,
          demoIssuers: [{ code: 'gopay', label: 'GoPay' }],
          configError: null,
        };
      case 'start_qris': {
        qrisLines = (a.req as { lines: CartLineInput[] }).lines;
        calls.qris.push(qrisLines);
        void emitDomainEvent({ type: 'orderCreated', orderId: 7 });
        return {
          attemptId: 'att-1',
          orderId: 7,
          orderNumber: 'INV-261126-0007',
          qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>',
          qrImageUrl: null,
          amount: 30000,
          expiresAt: Date.now() + 600_000,
          provider: 'emulator',
          merchantName: 'Warung Uji',
          status: 'pending',
        };
      }
      case 'check_payment_status':
      case 'demo_pay':
        if (!qrisPaid) {
          qrisPaid = true;
          sell(qrisLines, 7, 'qris');
          void emitDomainEvent({ type: 'attemptChanged', state: paidState });
        }
        return paidState;
      case 'pay_cash': {
        const req = a.req as PayCashRequest;
        calls.payCash.push(req);
        sell(req.lines, 1, 'cash');
        return paidOrder(req.lines, req.tendered);
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

async function addToCart(sku: string) {
  await userEvent.click(await screen.findByTestId(`product-${sku}`));
}

describe('checkout', () => {
  it('shows the total priced by the backend and updates it with +/−', async () => {
    installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MNM-001');
    await addToCart('MKN-001');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 30.000'));
    await userEvent.click(screen.getByTestId('cart-inc-MNM-001'));
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 35.000'));
    expect(screen.getByTestId('product-qty-MNM-001')).toHaveTextContent('2');
    await userEvent.click(screen.getByTestId('cart-dec-MKN-001'));
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 10.000'));
    expect(screen.queryByTestId('cart-line-MKN-001')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('cart-clear'));
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 0');
    expect(screen.getByTestId('pay-cash')).toBeDisabled();
  });

  it('setting a quantity by typing reprices the line', async () => {
    installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MKN-001');
    const qty = await screen.findByTestId('cart-qty-MKN-001');
    fireEvent.change(qty, { target: { value: '3' } });
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 75.000'));
    expect(screen.getByTestId('cart-line-total-MKN-001')).toHaveTextContent('Rp 75.000');
  });

  it('cash dialog refuses short tender, shows change, pays and resets', async () => {
    const calls = installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MNM-001');
    await addToCart('MKN-001');
    await waitFor(() => expect(screen.getByTestId('pay-cash')).toBeEnabled());
    await userEvent.click(screen.getByTestId('pay-cash'));
    const dialog = await screen.findByTestId('cash-dialog');
    const input = within(dialog).getByTestId('cash-tendered');
    await userEvent.type(input, '20000');
    expect(within(dialog).getByTestId('cash-short')).toHaveTextContent('Uang kurang Rp 10.000');
    expect(within(dialog).getByTestId('cash-confirm')).toBeDisabled();
    await userEvent.click(within(dialog).getByTestId('cash-quick-50000'));
    expect(within(dialog).getByTestId('cash-change')).toHaveTextContent('Rp 20.000');
    await userEvent.click(within(dialog).getByTestId('cash-confirm'));
    const paid = await screen.findByTestId('order-paid');
    expect(within(paid).getByTestId('order-change')).toHaveTextContent('Rp 20.000');
    expect(calls.payCash).toEqual([
      {
        lines: [
          { productId: 10, qty: 1 },
          { productId: 11, qty: 1 },
        ],
        tendered: 50000,
      },
    ]);
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 0');
    await userEvent.click(within(paid).getByTestId('order-new'));
    expect(screen.queryByTestId('order-paid')).not.toBeInTheDocument();
  });

  it('F8 opens cash, Esc closes it and keeps the cart; "Uang Pas" pays exact', async () => {
    const calls = installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MKN-001');
    await waitFor(() => expect(screen.getByTestId('pay-cash')).toBeEnabled());
    fireEvent.keyDown(window, { key: 'F8' });
    expect(await screen.findByTestId('cash-dialog')).toBeInTheDocument();
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByTestId('cash-dialog')).not.toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 25.000');
    fireEvent.keyDown(window, { key: 'F8' });
    await userEvent.click(await screen.findByTestId('cash-exact'));
    expect(screen.getByTestId('cash-change')).toHaveTextContent('Rp 0');
    await userEvent.click(screen.getByTestId('cash-confirm'));
    await screen.findByTestId('order-paid');
    expect(calls.payCash[0].tendered).toBe(25000);
  });

  it('a barcode scan adds the product even while the search box has focus', async () => {
    const calls = installBackend();
    renderWithClient(<CheckoutPage />);
    const search = await screen.findByTestId('product-search');
    search.focus();
    const code = '8992024020012';
    act(() => {
      for (const ch of code) {
        search.dispatchEvent(new KeyboardEvent('keydown', { key: ch, bubbles: true, cancelable: true }));
      }
      search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    await waitFor(() => expect(screen.getByTestId('cart-line-MKN-001')).toBeInTheDocument());
    expect(calls.lookups).toEqual([code]);
    expect(search).toHaveValue('');
  });

  it('an unknown barcode shows a clear message and changes nothing', async () => {
    installBackend();
    renderWithClient(<CheckoutPage />);
    await screen.findByTestId('product-search');
    act(() => {
      for (const ch of '0000000000000') {
        window.dispatchEvent(new KeyboardEvent('keydown', { key: ch }));
      }
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    });
    expect(await screen.findByTestId('toast')).toHaveTextContent('tidak ditemukan');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 0');
  });

  it('QRIS charges the frozen cart, and a confirmed payment resets the checkout', async () => {
    const calls = installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MNM-001');
    await addToCart('MKN-001');
    await waitFor(() => expect(screen.getByTestId('pay-qris')).toBeEnabled());
    await userEvent.click(screen.getByTestId('pay-qris'));
    expect(await screen.findByTestId('qris-modal')).toBeInTheDocument();
    await userEvent.click(await screen.findByTestId('demo-pay-gopay'));
    expect(await screen.findByTestId('qris-success')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('qris-modal')).not.toBeInTheDocument(), {
      timeout: 4000,
    });
    expect(calls.qris).toEqual([
      [
        { productId: 10, qty: 1 },
        { productId: 11, qty: 1 },
      ],
    ]);
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 0');
    expect(screen.getByTestId('toast')).toHaveTextContent('Lunas · INV-261126-0007 · QRIS GoPay');
  });

  it('the tap asks for the QR, once: a second tap before the dialog is up charges nothing more', async () => {
    const calls = installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MNM-001');
    await waitFor(() => expect(screen.getByTestId('pay-qris')).toBeEnabled());
    const pay = screen.getByTestId('pay-qris');
    // Both taps land before React renders the dialog: the tap asks for the QR itself, the second
    // is ignored.
    act(() => {
      fireEvent.click(pay);
      fireEvent.click(pay);
    });
    expect(await screen.findByTestId('qris-modal')).toBeInTheDocument();
    expect(await screen.findByTestId('qris-image')).toBeInTheDocument();
    expect(calls.qris).toEqual([[{ productId: 10, qty: 1 }]]);
  });

  it('regression: after a QRIS sale the grid shows the new stock ("Stok N", "Habis"), not the old', async () => {
    // Only the cash path used to refresh the catalogue; a QRIS sale left "Stok 1" on a product
    // that was gone. The change feed (orderPaid / stockChanged) now refreshes it for both.
    installBackend({ stock: { 11: 1 } });
    renderWithClient(<CheckoutPage />);
    const nasi = await screen.findByTestId('product-MKN-001');
    expect(nasi).toHaveTextContent('Stok 1');
    expect(screen.getByTestId('product-MNM-001')).toHaveTextContent('Stok 50');
    await addToCart('MNM-001');
    await addToCart('MKN-001');
    await waitFor(() => expect(screen.getByTestId('pay-qris')).toBeEnabled());
    await userEvent.click(screen.getByTestId('pay-qris'));
    await userEvent.click(await screen.findByTestId('demo-pay-gopay'));
    expect(await screen.findByTestId('qris-success')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('qris-modal')).not.toBeInTheDocument(), {
      timeout: 4000,
    });
    await waitFor(() =>
      expect(screen.getByTestId('product-MKN-001'), 'the last one was sold by QRIS').toHaveTextContent('Habis'),
    );
    expect(screen.getByTestId('product-MKN-001')).toBeDisabled();
    expect(screen.getByTestId('product-MNM-001')).toHaveTextContent('Stok 49');
  });

  it('after a cash sale the grid shows the new stock too', async () => {
    installBackend();
    renderWithClient(<CheckoutPage />);
    await addToCart('MKN-001');
    await addToCart('MKN-001');
    await waitFor(() => expect(screen.getByTestId('pay-cash')).toBeEnabled());
    await userEvent.click(screen.getByTestId('pay-cash'));
    await userEvent.click(await screen.findByTestId('cash-exact'));
    await userEvent.click(screen.getByTestId('cash-confirm'));
    await screen.findByTestId('order-paid');
    await waitFor(() => expect(screen.getByTestId('product-MKN-001')).toHaveTextContent('Stok 8'));
  });
});
