import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CartLineInput, PayCashRequest, PricedCart, User } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { catalog, paidOrder, priceFixture } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { OwnerOverrideProvider } from '../auth';
import { CartPanel } from './CartPanel';
import { CheckoutPage } from './CheckoutPage';
import { emptyCheckoutCart } from './cart';

const LINES: CartLineInput[] = [
  { productId: 10, qty: 2 },
  { productId: 11, qty: 1 },
];

/** A café cart as Rust would price it: a line discount, a promo, service, tax, rounding. */
function cafe({ included }: { included: boolean }): PricedCart {
  const base = priceFixture(LINES);
  return {
    ...base,
    cash: { step: 500, rounding: -200, total: 36_000 },
    nonCash: { step: 100, rounding: 0, total: 36_200 },
    breakdown: {
      ...base.breakdown,
      lines: base.breakdown.lines.map((l) => (l.productId === 10 ? { ...l, lineDiscount: 1_000 } : l)),
      discounts: [
        { label: 'Diskon barang', amount: 1_000, scope: 'line', source: 'manual', promoId: null },
        { label: 'Happy Hour', amount: 3_500, scope: 'cart', source: 'promo', promoId: 4 },
      ],
      hemat: 4_500,
      serviceLabel: 'Service 5%',
      serviceCharge: 1_275,
      taxLabel: 'PBJT 10%',
      taxIncluded: included,
      tax: 2_678,
      cash: { step: 500, rounding: -200, total: 36_000 },
      nonCash: { step: 100, rounding: 0, total: 36_200 },
    },
  };
}

function renderPanel(priced: PricedCart) {
  render(
    <CartPanel
      state={{ ...emptyCheckoutCart, lines: LINES }}
      catalog={catalog}
      priced={priced}
      pricing={false}
      pricingError={null}
      dispatch={() => undefined}
      onPayCash={() => undefined}
      onPayQris={() => undefined}
      onSplit={() => undefined}
      qrisAvailable
    />,
  );
}

describe('cart breakdown (every amount from PricedCart)', () => {
  it('shows discounts, hemat, service, added tax, rounding and the QRIS vs cash totals', () => {
    renderPanel(cafe({ included: false }));
    expect(screen.getByTestId('cart-subtotal')).toHaveTextContent('Rp 35.000');
    const rows = screen.getAllByTestId('cart-discount-row');
    expect(rows.map((r) => r.textContent)).toEqual(['Diskon barang−Rp 1.000', 'Happy Hour−Rp 3.500']);
    expect(screen.getByTestId('cart-line-discount-amount-MNM-001')).toHaveTextContent('Rp 1.000');
    expect(screen.getByTestId('cart-line-total-MNM-001')).toHaveTextContent('Rp 10.000');
    expect(screen.getByTestId('cart-hemat')).toHaveTextContent('hemat Rp 4.500');
    expect(screen.getByTestId('cart-service')).toHaveTextContent('Service 5%Rp 1.275');
    expect(screen.getByTestId('cart-tax')).toHaveTextContent('PBJT 10%');
    expect(screen.getByTestId('cart-tax')).not.toHaveTextContent('termasuk');
    expect(screen.getByTestId('cart-rounding')).toHaveTextContent('QRIS Rp 0 · Tunai -Rp 200');
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 36.200');
    expect(screen.getByTestId('cart-total-cash')).toHaveTextContent('Rp 36.000');
  });

  it('inclusive tax reads "termasuk"; without pricing there are no extra rows', () => {
    renderPanel(cafe({ included: true }));
    expect(screen.getByTestId('cart-tax')).toHaveTextContent('termasuk Rp 2.678');
  });

  it('default settings: only subtotal and total, equal', () => {
    renderPanel(priceFixture(LINES));
    expect(screen.queryByTestId('cart-discount-row')).not.toBeInTheDocument();
    for (const id of ['cart-hemat', 'cart-service', 'cart-tax', 'cart-rounding', 'cart-total-cash']) {
      expect(screen.queryByTestId(id), id).not.toBeInTheDocument();
    }
    expect(screen.getByTestId('cart-total')).toHaveTextContent('Rp 35.000');
  });
});

interface Calls {
  priced: Args[];
  paid: PayCashRequest[];
}

function installBackend({ needPin = false }: { needPin?: boolean } = {}): Calls {
  const calls: Calls = { priced: [], paid: [] };
  let granted = false;
  mockBackend((cmd, a) => {
    switch (cmd) {
      case 'get_catalog':
        return catalog;
      case 'price_cart':
        calls.priced.push(a.req as Args);
        return priceFixture((a.req as { lines: CartLineInput[] }).lines);
      case 'get_payment_mode':
        return { provider: 'emulator', demo: true, pollSeconds: 3, expiryMinutes: 10, demoIssuers: [], configError: null };
      case 'list_promos':
        return [
          {
            active: true,
            rule: {
              id: 7,
              name: 'Member 5%',
              value: { type: 'percent', bps: 500 },
              target: 'cart',
              activation: 'picked',
              conditions: { minPurchase: 0, productIds: [], categoryIds: [], fromDate: null, untilDate: null, days: [], hours: null },
            },
          },
        ];
      case 'grant_owner_override':
        granted = true;
        return { id: 1, name: 'Pak Alpiant', role: 'owner' };
      case 'pay_cash': {
        const req = a.req as PayCashRequest;
        calls.paid.push(req);
        if (needPin && !granted) {
          throw { kind: 'owner_pin_required', message: 'Perlu PIN pemilik untuk diskon di atas batas kasir.' };
        }
        return paidOrder(req.lines, req.tendered);
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return calls;
}

async function discount(openId: string, kind: 'percent' | 'amount', value: string) {
  await userEvent.click(await screen.findByTestId(openId));
  const dialog = await screen.findByTestId('discount-dialog');
  await userEvent.click(within(dialog).getByTestId(`discount-kind-${kind}`));
  await userEvent.clear(within(dialog).getByTestId('discount-value'));
  await userEvent.type(within(dialog).getByTestId('discount-value'), value);
  await userEvent.click(within(dialog).getByTestId('discount-apply'));
  await waitFor(() => expect(screen.queryByTestId('discount-dialog')).not.toBeInTheDocument());
}

describe('line and cart discounts go to Rust as CartLineInput / CartOptions', () => {
  it('price_cart and pay_cash get the line discount, the cart discount and the picked promo', async () => {
    const calls = installBackend();
    renderWithClient(<CheckoutPage />);
    await userEvent.click(await screen.findByTestId('product-MNM-001'));
    await userEvent.click(await screen.findByTestId('product-MKN-001'));
    await discount('cart-line-discount-MNM-001', 'percent', '12,5');
    await discount('cart-discount', 'amount', '2000');
    await userEvent.click(await screen.findByTestId('promo-pick-7'));
    const expected = {
      lines: [
        { productId: 10, qty: 1, discount: { type: 'percent', bps: 1250 } },
        { productId: 11, qty: 1 },
      ],
      cart: { discount: { type: 'amount', rupiah: 2000 }, promoIds: [7] },
    };
    await waitFor(() => expect(calls.priced[calls.priced.length - 1]).toEqual(expected));
    await waitFor(() => expect(screen.getByTestId('pay-cash')).toBeEnabled());
    await userEvent.click(screen.getByTestId('pay-cash'));
    expect(screen.getByTestId('cash-total')).toHaveTextContent('Rp 30.000');
    await userEvent.click(screen.getByTestId('cash-exact'));
    await userEvent.click(screen.getByTestId('cash-confirm'));
    await screen.findByTestId('order-paid');
    expect(calls.paid).toEqual([{ ...expected, tendered: 30000 }]);
  });

  it('owner_pin_required at pay: the owner types the PIN and the same payment is retried once', async () => {
    const calls = installBackend({ needPin: true });
    const owners: User[] = [{ id: 1, name: 'Pak Alpiant', role: 'owner', active: true, lockedUntil: null, createdAt: 0 }];
    renderWithClient(
      <OwnerOverrideProvider owners={owners}>
        <CheckoutPage />
      </OwnerOverrideProvider>,
    );
    await userEvent.click(await screen.findByTestId('product-MKN-001'));
    await discount('cart-line-discount-MKN-001', 'percent', '50');
    await waitFor(() => expect(screen.getByTestId('pay-cash')).toBeEnabled());
    await userEvent.click(screen.getByTestId('pay-cash'));
    await userEvent.click(screen.getByTestId('cash-exact'));
    await userEvent.click(screen.getByTestId('cash-confirm'));
    const pin = await screen.findByTestId('owner-pin-dialog');
    expect(pin).toHaveTextContent('Perlu PIN pemilik untuk diskon di atas batas kasir.');
    for (const d of '802461') await userEvent.click(within(pin).getByTestId(`pin-key-${d}`));
    await screen.findByTestId('order-paid');
    expect(calls.paid).toHaveLength(2);
    expect(calls.paid[1]).toEqual(calls.paid[0]);
    expect(calls.paid[0].lines[0].discount).toEqual({ type: 'percent', bps: 5000 });
  });
});
