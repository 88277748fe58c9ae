import { mockIPC } from '@tauri-apps/api/mocks';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  Dashboard,
  DateRange,
  HistoryPage,
  HistoryQuery,
  PeriodRequest,
  QrisReconciliation,
  SaleDetail,
} from '../../lib/ipc';
import { renderWithClient } from '../../test/render';
import { ReportsPage } from './ReportsPage';

class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeAll(() => {
  // recharts' ResponsiveContainer needs it; jsdom has none.
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
});

function period(from: string, to: string, preset: PeriodRequest['preset'] = 'custom') {
  return {
    preset,
    from,
    to,
    days: 1,
    startMs: 0,
    endMs: 0,
    timezone: 'Asia/Jakarta',
    zoneLabel: 'WIB',
    cutoffMinutes: 0,
  };
}

/** What Rust answers for one day with a cash sale and a QRIS (GoPay) sale. */
function dashboard(req: PeriodRequest): Dashboard {
  const day = req.preset === 'yesterday' ? '2026-11-25' : '2026-11-26';
  const empty = req.preset === 'yesterday';
  return {
    period: period(day, day, req.preset),
    previousPeriod: period('2026-11-25', '2026-11-25'),
    summary: empty
      ? { omzet: 0, transactions: 0, averageTicket: 0, itemsSold: 0 }
      : { omzet: 61_000, transactions: 2, averageTicket: 30_500, itemsSold: 4 },
    previous: { omzet: 50_000, transactions: 2, averageTicket: 25_000, itemsSold: 3 },
    changes: empty
      ? { omzetBp: -10_000, transactionsBp: -10_000, averageTicketBp: -10_000, itemsSoldBp: -10_000 }
      : { omzetBp: 2_200, transactionsBp: 0, averageTicketBp: 2_200, itemsSoldBp: 3_333 },
    byMethod: [
      { method: 'cash', label: 'Tunai', transactions: empty ? 0 : 1, omzet: empty ? 0 : 36_000, refunds: 0, net: empty ? 0 : 36_000 },
      { method: 'qris', label: 'QRIS', transactions: empty ? 0 : 1, omzet: empty ? 0 : 25_000, refunds: 0, net: empty ? 0 : 25_000 },
    ],
    byIssuer: empty ? [] : [{ issuer: 'gopay', label: 'GoPay', transactions: 1, omzet: 25_000, refunds: 0, net: 25_000 }],
    byCashier: empty ? [] : [{ cashierId: 2, name: "Rina", transactions: 2, omzet: 61_000 }],
    byHour: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      transactions: !empty && (hour === 9 || hour === 12) ? 1 : 0,
      omzet: empty ? 0 : hour === 9 ? 36_000 : hour === 12 ? 25_000 : 0,
    })),
    byDay: [{ date: day, transactions: empty ? 0 : 2, omzet: empty ? 0 : 61_000 }],
    topByQty: empty ? [] : [
      { sku: 'KOPI-1', name: 'Kopi Susu', qty: 2, revenue: 36_000 },
      { sku: 'TEH-1', name: 'Es Teh Manis', qty: 2, revenue: 10_000 },
    ],
    topByRevenue: empty ? [] : [
      { sku: 'KOPI-1', name: 'Kopi Susu', qty: 2, revenue: 36_000 },
      { sku: 'ROTI-1', name: 'Roti Bakar', qty: 1, revenue: 15_000 },
    ],
    topVariants: empty ? [] : [
      { sku: 'KOPI-1', name: 'Kopi Susu', options: 'Ukuran: Large (+Rp 5.000)', qty: 2, revenue: 46_000 },
    ],
    refunds: 0,
    netOmzet: empty ? 0 : 61_000,
    // Stock as it is now, the same whatever the period.
    lowStock: { count: 0, items: [] },
  };
}

function history(q: HistoryQuery): HistoryPage {
  const all = [
    {
      id: 2,
      number: 'INV-261126-0002',
      status: 'paid' as const,
      statusLabel: 'Lunas',
      paymentMethod: 'qris' as const,
      issuerLabel: 'GoPay',
      cashier: 'Rina',
      total: 25_000,
      items: 2,
      createdAt: 1795669200000,
      paidAt: 1795669260000,
      split: false,
    },
    {
      id: 1,
      number: 'INV-261126-0001',
      status: 'paid' as const,
      statusLabel: 'Lunas',
      paymentMethod: 'cash' as const,
      issuerLabel: null,
      cashier: 'Rina',
      total: 36_000,
      items: 2,
      createdAt: 1795658400000,
      paidAt: 1795658400000,
      split: false,
    },
  ];
  const rows = all.filter(
    (r) => (!q.search || r.number.includes(q.search)) && (!q.method || r.paymentMethod === q.method),
  );
  return { rows, totalRows: rows.length, page: q.page, pageSize: q.pageSize, pageCount: 1, zoneLabel: 'WIB' };
}

const reconciliation: QrisReconciliation = {
  paidCount: 1,
  paidTotal: 25_000,
  rows: [
    {
      orderId: 2,
      number: 'INV-261126-0002',
      paidAt: 1795669260000,
      total: 25_000,
      issuerLabel: 'GoPay',
      gatewayTxnId: 'txn-abc-123',
      late: true,
      anomaly: null,
    },
  ],
  page: 1,
  pageSize: 20,
  pageCount: 1,
  flagged: [
    {
      attemptId: 'att-9',
      orderId: 2,
      number: 'INV-261126-0002',
      provider: 'midtrans',
      gatewayOrderId: 'INV-261126-0002-A1',
      gatewayRef: 'txn-abc-123',
      amount: 25_000,
      orderTotal: 25_000,
      status: 'paid',
      orderStatus: 'paid',
      issuerLabel: 'GoPay',
      anomaly: null,
      late: true,
      createdAt: 1795668000000,
      paidAt: 1795669260000,
    },
  ],
  flaggedTruncated: false,
  reversals: [],
  reversedTotal: 0,
  netTotal: 25_000,
  zoneLabel: 'WIB',
};

const detail: SaleDetail = {
  order: {
    id: 1,
    number: 'INV-261126-0001',
    status: 'paid',
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
    paymentMethod: 'cash',
    cashTendered: 50_000,
    cashChange: 14_000,
    paymentIssuer: null,
    paymentIssuerLabel: null,
    gatewayTxnId: null,
    cashier: 'Rina',
    cashierId: 2,
    shiftId: 3,
    createdAt: Date.parse('2026-11-26T02:00:00.000Z'),
    paidAt: Date.parse('2026-11-26T02:00:00.000Z'),
    lines: [{ productId: 1, sku: 'KOPI-1', name: 'Kopi Susu', unitPrice: 18_000, qty: 2, lineTotal: 36_000, options: [], note: null }],
    split: false,
    tenders: [],
    due: 0,
  },
  statusLabel: 'Lunas',
  issuerLabel: null,
  createdAt: 1795658400000,
  paidAt: 1795658400000,
  zoneLabel: 'WIB',
  attempts: [],
  reversals: [],
  refunds: [],
  netTotal: 36_000,
};

interface Calls {
  dashboards: PeriodRequest[];
  histories: HistoryQuery[];
  exports: DateRange[];
  xlsxExports: DateRange[];
  savedReceipts: Record<string, unknown>[];
}

function installBackend(): Calls {
  const calls: Calls = { dashboards: [], histories: [], exports: [], xlsxExports: [], savedReceipts: [] };
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'get_sales_dashboard':
        calls.dashboards.push(a.req as PeriodRequest);
        return dashboard(a.req as PeriodRequest);
      case 'list_sales_history':
        calls.histories.push(a.req as HistoryQuery);
        return history(a.req as HistoryQuery);
      case 'get_qris_reconciliation':
        return reconciliation;
      case 'get_sale_detail':
        if (a.orderId !== 1) throw { kind: 'not_found', message: 'Pesanan tidak ditemukan.' };
        return detail;
      case 'export_sales_csv': {
        const req = a.req as DateRange;
        calls.exports.push(req);
        if (req.from === '2026-11-25') throw { kind: 'export_failed', message: 'Berkas CSV tidak bisa disimpan.' };
        return { path: '/home/kasir/Unduhan/laporan-penjualan-2026-11-26_2026-11-26.csv', rows: 4, orders: 2, paidOrders: 2, omzet: 61_000 };
      }
      case 'export_sales_xlsx': {
        const req = a.req as DateRange;
        calls.xlsxExports.push(req);
        if (req.from === '2026-11-25') throw { kind: 'export_failed', message: 'Berkas Excel tidak bisa disimpan.' };
        return { path: '/home/kasir/Unduhan/laporan-penjualan-2026-11-26_2026-11-26.xlsx', rows: 4, orders: 2, paidOrders: 2, omzet: 61_000 };
      }
      case 'save_digital_receipt':
        calls.savedReceipts.push(a);
        return { path: `/home/kasir/Unduhan/struk-INV-261126-0001.${String(a.format)}` };
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('reports page', () => {
  it('shows cards, comparison, methods, issuers and top products from the backend', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    expect(await screen.findByTestId('card-omzet-value')).toHaveTextContent('Rp 61.000');
    expect(calls.dashboards[0]).toEqual({ preset: 'today' });
    expect(screen.getByTestId('card-transactions-value')).toHaveTextContent('2');
    expect(screen.getByTestId('card-average-value')).toHaveTextContent('Rp 30.500');
    expect(screen.getByTestId('card-items-value')).toHaveTextContent('4');
    expect(screen.getByTestId('card-omzet-change')).toHaveTextContent('+22,0%');
    expect(screen.getByTestId('card-transactions-change')).toHaveTextContent('0,0%');
    expect(screen.getByTestId('period-label')).toHaveTextContent('26 Nov 2026 · WIB');
    expect(screen.getByTestId('method-cash')).toHaveTextContent('1 trx · Rp 36.000');
    expect(screen.getByTestId('method-qris')).toHaveTextContent('1 trx · Rp 25.000');
    expect(screen.getByTestId('issuer-gopay')).toHaveTextContent('GoPay');
    expect(screen.getByTestId('cashier-row')).toHaveTextContent('Rina2 trx · Rp 61.000');
    expect(screen.getByTestId('busiest-hour')).toHaveTextContent('09:00');
    expect(within(screen.getByTestId('top-by-qty')).getAllByRole('listitem')[0]).toHaveTextContent('Kopi Susu');
    expect(screen.getByTestId('top-by-revenue')).toHaveTextContent('2. Roti BakarRp 15.000');
    // Per varian: the same product with its options as sold.
    await userEvent.click(screen.getByTestId('top-group-variant'));
    expect(screen.queryByTestId('top-by-qty')).not.toBeInTheDocument();
    expect(screen.getByTestId('top-variants')).toHaveTextContent(
      '1. Kopi SusuUkuran: Large (+Rp 5.000)2 pcsRp 46.000',
    );
  });

  it('switching preset asks Rust again; an empty period shows zeros and a falling comparison', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    await screen.findByTestId('card-omzet-value');
    await userEvent.click(screen.getByTestId('preset-yesterday'));
    await waitFor(() => expect(screen.getByTestId('card-omzet-value')).toHaveTextContent('Rp 0'));
    expect(calls.dashboards.slice(-1)[0]).toEqual({ preset: 'yesterday' });
    expect(screen.getByTestId('card-omzet-change')).toHaveTextContent('−100,0%');
    expect(screen.getByTestId('preset-yesterday')).toHaveAttribute('aria-pressed', 'true');
    expect(within(screen.getByTestId('payment-breakdown')).getByText('Belum ada pembayaran QRIS.')).toBeInTheDocument();
  });

  it('a custom range is sent as business dates', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    await screen.findByTestId('card-omzet-value');
    await userEvent.clear(screen.getByTestId('custom-from'));
    await userEvent.type(screen.getByTestId('custom-from'), '2026-11-01');
    await userEvent.clear(screen.getByTestId('custom-to'));
    await userEvent.type(screen.getByTestId('custom-to'), '2026-11-26');
    await userEvent.click(screen.getByTestId('custom-apply'));
    await waitFor(() =>
      expect(calls.dashboards.slice(-1)[0]).toEqual({ preset: 'custom', from: '2026-11-01', to: '2026-11-26' }),
    );
  });

  it('reconciliation lists paid QRIS with the gateway id and flags a late payment', async () => {
    installBackend();
    renderWithClient(<ReportsPage />);
    const panel = await screen.findByTestId('reconciliation');
    expect(await within(panel).findByTestId('recon-row-2')).toHaveTextContent('txn-abc-123');
    expect(within(panel).getByTestId('recon-summary')).toHaveTextContent('1 pembayaran QRIS · Rp 25.000');
    expect(within(panel).getByTestId('flagged-att-9')).toHaveTextContent('pembayaran terlambat');
  });

  it('history searches and filters through Rust and opens a sale with its lines', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    expect(await screen.findByTestId('history-row-2')).toHaveTextContent('QRIS · GoPay');
    expect(calls.histories[0]).toMatchObject({ from: '2026-11-26', to: '2026-11-26', page: 1 });
    await userEvent.selectOptions(screen.getByTestId('history-method'), 'cash');
    await waitFor(() => expect(screen.queryByTestId('history-row-2')).not.toBeInTheDocument());
    expect(calls.histories.slice(-1)[0]).toMatchObject({ method: 'cash', page: 1 });
    await userEvent.type(screen.getByTestId('history-search'), '0001');
    await waitFor(() => expect(calls.histories.slice(-1)[0]).toMatchObject({ search: '0001' }));
    await userEvent.click(await screen.findByTestId('history-row-1'));
    const modal = await screen.findByTestId('sale-detail');
    expect(await within(modal).findByText('Kopi Susu')).toBeInTheDocument();
    expect(within(modal).getByTestId('sale-detail-total')).toHaveTextContent('Rp 36.000');
    expect(within(modal).getByTestId('sale-detail-payment')).toHaveTextContent('kembali Rp 14.000');
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByTestId('sale-detail')).not.toBeInTheDocument();
  });

  it('the dashboard has the Stok Menipis card; a paid sale saves its receipt as PNG into Downloads', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    expect(await screen.findByTestId('low-stock-card')).toHaveTextContent('0 barang');
    await userEvent.click(await screen.findByTestId('history-row-1'));
    const modal = await screen.findByTestId('sale-detail');
    await userEvent.click(await within(modal).findByTestId('history-save-receipt-png'));
    expect(await within(modal).findByTestId('saved-path')).toHaveTextContent(
      '/home/kasir/Unduhan/struk-INV-261126-0001.png',
    );
    expect(calls.savedReceipts).toEqual([{ orderId: 1, format: 'png' }]);
  });

  it('"Ekspor CSV" exports the resolved period and shows where the file went, or the error', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    await screen.findByTestId('card-omzet-value');
    await userEvent.click(screen.getByTestId('export-csv'));
    expect(await screen.findByTestId('export-result')).toHaveTextContent(
      '4 baris disimpan ke /home/kasir/Unduhan/laporan-penjualan-2026-11-26_2026-11-26.csv',
    );
    expect(calls.exports).toEqual([{ from: '2026-11-26', to: '2026-11-26' }]);
    await userEvent.click(screen.getByTestId('preset-yesterday'));
    await waitFor(() => expect(screen.getByTestId('card-omzet-value')).toHaveTextContent('Rp 0'));
    await userEvent.click(screen.getByTestId('export-csv'));
    expect(await screen.findByTestId('export-error')).toHaveTextContent('Berkas CSV tidak bisa disimpan.');
  });

  it('"Ekspor Excel" exports the resolved period as XLSX next to the CSV, or shows the error', async () => {
    const calls = installBackend();
    renderWithClient(<ReportsPage />);
    await screen.findByTestId('card-omzet-value');
    expect(screen.getByTestId('export-xlsx')).toHaveTextContent('Ekspor Excel');
    await userEvent.click(screen.getByTestId('export-xlsx'));
    expect(await screen.findByTestId('export-xlsx-result')).toHaveTextContent(
      '4 baris disimpan ke /home/kasir/Unduhan/laporan-penjualan-2026-11-26_2026-11-26.xlsx',
    );
    expect(calls.xlsxExports).toEqual([{ from: '2026-11-26', to: '2026-11-26' }]);
    expect(calls.exports).toEqual([]);
    expect(screen.queryByTestId('export-result')).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId('export-csv'));
    expect(await screen.findByTestId('export-result')).toHaveTextContent('.csv');
    expect(screen.getByTestId('export-xlsx-result')).toHaveTextContent('.xlsx');
    await userEvent.click(screen.getByTestId('preset-yesterday'));
    await waitFor(() => expect(screen.getByTestId('card-omzet-value')).toHaveTextContent('Rp 0'));
    await userEvent.click(screen.getByTestId('export-xlsx'));
    expect(await screen.findByTestId('export-xlsx-error')).toHaveTextContent('Berkas Excel tidak bisa disimpan.');
    expect(calls.xlsxExports.slice(-1)[0]).toEqual({ from: '2026-11-25', to: '2026-11-25' });
  });
});
