/**
 * The sale detail in Laporan history: a paid order shows its refund chain and opens the refund
 * dialog; an unpaid one is voided with a reason.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { HistoryPage, Order, Refundable, SaleDetail } from '../../lib/ipc';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { HistoryPanel } from './HistoryPanel';

function order(id: number, status: Order['status'], lines?: Order['lines']): Order {
  return {
    id,
    number: `INV-261126-000${id}`,
    status,
    subtotal: 36_000,
    discountTotal: 0,
    taxTotal: 0,
    serviceTotal: 0,
    serviceLabel: null,
    rounding: 0,
    taxLabel: null,
    taxIncluded: false,
    discounts: [],
    costTotal: 0,
    total: 36_000,
    paymentMethod: status === 'paid' ? 'qris' : null,
    cashTendered: null,
    cashChange: null,
    paymentIssuer: null,
    paymentIssuerLabel: null,
    gatewayTxnId: null,
    cashier: 'Rina',
    cashierId: 2,
    shiftId: 3,
    createdAt: 1795658400000,
    paidAt: status === 'paid' ? 1795658400000 : null,
    lines: lines ?? [{ productId: 1, sku: 'KOPI-1', name: 'Kopi Susu', unitPrice: 18_000, qty: 2, lineTotal: 36_000, options: [], note: null }],
    split: false,
    tenders: [],
    due: status === 'paid' ? 0 : 36_000,
  };
}

function detail(o: Order): SaleDetail {
  const label = { paid: 'Lunas', cancelled: 'dibatalkan', awaiting_payment: 'menunggu pembayaran' }[o.status];
  return { order: o, statusLabel: label, issuerLabel: null, createdAt: o.createdAt, paidAt: o.paidAt, zoneLabel: 'WIB', attempts: [], reversals: [], refunds: [], netTotal: o.total };
}

const refundable: Refundable = {
  orderId: 1,
  orderNumber: 'INV-261126-0001',
  method: 'qris',
  paidTotal: 36_000,
  refundedTotal: 18_000,
  lines: [{ orderLineId: 11, name: 'Kopi Susu', unitPrice: 18_000, sold: 2, returned: 1 }],
  refunds: [
    {
      id: 2, orderId: 1, orderNumber: 'INV-261126-0001', method: 'cash', amount: 18_000, reason: 'tumpah',
      status: 'succeeded', statusLabel: 'berhasil', refundKey: 'k2', gatewayRefundId: null, failureReason: null,
      replacesRefundId: 1, userName: 'Bu Sari', createdAt: 1795659000000, completedAt: 1795659000000,
      lines: [{ orderLineId: 11, name: 'Kopi Susu', qty: 1, amount: 18_000, restock: false }],
    },
    {
      id: 1, orderId: 1, orderNumber: 'INV-261126-0001', method: 'qris', amount: 18_000, reason: 'tumpah',
      status: 'failed', statusLabel: 'gagal', refundKey: 'k1', gatewayRefundId: null,
      failureReason: 'Bank tidak mendukung pengembalian.', replacesRefundId: null, userName: 'Bu Sari',
      createdAt: 1795658900000, completedAt: null,
      lines: [{ orderLineId: 11, name: 'Kopi Susu', qty: 1, amount: 18_000, restock: false }],
    },
  ],
};

function install() {
  const orders: Record<number, Order> = {
    1: order(1, 'paid'),
    5: order(5, 'awaiting_payment'),
    // Two variants of the same product, as sold: each line keeps its options and note.
    6: order(6, 'awaiting_payment', [
      {
        productId: 1, sku: 'KOPI-1', name: 'Kopi Susu', unitPrice: 23_000, qty: 1, lineTotal: 23_000,
        options: [{ group: 'Ukuran', name: 'Large', priceDelta: 5_000 }, { group: 'Gula', name: 'Less sugar', priceDelta: 0 }],
        note: 'tanpa es',
      },
      { productId: 1, sku: 'KOPI-1', name: 'Kopi Susu', unitPrice: 18_000, qty: 1, lineTotal: 18_000, options: [], note: null },
    ]),
  };
  const calls: { cmd: string; args: Args }[] = [];
  mockBackend((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'get_shop_profile':
        return { name: 'Warung Sari', timezone: 'Asia/Jakarta' };
      case 'list_sales_history': {
        const rows = Object.values(orders).map((o) => ({
          id: o.id, number: o.number, status: o.status, statusLabel: detail(o).statusLabel,
          paymentMethod: o.paymentMethod, issuerLabel: null, cashier: 'Rina', total: o.total, items: 2,
          createdAt: o.createdAt, paidAt: o.paidAt, split: o.split,
        }));
        const page: HistoryPage = { rows, totalRows: rows.length, page: 1, pageSize: 20, pageCount: 1, zoneLabel: 'WIB' };
        return page;
      }
      case 'get_sale_detail':
        return detail(orders[args.orderId as number]);
      case 'get_refundable':
        if (args.orderId !== 1) throw { kind: 'order_state', message: 'bukan pesanan lunas' };
        return refundable;
      case 'void_order': {
        const { orderId } = args.req as { orderId: number; reason: string };
        orders[orderId] = { ...orders[orderId], status: 'cancelled' };
        return orders[orderId];
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

const range = { from: '2026-11-26', to: '2026-11-26' };

describe('sale detail: refunds and void', () => {
  it('a paid order lists its refund chain (oldest first) and opens the refund dialog', async () => {
    install();
    renderWithClient(<HistoryPanel range={range} />);
    await userEvent.click(await screen.findByTestId('history-row-1'));
    const modal = await screen.findByTestId('sale-detail');
    const rows = await within(modal).findAllByTestId('refund-row');
    expect(rows.map((r) => r.getAttribute('data-refund-status'))).toEqual(['failed', 'succeeded']);
    expect(rows[0]).toHaveTextContent('QRIS');
    expect(rows[0]).toHaveTextContent('Bank tidak mendukung pengembalian.');
    expect(rows[1]).toHaveTextContent('Tunai (pengganti QRIS gagal)');
    expect(rows[1]).toHaveTextContent('Rp 18.000');
    expect(rows[1]).toHaveTextContent('1× Kopi Susu (rusak)');
    expect(rows[1]).toHaveTextContent('oleh Bu Sari');
    expect(within(modal).getByTestId('sale-detail-refunded')).toHaveTextContent('Rp 18.000');
    expect(within(modal).queryByTestId('void-open')).toBeNull();

    await userEvent.click(within(modal).getByTestId('refund-open'));
    const dialog = await screen.findByTestId('refund-dialog');
    expect(within(dialog).getByTestId('refund-left-11')).toHaveTextContent('1');
    // Esc closes the refund dialog only, then the sale.
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('refund-dialog')).toBeNull();
    expect(screen.getByTestId('sale-detail')).toBeInTheDocument();
  });

  it('an unpaid order is voided with a reason; the sale refreshes on orderCancelled', async () => {
    const calls = install();
    renderWithClient(<HistoryPanel range={range} />);
    await userEvent.click(await screen.findByTestId('history-row-5'));
    const modal = await screen.findByTestId('sale-detail');
    expect(await within(modal).findByText(/menunggu pembayaran/)).toBeInTheDocument();
    expect(within(modal).queryByTestId('refund-open')).toBeNull();
    await userEvent.click(within(modal).getByTestId('void-open'));
    expect(screen.getByTestId('void-submit'), 'a reason is required').toBeDisabled();
    await userEvent.type(screen.getByTestId('void-reason'), '  pembeli tidak jadi ');
    await userEvent.click(screen.getByTestId('void-submit'));
    await waitFor(() => expect(screen.queryByTestId('void-dialog')).toBeNull());
    expect(calls.find((c) => c.cmd === 'void_order')?.args).toEqual({
      req: { orderId: 5, reason: 'pembeli tidak jadi' },
    });
    expect(screen.getByTestId('void-done')).toHaveTextContent('Pesanan dibatalkan.');
    await emitDomainEvent({ type: 'orderCancelled', orderId: 5 });
    expect(await within(screen.getByTestId('sale-detail')).findByText(/dibatalkan ·/)).toBeInTheDocument();
    expect(screen.queryByTestId('void-open')).toBeNull();
    expect(calls.some((c) => c.cmd === 'get_refundable'), 'no refund chain for an unpaid order').toBe(false);
  });
});

describe('sale detail: options and notes', () => {
  it('each line shows its options (with their price change) and note as sold', async () => {
    install();
    renderWithClient(<HistoryPanel range={range} />);
    await userEvent.click(await screen.findByTestId('history-row-6'));
    const modal = await screen.findByTestId('sale-detail');
    const lines = await within(modal).findAllByTestId('sale-detail-line');
    expect(lines).toHaveLength(2);
    expect(within(lines[0]).getByTestId('sale-line-options')).toHaveTextContent('Large (+Rp 5.000), Less sugar');
    expect(within(lines[0]).getByTestId('sale-line-note')).toHaveTextContent('Catatan: tanpa es');
    expect(lines[0]).toHaveTextContent('Rp 23.000');
    expect(within(lines[1]).queryByTestId('sale-line-options')).toBeNull();
    expect(within(lines[1]).queryByTestId('sale-line-note')).toBeNull();
  });
});
