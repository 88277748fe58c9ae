import { screen, within } from '@testing-library/react';
import type { ProfitReport } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { ProfitPanel } from './ProfitPanel';

const report: ProfitReport = {
  period: { preset: 'thisMonth', from: '2026-11-01', to: '2026-11-30', zoneLabel: 'WIB', cutoffMinutes: 0 } as ProfitReport['period'],
  orders: 12,
  subtotal: 1_200_000,
  discounts: 50_000,
  service: 57_500,
  tax: 120_750,
  rounding: -1_250,
  omzet: 1_327_000,
  sales: 1_150_000,
  cost: 776_250,
  grossProfit: 373_750,
  marginBps: 3250,
  byProduct: [
    { key: 'KOP-01', label: 'Kopi Susu', qty: 40, sales: 800_000, cost: 480_000, grossProfit: 320_000, marginBps: 4000 },
    { key: 'ROT-01', label: 'Roti Bakar', qty: 25, sales: 350_000, cost: 296_250, grossProfit: 53_750, marginBps: 1536 },
  ],
  byCategory: [{ key: 'Minuman', label: 'Minuman', qty: 40, sales: 800_000, cost: 480_000, grossProfit: 320_000, marginBps: 4000 }],
  taxByMonth: [{ month: '2026-11', orders: 12, tax: 120_750, service: 57_500 }],
  qrisTotal: 900_000,
  qrisMdrEstimate: 2_700,
  qrisNetSettlement: 897_300,
};

describe('Laba & Pajak', () => {
  it('shows Rust\'s totals, margin, rows per product and category, tax per month and the MDR estimate', async () => {
    const asked: Args[] = [];
    mockBackend((cmd, a) => {
      if (cmd === 'get_profit_report') {
        asked.push(a);
        return report;
      }
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<ProfitPanel />);
    const panel = await screen.findByTestId('profit-panel');
    expect(await within(panel).findByTestId('profit-gross')).toHaveTextContent('Rp 373.750');
    expect(within(panel).getByTestId('profit-margin')).toHaveTextContent('32,5%');
    expect(within(panel).getByTestId('profit-omzet')).toHaveTextContent('Rp 1.327.000');
    expect(within(panel).getByTestId('profit-rounding')).toHaveTextContent('-Rp 1.250');
    expect(within(panel).getAllByTestId('profit-row')).toHaveLength(3);
    expect(within(panel).getAllByTestId('profit-row')[1]).toHaveTextContent('Roti Bakar');
    expect(within(panel).getAllByTestId('profit-row')[1]).toHaveTextContent('15,4%');
    expect(within(panel).getByTestId('tax-month-row')).toHaveTextContent('2026-11');
    expect(within(panel).getByTestId('tax-month-row')).toHaveTextContent('Rp 120.750');
    expect(within(panel).getByTestId('mdr-estimate')).toHaveTextContent('Rp 2.700');
    expect(within(panel).getByTestId('mdr-estimate')).toHaveTextContent('Rp 897.300');
    expect(asked[0]).toEqual({ req: { preset: 'thisMonth' } });
  });
});
