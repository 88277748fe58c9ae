import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { App } from './App';
import { emitDomainEvent, mockBackend } from './test/backend';
import { authStatus, catalog, owner, priceFixture, sessionOf, shiftReport } from './test/fixtures';

describe('App', () => {
  it('mounts the change feed: a saved printer form renames the shop in the header', async () => {
    let name = 'Warung Uji';
    mockBackend((cmd) => {
      switch (cmd) {
        case 'get_shop_profile':
          return { name, address: '', phone: '', timezone: 'Asia/Makassar' };
        case 'get_payment_mode':
          return {
            provider: 'emulator',
            demo: true,
            pollSeconds: 3,
            expiryMinutes: 15,
            demoIssuers: [],
            configError: null,
          };
        case 'list_unprinted_receipts':
          return [];
        case 'get_catalog':
          return catalog;
        case 'price_cart':
          return priceFixture([]);
        case 'get_auth_status':
          return authStatus(sessionOf(owner));
        case 'get_current_shift':
          return shiftReport({ userId: owner.id, cashierName: owner.name });
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    // No feed of its own here: App must mount it.
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('shop-name')).toHaveTextContent('Warung Uji'));
    expect(await screen.findByTestId('demo-badge')).toHaveTextContent('Mode Demo');

    name = 'Kedai Baru';
    await emitDomainEvent({ type: 'settingsChanged', section: 'printer' });
    await waitFor(() => expect(screen.getByTestId('shop-name')).toHaveTextContent('Kedai Baru'));
  });

  it('warns in the header when the PC clock is off from the payment server', async () => {
    mockBackend((cmd) => {
      switch (cmd) {
        case 'get_shop_profile':
          return { name: 'Warung Uji', address: '', phone: '', timezone: 'Asia/Makassar' };
        case 'get_payment_mode':
          return {
            provider: 'midtrans',
            demo: false,
            pollSeconds: 3,
            expiryMinutes: 15,
            demoIssuers: [],
            configError: null,
            clockSkewSeconds: -330,
          };
        case 'list_unprinted_receipts':
          return [];
        case 'get_catalog':
          return catalog;
        case 'price_cart':
          return priceFixture([]);
        case 'get_auth_status':
          return authStatus(sessionOf(owner));
        case 'get_current_shift':
          return shiftReport({ userId: owner.id, cashierName: owner.name });
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <App />
      </QueryClientProvider>,
    );
    expect(await screen.findByTestId('clock-skew-warning')).toHaveTextContent(
      'Jam komputer selisih 6 menit dengan server pembayaran',
    );
  });
});
