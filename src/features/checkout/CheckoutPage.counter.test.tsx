/**
 * The counter flows at the till against a fake Rust side: variants and notes (options dialog),
 * "Tahan" / "Tertahan", and open bills. What is asserted is what the window sends: option ids
 * and notes, bill ids and the cash handed over; never an amount it computed.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CartLineInput, HeldCart, HoldCartRequest, PaymentState } from '../../lib/ipc';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { counterCatalog, FakeBill, KOPI, priceCounter } from '../../test/counterFixtures';
import { paidOrder, shiftReport } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { CheckoutPage } from './CheckoutPage';

const NOW = Date.parse('2026-11-26T03:05:00.000Z'); // 10.05 WIB

interface Backend {
  calls: { cmd: string; args: Args }[];
  held: HeldCart[];
  bills: FakeBill[];
  /** A quick sale left mid-split on the till (null: none). */
  pendingSplit: number | null;
  of: (cmd: string) => Args[];
}

function installBackend(): Backend {
  const b: Backend = {
    calls: [],
    held: [],
    bills: [],
    pendingSplit: null,
    of: (cmd) => b.calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  };
  let nextHeld = 1;
  const billOf = (id: unknown) => {
    const bill = b.bills.find((x) => x.id === id);
    if (!bill) throw { kind: 'not_found', message: `Tagihan #${String(id)} tidak ditemukan` };
    return bill;
  };
  const changed = (billId: number) => void emitDomainEvent({ type: 'billChanged', billId });
  mockBackend((cmd, a) => {
    b.calls.push({ cmd, args: a });
    switch (cmd) {
      case 'get_current_shift':
        return shiftReport();
      case 'get_shop_profile':
        return { name: 'Kafe Uji', timezone: 'Asia/Jakarta' };
      case 'get_catalog':
        return counterCatalog;
      case 'price_cart':
        return priceCounter((a.req as { lines: CartLineInput[] }).lines);
      case 'list_promos':
        return [];
      case 'get_payment_mode':
        return {
          provider: 'emulator',
          demo: true,
          pollSeconds: 3,
          expiryMinutes: 10,
          demoIssuers: [{ code: 'gopay', label: 'GoPay' }],
          configError: null,
          clockSkewSeconds: null,
        };
      case 'lookup_barcode': {
        const p = counterCatalog.products.find((x) => x.barcode === a.code);
        if (!p) throw { kind: 'not_found', message: 'tidak ditemukan' };
        return p;
      }
      case 'list_held_carts':
        return b.held;
      case 'hold_cart': {
        const req = a.req as HoldCartRequest;
        const priced = priceCounter(req.lines);
        const h: HeldCart = {
          id: nextHeld++,
          label: req.label ?? null,
          cashier: 'Rina',
          total: priced.nonCash.total,
          itemCount: priced.itemCount,
          createdAt: NOW,
          lines: req.lines,
          cart: req.cart ?? { promoIds: [] },
        };
        b.held.push(h);
        void emitDomainEvent({ type: 'heldCartsChanged' });
        return h;
      }
      case 'resume_held_cart': {
        const h = b.held.find((x) => x.id === a.id);
        if (!h) throw { kind: 'validation', message: 'transaksi ini sudah dilanjutkan' };
        b.held = b.held.filter((x) => x !== h);
        void emitDomainEvent({ type: 'heldCartsChanged' });
        return h;
      }
      case 'list_open_bills':
        return b.bills.filter((x) => x.status === 'open').map((x) => x.toBill());
      case 'open_bill': {
        const bill = new FakeBill(b.bills.length + 1, (a.name as string).trim(), NOW);
        b.bills.push(bill);
        changed(bill.id);
        return bill.toBill();
      }
      case 'get_bill':
        return billOf(a.billId).toBill();
      case 'add_to_bill': {
        const req = a.req as { billId: number; lines: CartLineInput[] };
        const bill = billOf(req.billId);
        bill.add(req.lines);
        changed(bill.id);
        return bill.toBill();
      }
      case 'remove_bill_line': {
        const bill = billOf(a.billId);
        bill.lines = bill.lines.filter((l) => l.id !== a.lineId);
        changed(bill.id);
        return bill.toBill();
      }
      case 'send_bill': {
        const bill = billOf(a.billId);
        bill.send();
        changed(bill.id);
        return bill.toBill();
      }
      case 'print_bill':
        return { id: 1 };
      case 'pay_bill_cash': {
        const req = a.req as { billId: number; tendered: number };
        const bill = billOf(req.billId);
        bill.send();
        bill.status = 'paid';
        changed(bill.id);
        const order = paidOrder([], req.tendered);
        const total = bill.toBill().priced.cash.total;
        return { ...order, total, cashChange: req.tendered - total };
      }
      case 'get_pending_split':
        return b.pendingSplit;
      case 'get_part_amount':
        return 18_000;
      case 'get_order':
        if (a.orderId === b.pendingSplit) {
          return { ...paidOrder([], 0), id: b.pendingSplit, total: 36_000, status: 'awaiting_payment', split: true, due: 18_000 };
        }
        // The order a bill waits on: paid with one tender (its QR is shown again).
        return { ...paidOrder([], 0), id: a.orderId as number, status: 'awaiting_payment', split: false };
      case 'generate_payment_qr':
      case 'start_bill_qris': {
        const bill =
          cmd === 'start_bill_qris'
            ? billOf((a.req as { billId: number }).billId)
            : b.bills.find((x) => x.awaitingOrderId === a.orderId);
        if (!bill) throw { kind: 'not_found', message: 'pesanan tidak ditemukan' };
        bill.awaitingOrderId = 9;
        changed(bill.id);
        return {
          attemptId: 'att-b',
          orderId: 9,
          orderNumber: 'INV-261126-0009',
          qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"></svg>',
          qrImageUrl: null,
          qrImageDataUrl: null,
          expiresInMs: 600_000,
          amount: bill.toBill().priced.nonCash.total,
          expiresAt: Date.now() + 600_000,
          provider: 'emulator',
          merchantName: 'Kafe Uji',
          status: 'pending',
        };
      }
      case 'check_payment_status':
      case 'demo_pay': {
        const bill = b.bills.find((x) => x.awaitingOrderId === 9);
        if (bill) {
          bill.status = 'paid';
          changed(bill.id);
        }
        const paid: PaymentState = {
          attemptId: 'att-b',
          orderId: 9,
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
        void emitDomainEvent({ type: 'attemptChanged', state: paid });
        return paid;
      }
      case 'void_bill': {
        const bill = billOf(a.billId);
        bill.status = 'void';
        changed(bill.id);
        return bill.toBill();
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return b;
}

/** Every `price_cart` request's lines: only ids, quantities, options and notes cross. */
function pricedLines(b: Backend): CartLineInput[][] {
  return b.of('price_cart').map((a) => (a.req as { lines: CartLineInput[] }).lines);
}

function lastPriced(b: Backend): CartLineInput[] | undefined {
  const all = pricedLines(b);
  return all[all.length - 1];
}

function expectNoAmounts(lines: CartLineInput[]) {
  for (const l of lines) {
    for (const k of Object.keys(l)) {
      expect(['productId', 'qty', 'options', 'note', 'discount'], `a cart line carries no price (${k})`).toContain(k);
    }
  }
}

async function openKopi() {
  await userEvent.click(await screen.findByTestId(`product-${KOPI.sku}`));
  return screen.findByTestId('option-dialog');
}

describe('options dialog', () => {
  it('a required group blocks "Tambah"; pick-one replaces, pick-many adds; price_cart gets ids and the note', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    const dialog = await openKopi();
    const add = within(dialog).getByTestId('option-add');
    expect(add, 'Ukuran is wajib').toBeDisabled();
    expect(within(dialog).getByTestId('option-group-1')).toHaveTextContent('wajib');
    expect(within(dialog).getByTestId('option-group-2')).not.toHaveTextContent('wajib');
    expect(within(dialog).getByTestId('option-group-1')).toHaveTextContent('Large+Rp 5.000');

    // Pick one: Regular, then Large replaces it.
    await userEvent.click(within(dialog).getByTestId('option-100'));
    await userEvent.click(within(dialog).getByTestId('option-101'));
    expect(within(dialog).getByTestId('option-100')).not.toBeChecked();
    expect(within(dialog).getByTestId('option-101')).toBeChecked();
    expect(within(dialog).getByTestId('option-100')).toHaveAttribute('type', 'radio');
    expect(add).toBeEnabled();
    // An optional pick-one is cleared by picking it again.
    await userEvent.click(within(dialog).getByTestId('option-151'));
    await userEvent.click(within(dialog).getByTestId('option-151'));
    expect(within(dialog).getByTestId('option-151')).not.toBeChecked();
    // Pick many: both stay.
    await userEvent.click(within(dialog).getByTestId('option-202'));
    await userEvent.click(within(dialog).getByTestId('option-201'));
    expect(within(dialog).getByTestId('option-201')).toHaveAttribute('type', 'checkbox');
    expect(within(dialog).getByTestId('option-201')).toBeChecked();
    expect(within(dialog).getByTestId('option-202')).toBeChecked();

    await userEvent.type(within(dialog).getByTestId('option-note'), '  tanpa   es ');
    await userEvent.click(within(dialog).getByTestId('option-qty-inc'));
    // The price on the button is Rust's, for exactly this line.
    await waitFor(() => expect(within(dialog).getByTestId('option-price')).toHaveTextContent('Rp 66.000'));
    await userEvent.click(add);
    expect(screen.queryByTestId('option-dialog')).not.toBeInTheDocument();

    const line = { productId: KOPI.id, qty: 2, options: [101, 201, 202], note: 'tanpa es' };
    await waitFor(() => expect(lastPriced(b)).toEqual([line]));
    for (const lines of pricedLines(b)) expectNoAmounts(lines);
    const cartLine = screen.getByTestId(`cart-line-${KOPI.sku}`);
    expect(within(cartLine).getByTestId('cart-line-options')).toHaveTextContent(
      'Large (+Rp 5.000), Extra shot (+Rp 4.000), Oat milk (+Rp 6.000)',
    );
    expect(within(cartLine).getByTestId('cart-line-options')).toHaveTextContent('Catatan: tanpa es');
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 66.000'));
  });

  it('another variant of the same product is another line; the same variant merges; products without groups add at once', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    let dialog = await openKopi();
    await userEvent.click(within(dialog).getByTestId('option-100'));
    await userEvent.click(within(dialog).getByTestId('option-add'));
    dialog = await openKopi();
    await userEvent.click(within(dialog).getByTestId('option-101'));
    await userEvent.click(within(dialog).getByTestId('option-add'));
    dialog = await openKopi();
    await userEvent.click(within(dialog).getByTestId('option-100'));
    await userEvent.click(within(dialog).getByTestId('option-add'));
    await userEvent.click(screen.getByTestId('product-MNM-001'));
    expect(screen.queryByTestId('option-dialog'), 'Es Teh has no option groups').not.toBeInTheDocument();

    await waitFor(() =>
      expect(lastPriced(b)).toEqual([
        { productId: KOPI.id, qty: 2, options: [100] },
        { productId: KOPI.id, qty: 1, options: [101] },
        { productId: 10, qty: 1 },
      ]),
    );
    expect(screen.getByTestId(`cart-qty-${KOPI.sku}`)).toHaveValue(2);
    expect(screen.getByTestId(`cart-qty-${KOPI.sku}-2`)).toHaveValue(1);
    expect(screen.getByTestId(`product-qty-${KOPI.sku}`), 'the tile counts every variant').toHaveTextContent('3');
    await waitFor(() => expect(screen.getByTestId(`cart-line-total-${KOPI.sku}-2`)).toHaveTextContent('Rp 23.000'));

    // The cashier edits the Large line's note.
    await userEvent.click(screen.getByTestId(`cart-line-note-${KOPI.sku}-2`));
    await userEvent.type(await screen.findByTestId('note-input'), 'panas');
    await userEvent.click(screen.getByTestId('note-save'));
    await waitFor(() =>
      expect(lastPriced(b)?.[1]).toEqual({ productId: KOPI.id, qty: 1, options: [101], note: 'panas' }),
    );
    expect(within(screen.getByTestId(`cart-line-${KOPI.sku}-2`)).getByTestId('cart-line-note')).toHaveTextContent('panas');
  });

  it('a scanned product with option groups opens the dialog too', async () => {
    installBackend();
    renderWithClient(<CheckoutPage />);
    await screen.findByTestId('product-search');
    act(() => {
      for (const ch of KOPI.barcode) window.dispatchEvent(new KeyboardEvent('keydown', { key: ch }));
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    });
    expect(await screen.findByTestId('option-dialog')).toHaveTextContent('Ukuran');
  });
});

describe('Tahan transaksi', () => {
  it('holds the cart with a name, clears it, and resumes it exactly as it was', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    const dialog = await openKopi();
    await userEvent.click(within(dialog).getByTestId('option-101'));
    await userEvent.type(within(dialog).getByTestId('option-note'), 'tanpa es');
    await userEvent.click(within(dialog).getByTestId('option-add'));
    await userEvent.click(screen.getByTestId('product-MKN-001'));
    await waitFor(() => expect(screen.getByTestId('hold-cart')).toBeEnabled());
    const parked: CartLineInput[] = [
      { productId: KOPI.id, qty: 1, options: [101], note: 'tanpa es' },
      { productId: 11, qty: 1 },
    ];

    fireEvent.keyDown(window, { key: 'F7' });
    await userEvent.type(await screen.findByTestId('hold-name'), 'Ibu baju merah');
    await userEvent.click(screen.getByTestId('hold-confirm'));
    await waitFor(() => expect(screen.queryByTestId('hold-dialog')).not.toBeInTheDocument());
    expect(b.of('hold_cart')).toEqual([{ req: { lines: parked, label: 'Ibu baju merah' } }]);
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 0');
    await waitFor(() => expect(screen.getByTestId('held-list-button')).toHaveTextContent('Tertahan (1)'));

    await userEvent.click(screen.getByTestId('held-list-button'));
    const row = await screen.findByTestId('held-row-1');
    expect(row).toHaveTextContent('10.05');
    expect(row).toHaveTextContent('Ibu baju merah');
    expect(row).toHaveTextContent('2 barang');
    expect(row).toHaveTextContent('Rp 48.000');
    await userEvent.click(within(row).getByTestId('held-resume-1'));
    await waitFor(() => expect(screen.queryByTestId('held-list')).not.toBeInTheDocument());
    expect(b.of('resume_held_cart')).toEqual([{ id: 1 }]);
    await waitFor(() => expect(lastPriced(b), 'the resumed lines go back exactly').toEqual(parked));
    expect(within(screen.getByTestId(`cart-line-${KOPI.sku}`)).getByTestId('cart-line-options')).toHaveTextContent(
      'Catatan: tanpa es',
    );
    await waitFor(() => expect(screen.getByTestId('held-list-button')).toHaveTextContent('Tertahan (0)'));
  });

  it('resuming over a cart in progress holds that cart first', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    await userEvent.click(await screen.findByTestId('product-MKN-001'));
    await userEvent.click(screen.getByTestId('hold-cart'));
    await userEvent.click(await screen.findByTestId('hold-confirm'));
    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 0'));
    await userEvent.click(screen.getByTestId('product-MNM-001'));
    await userEvent.click(screen.getByTestId('held-list-button'));
    await userEvent.click(await screen.findByTestId('held-resume-1'));
    expect(b.of('resume_held_cart'), 'nothing resumed before the cashier answers').toEqual([]);
    await userEvent.click(screen.getByTestId('held-hold-first'));
    await waitFor(() => expect(screen.queryByTestId('held-list')).not.toBeInTheDocument());
    expect(b.of('hold_cart').map((a) => (a.req as HoldCartRequest).lines)).toEqual([
      [{ productId: 11, qty: 1 }],
      [{ productId: 10, qty: 1 }],
    ]);
    await waitFor(() => expect(lastPriced(b)).toEqual([{ productId: 11, qty: 1 }]));
    await waitFor(() => expect(screen.getByTestId('held-list-button')).toHaveTextContent('Tertahan (1)'));
  });
});

describe('open bills', () => {
  async function openNewBill(name: string) {
    await userEvent.click(await screen.findByTestId('bills-button'));
    await userEvent.click(await screen.findByTestId('bill-new'));
    await userEvent.type(screen.getByTestId('bill-name-input'), name);
    await userEvent.click(screen.getByTestId('bill-create'));
    await waitFor(() => expect(screen.getByTestId('bill-title')).toHaveTextContent(`Tagihan: ${name}`));
  }

  it('adds to the bill in Rust, sends to the kitchen, and pays cash with only the bill id and the tender', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    // A cart in progress waits while the bill is open.
    await userEvent.click(await screen.findByTestId('product-MNM-001'));
    await openNewBill('Meja 4');
    expect(b.of('open_bill')).toEqual([{ name: 'Meja 4' }]);

    await userEvent.click(screen.getByTestId('product-MKN-001'));
    const dialog = await openKopi();
    await userEvent.click(within(dialog).getByTestId('option-101'));
    await userEvent.type(within(dialog).getByTestId('option-note'), 'less ice');
    await userEvent.click(within(dialog).getByTestId('option-add'));
    await waitFor(() => expect(screen.queryByTestId('option-dialog')).not.toBeInTheDocument());
    expect(b.of('add_to_bill')).toEqual([
      { req: { billId: 1, lines: [{ productId: 11, qty: 1 }] } },
      { req: { billId: 1, lines: [{ productId: KOPI.id, qty: 1, options: [101], note: 'less ice' }] } },
    ]);
    const panel = screen.getByTestId('bill-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('bill-line-unsent')).toHaveLength(2));
    expect(within(panel).getByTestId('bill-line-2')).toHaveTextContent('Large (+Rp 5.000)');
    expect(within(panel).getByTestId('cart-total')).toHaveTextContent('Rp 48.000');

    await userEvent.click(within(panel).getByTestId('bill-send'));
    await waitFor(() => expect(within(panel).getAllByTestId('bill-line-sent')).toHaveLength(2));
    expect(within(panel).getByTestId('bill-line-1')).toHaveTextContent('Dikirim #1');
    expect(b.of('send_bill')).toEqual([{ billId: 1 }]);
    expect(within(panel).queryByTestId('bill-line-remove-1'), 'a sent line stays').not.toBeInTheDocument();

    // A later addition is unsent and removable.
    await userEvent.click(screen.getByTestId('product-MNM-001'));
    await userEvent.click(await within(panel).findByTestId('bill-line-remove-3'));
    await waitFor(() => expect(b.of('remove_bill_line')).toEqual([{ billId: 1, lineId: 3 }]));

    await userEvent.click(within(panel).getByTestId('bill-print'));
    await waitFor(() => expect(b.of('print_bill')).toEqual([{ billId: 1 }]));

    await userEvent.click(within(panel).getByTestId('bill-pay-cash'));
    const cash = await screen.findByTestId('cash-dialog');
    expect(within(cash).getByTestId('cash-total'), "the bill's cash total from Rust").toHaveTextContent('Rp 48.000');
    await userEvent.click(within(cash).getByTestId('cash-quick-50000'));
    await userEvent.click(within(cash).getByTestId('cash-confirm'));
    const paid = await screen.findByTestId('order-paid');
    expect(within(paid).getByTestId('order-change')).toHaveTextContent('Rp 2.000');
    expect(b.of('pay_bill_cash')).toEqual([{ req: { billId: 1, tendered: 50_000 } }]);
    expect(b.of('pay_cash')).toEqual([]);
    // Back to the sale, the cart as it was; the bill has left the list.
    expect(screen.queryByTestId('bill-panel')).not.toBeInTheDocument();
    await userEvent.click(within(paid).getByTestId('order-new'));
    expect(screen.getByTestId('cart-line-MNM-001')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('bills-button'));
    expect(await screen.findByTestId('bills-empty')).toBeInTheDocument();
  });

  it('QRIS for a bill starts with start_bill_qris, not start_qris; once paid the checkout leaves the bill', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    await openNewBill('Budi');
    await userEvent.click(screen.getByTestId('product-MKN-001'));
    await waitFor(() => expect(screen.getByTestId('bill-pay-qris')).toBeEnabled());
    await userEvent.click(screen.getByTestId('bill-pay-qris'));
    expect(await screen.findByTestId('qris-modal')).toBeInTheDocument();
    await waitFor(() => expect(b.of('start_bill_qris')).toEqual([{ req: { billId: 1 } }]));
    expect(b.of('start_qris')).toEqual([]);
    await userEvent.click(await screen.findByTestId('demo-pay-gopay'));
    expect(await screen.findByTestId('qris-success')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('qris-modal')).not.toBeInTheDocument(), { timeout: 4000 });
    expect(screen.queryByTestId('bill-panel')).not.toBeInTheDocument();
    expect(screen.getByTestId('toast')).toHaveTextContent('Lunas · INV-261126-0009 · QRIS GoPay');
  });

  it('the list shows each open bill; one waiting on QRIS shows its QR again; leaving keeps a bill open; void needs a reason', async () => {
    const b = installBackend();
    const meja = new FakeBill(7, 'Meja 2', NOW);
    meja.add([{ productId: 11, qty: 2 }]);
    meja.send();
    meja.add([{ productId: 10, qty: 1 }]);
    const waiting = new FakeBill(8, 'Meja 5', NOW);
    waiting.add([{ productId: 10, qty: 1 }]);
    waiting.awaitingOrderId = 3;
    b.bills.push(meja, waiting);
    renderWithClient(<CheckoutPage />);
    await waitFor(() => expect(screen.getByTestId('bills-button')).toHaveTextContent('Tagihan (2)'));
    await userEvent.click(screen.getByTestId('bills-button'));
    const row = await screen.findByTestId('bill-row-Meja 2');
    expect(row).toHaveTextContent('Rp 55.000');
    expect(row).toHaveTextContent('3 barang');
    expect(row).toHaveTextContent('1 belum dikirim');
    expect(row).toHaveTextContent('dibuka 10.05');
    expect(within(row).queryByTestId('bill-row-qris')).not.toBeInTheDocument();
    expect(within(screen.getByTestId('bill-row-Meja 5')).getByTestId('bill-row-qris')).toHaveTextContent('menunggu QRIS');

    // A bill waiting on its QR cannot be changed or paid again here; its QR can be shown again.
    await userEvent.click(screen.getByTestId('bill-row-Meja 5'));
    expect(await screen.findByTestId('bill-awaiting')).toHaveTextContent('Menunggu pembayaran');
    expect(screen.getByTestId('bill-pay-cash')).toBeDisabled();
    expect(screen.getByTestId('bill-void')).toBeDisabled();
    await userEvent.click(screen.getByTestId('bill-open-qr'));
    expect(await screen.findByTestId('qris-modal')).toBeInTheDocument();
    await waitFor(() => expect(b.of('generate_payment_qr')).toEqual([{ orderId: 3 }]));
    expect(b.of('start_bill_qris')).toEqual([]);
    await userEvent.click(await screen.findByTestId('demo-pay-gopay'));
    await waitFor(() => expect(screen.queryByTestId('qris-modal')).not.toBeInTheDocument(), { timeout: 4000 });
    expect(screen.queryByTestId('bill-panel')).not.toBeInTheDocument();

    await userEvent.click(screen.getByTestId('bills-button'));
    await userEvent.click(await screen.findByTestId('bill-row-Meja 2'));
    expect(await screen.findByTestId('bill-title')).toHaveTextContent('Tagihan: Meja 2');
    await userEvent.click(screen.getByTestId('bill-exit'));
    expect(screen.queryByTestId('bill-panel')).not.toBeInTheDocument();
    expect(meja.status).toBe('open');

    await userEvent.click(screen.getByTestId('bills-button'));
    await userEvent.click(await screen.findByTestId('bill-row-Meja 2'));
    await userEvent.click(await screen.findByTestId('bill-void'));
    const confirm = await screen.findByTestId('bill-void-confirm');
    expect(confirm, 'a reason is required').toBeDisabled();
    await userEvent.type(screen.getByTestId('bill-void-reason'), 'tamu batal');
    await userEvent.click(confirm);
    await waitFor(() => expect(screen.queryByTestId('bill-panel')).not.toBeInTheDocument());
    expect(b.of('void_bill')).toEqual([{ billId: 7, reason: 'tamu batal' }]);
  });

  it('a quick sale left mid-split opens again when the checkout starts', async () => {
    const b = installBackend();
    b.pendingSplit = 12;
    renderWithClient(<CheckoutPage />);
    expect(await screen.findByTestId('split-dialog')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('split-due')).toHaveTextContent('Rp 18.000'));
    expect(b.of('get_pending_split')).toHaveLength(1);
  });

  it('no split left: the checkout starts as usual', async () => {
    const b = installBackend();
    renderWithClient(<CheckoutPage />);
    await waitFor(() => expect(b.of('get_pending_split')).toHaveLength(1));
    expect(screen.queryByTestId('split-dialog')).not.toBeInTheDocument();
  });
});
