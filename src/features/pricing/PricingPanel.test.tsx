import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CartLineInput, PricingSettings, Promo, PromoRule } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { catalog, priceFixture } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { PricingPanel } from './PricingPanel';
import { PromosPanel } from './PromosPanel';

const DEFAULTS: PricingSettings = {
  tax: { mode: 'none' },
  pricesIncludeTax: false,
  serviceBps: 0,
  serviceTaxed: false,
  cashRounding: { step: 'none', mode: 'nearest' },
  nonCashRounding: { step: 'none', mode: 'nearest' },
  manualDiscountCapBps: 10000,
  merchantCategory: 'micro',
};

function install() {
  const calls = { saved: [] as PricingSettings[], priced: [] as Args[], promos: [] as Args[] };
  let stored = DEFAULTS;
  mockBackend((cmd, a) => {
    switch (cmd) {
      case 'get_pricing_settings':
        return stored;
      case 'save_pricing_settings':
        stored = a.settings as PricingSettings;
        calls.saved.push(stored);
        return stored;
      case 'get_catalog':
        return catalog;
      case 'price_cart': {
        calls.priced.push(a.req as Args);
        const p = priceFixture((a.req as { lines: CartLineInput[] }).lines);
        return stored.tax.mode === 'none'
          ? p
          : { ...p, breakdown: { ...p.breakdown, taxLabel: 'PPN 11%', tax: 3_300 } };
      }
      case 'list_promos':
        return [] as Promo[];
      case 'save_promo': {
        const req = a.req as { rule: PromoRule; active: boolean };
        calls.promos.push(req);
        throw { kind: 'validation', message: 'Input tidak valid: tanggal selesai promo sebelum tanggal mulai.' };
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

describe('Pajak & Harga', () => {
  it('sends PricingSettings in basis points and re-prices the example cart with Rust', async () => {
    const calls = install();
    renderWithClient(<PricingPanel readOnly={false} />);
    const example = await screen.findByTestId('pricing-example');
    await waitFor(() => expect(within(example).getByTestId('pricing-example-subtotal')).toHaveTextContent('Rp 30.000'));
    expect(calls.priced[0]).toEqual({ lines: [{ productId: 10, qty: 1 }, { productId: 11, qty: 1 }] });

    await userEvent.selectOptions(screen.getByTestId('pricing-tax-mode'), 'ppn');
    await userEvent.clear(screen.getByTestId('pricing-tax-rate'));
    await userEvent.type(screen.getByTestId('pricing-tax-rate'), '11');
    await userEvent.selectOptions(screen.getByTestId('pricing-ppn-base'), 'full');
    await userEvent.click(screen.getByTestId('pricing-include-tax'));
    await userEvent.clear(screen.getByTestId('pricing-service'));
    await userEvent.type(screen.getByTestId('pricing-service'), '5');
    await userEvent.click(screen.getByTestId('pricing-service-taxed'));
    await userEvent.selectOptions(screen.getByTestId('pricing-cash-step'), '500');
    await userEvent.selectOptions(screen.getByTestId('pricing-cash-mode'), 'down');
    await userEvent.selectOptions(screen.getByTestId('pricing-noncash-step'), '100');
    await userEvent.selectOptions(screen.getByTestId('pricing-noncash-mode'), 'up');
    await userEvent.clear(screen.getByTestId('pricing-discount-cap'));
    await userEvent.type(screen.getByTestId('pricing-discount-cap'), '10');
    await userEvent.selectOptions(screen.getByTestId('pricing-merchant'), 'other');
    await userEvent.click(screen.getByTestId('pricing-save'));

    await waitFor(() => expect(calls.saved).toHaveLength(1));
    expect(calls.saved[0]).toEqual({
      tax: { mode: 'ppn', rateBps: 1100, base: 'full' },
      pricesIncludeTax: true,
      serviceBps: 500,
      serviceTaxed: true,
      cashRounding: { step: '500', mode: 'down' },
      nonCashRounding: { step: '100', mode: 'up' },
      manualDiscountCapBps: 1000,
      merchantCategory: 'other',
    });
    await waitFor(() => expect(within(example).getByTestId('pricing-example-tax')).toHaveTextContent('PPN 11%'));
    expect(calls.priced.length).toBeGreaterThan(1);
  });

  it('a rate that is not a percentage is refused before saving', async () => {
    const calls = install();
    renderWithClient(<PricingPanel readOnly={false} />);
    await userEvent.selectOptions(await screen.findByTestId('pricing-tax-mode'), 'pbjt');
    expect(screen.getByTestId('pricing-tax-rate')).toHaveValue('10');
    await userEvent.clear(screen.getByTestId('pricing-tax-rate'));
    await userEvent.type(screen.getByTestId('pricing-tax-rate'), '150');
    await userEvent.click(screen.getByTestId('pricing-save'));
    expect(screen.getByTestId('pricing-error')).toHaveTextContent('Tarif pajak harus 0–100 %.');
    expect(calls.saved).toHaveLength(0);
  });

  it('read only for a cashier', async () => {
    install();
    renderWithClient(<PricingPanel readOnly />);
    expect(await screen.findByTestId('pricing-tax-mode')).toBeDisabled();
    expect(screen.queryByTestId('pricing-save')).not.toBeInTheDocument();
  });
});

describe('promos', () => {
  it('sends the rule (id 0, categories, hours in minutes) and shows the backend validation message', async () => {
    const calls = install();
    renderWithClient(<PromosPanel />);
    await userEvent.click(await screen.findByTestId('promo-add'));
    await userEvent.type(screen.getByTestId('promo-name'), 'Happy Hour');
    await userEvent.selectOptions(screen.getByTestId('promo-kind'), 'percent');
    await userEvent.type(screen.getByTestId('promo-value'), '20');
    await userEvent.selectOptions(screen.getByTestId('promo-target'), 'lines');
    await userEvent.selectOptions(screen.getByTestId('promo-activation'), 'automatic');
    await userEvent.click(await screen.findByTestId('promo-category-1'));
    await userEvent.type(screen.getByTestId('promo-min'), '50000');
    await userEvent.type(screen.getByTestId('promo-hours-start'), '15:00');
    await userEvent.type(screen.getByTestId('promo-hours-end'), '17:00');
    await userEvent.click(screen.getByTestId('promo-save'));
    expect(await screen.findByTestId('promo-error')).toHaveTextContent(
      'tanggal selesai promo sebelum tanggal mulai',
    );
    expect(calls.promos[0]).toEqual({
      active: true,
      rule: {
        id: 0,
        name: 'Happy Hour',
        value: { type: 'percent', bps: 2000 },
        target: 'lines',
        activation: 'automatic',
        conditions: {
          minPurchase: 50000,
          productIds: [],
          categoryIds: [1],
          fromDate: null,
          untilDate: null,
          days: [],
          hours: { startMinute: 900, endMinute: 1020 },
        },
      },
    });
    expect(screen.getByTestId('promo-form')).toBeInTheDocument();
  });
});
