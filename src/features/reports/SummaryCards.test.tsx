/** Omzet bruto, Pengembalian and Omzet bersih, and refunds/net per method and issuer: Rust's figures. */
import { render, screen } from '@testing-library/react';
import type { Dashboard } from '../../lib/ipc';
import { PaymentBreakdown } from './Charts';
import { SummaryCards } from './SummaryCards';

class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}

beforeAll(() => {
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
});

const period = (day: string) => ({
  preset: 'today' as const, from: day, to: day, days: 1, startMs: 0, endMs: 0,
  timezone: 'Asia/Jakarta', zoneLabel: 'WIB', cutoffMinutes: 0,
});

/** A day with a cash sale of Rp 36.000 and a GoPay sale of Rp 25.000, Rp 15.000 of it refunded. */
const d: Dashboard = {
  period: period('2026-11-26'),
  previousPeriod: period('2026-11-25'),
  summary: { omzet: 61_000, transactions: 2, averageTicket: 30_500, itemsSold: 4 },
  previous: { omzet: 50_000, transactions: 2, averageTicket: 25_000, itemsSold: 3 },
  changes: { omzetBp: 2_200, transactionsBp: 0, averageTicketBp: 2_200, itemsSoldBp: 3_333 },
  byMethod: [
    { method: 'cash', label: 'Tunai', transactions: 1, omzet: 36_000, refunds: 0, net: 36_000 },
    { method: 'qris', label: 'QRIS', transactions: 1, omzet: 25_000, refunds: 15_000, net: 10_000 },
  ],
  byIssuer: [{ issuer: 'gopay', label: 'GoPay', transactions: 1, omzet: 25_000, refunds: 15_000, net: 10_000 }],
  byCashier: [],
  byHour: Array.from({ length: 24 }, (_, hour) => ({ hour, transactions: 0, omzet: 0 })),
  byDay: [{ date: '2026-11-26', transactions: 2, omzet: 61_000 }],
  topByQty: [],
  topByRevenue: [],
  topVariants: [],
  refunds: 15_000,
  // Deliberately not 61.000 − 15.000: the window shows Rust's figure, it does not subtract.
  netOmzet: 45_999,
  lowStock: { count: 0, items: [] },
};

describe('net figures', () => {
  it('shows omzet bruto, the refunds and Rust\'s net omzet', () => {
    render(<SummaryCards d={d} />);
    expect(screen.getByTestId('card-omzet')).toHaveTextContent('Omzet bruto');
    expect(screen.getByTestId('card-omzet-value')).toHaveTextContent('Rp 61.000');
    expect(screen.getByTestId('summary-refunds')).toHaveTextContent('−Rp 15.000');
    expect(screen.getByTestId('summary-net-omzet')).toHaveTextContent('Rp 45.999');
    expect(screen.getByTestId('summary-net-omzet-card')).toHaveTextContent('Omzet bersih');
  });

  it('no refunds: Rp 0 and the net equals what Rust says', () => {
    render(<SummaryCards d={{ ...d, refunds: 0, netOmzet: 61_000 }} />);
    expect(screen.getByTestId('summary-refunds')).toHaveTextContent(/^Rp 0$/);
    expect(screen.getByTestId('summary-net-omzet')).toHaveTextContent('Rp 61.000');
  });

  it('refunds and net per method and per issuer', () => {
    render(<PaymentBreakdown d={d} />);
    expect(screen.getByTestId('method-cash')).toHaveTextContent('1 trx · Rp 36.000');
    expect(screen.getByTestId('method-cash-refunds')).toHaveTextContent('Rp 0');
    expect(screen.getByTestId('method-cash-net')).toHaveTextContent('Rp 36.000');
    expect(screen.getByTestId('method-qris-refunds')).toHaveTextContent('−Rp 15.000');
    expect(screen.getByTestId('method-qris-net')).toHaveTextContent('Rp 10.000');
    expect(screen.getByTestId('issuer-gopay-refunds')).toHaveTextContent('−Rp 15.000');
    expect(screen.getByTestId('issuer-gopay-net')).toHaveTextContent('Rp 10.000');
  });
});
