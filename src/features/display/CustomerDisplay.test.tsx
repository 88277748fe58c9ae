import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import type { CartLineInput, CustomerDisplayView, DisplayCart } from '../../lib/ipc';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { createTestClient } from '../../test/render';
import { CustomerDisplay, CustomerDisplayScreen } from './CustomerDisplay';
import { DisplayButton } from './DisplayButton';
import { useCartOnDisplay } from './api';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21"><rect width="7" height="7"/></svg>';
const LOGO = 'data:image/png;base64,iVBORw0KGgo=';

const CART: DisplayCart = {
  lines: [
    { name: 'Kopi Susu', qty: 2, unitPrice: 18000, lineTotal: 36000, discount: 7200, options: ['Large (+Rp 5.000)'], note: 'tanpa es' },
    { name: 'Croissant', qty: 1, unitPrice: 22000, lineTotal: 22000, discount: 0, options: [], note: null },
  ],
  itemCount: 3,
  subtotal: 58000,
  discounts: [{ label: 'Happy Hour', amount: 7200 }],
  service: { label: 'Service 5%', amount: 2540 },
  tax: { label: 'PBJT 10%', amount: 5334 },
  taxIncluded: false,
  total: 58700,
  cashTotal: 58500,
};

const IDLE: CustomerDisplayView = { phase: 'idle', shopName: 'Warung Sri', promoText: 'Es teh gratis setiap Jumat', hasLogo: true };
const CART_VIEW: CustomerDisplayView = { phase: 'cart', shopName: 'Warung Sri', cart: CART };
const QRIS: CustomerDisplayView = {
  phase: 'qris',
  shopName: 'Warung Sri',
  orderNumber: 'INV-261203-0004',
  amount: 58700,
  expiresAt: Date.parse('2026-12-03T07:10:00Z'),
  expiresInMs: 125_000,
  qrString: '00020101021226...5405587005802ID',
  qrSvg: SVG,
};
const PAID: CustomerDisplayView = {
  phase: 'paid',
  shopName: 'Warung Sri',
  orderNumber: 'INV-261203-0004',
  total: 58500,
  change: 41500,
  method: 'cash',
  issuerLabel: null,
  shownUntil: Date.now() + 6_000,
};

function show(view: CustomerDisplayView, commands: Record<string, (args: Args) => unknown> = {}) {
  const calls: string[] = [];
  mockBackend((cmd, args) => {
    calls.push(cmd);
    if (cmd === 'get_customer_display_logo') return LOGO;
    const handler = commands[cmd];
    if (handler) return handler(args);
    throw new Error(`unexpected ${cmd}`);
  });
  render(
    <QueryClientProvider client={createTestClient()}>
      <CustomerDisplay view={view} />
    </QueryClientProvider>,
  );
  return calls;
}

describe('CustomerDisplay', () => {
  it('idle: the shop name, its logo and the promo text', async () => {
    show(IDLE);
    expect(screen.getByTestId('display-root')).toHaveAttribute('data-phase', 'idle');
    expect(screen.getByTestId('display-shop-name')).toHaveTextContent('Warung Sri');
    expect(screen.getByTestId('display-promo')).toHaveTextContent('Es teh gratis setiap Jumat');
    expect(await screen.findByTestId('display-logo')).toHaveAttribute('src', LOGO);
  });

  it('idle without a logo asks Rust for none and shows no image', () => {
    const calls = show({ ...IDLE, hasLogo: false, promoText: '' });
    expect(screen.queryByTestId('display-logo')).toBeNull();
    expect(screen.queryByTestId('display-promo')).toBeNull();
    expect(calls).not.toContain('get_customer_display_logo');
  });

  it('cart: every line with quantity, price and discount, the breakdown and the total', () => {
    show(CART_VIEW);
    const lines = screen.getAllByTestId('display-line');
    expect(lines).toHaveLength(2);
    expect(within(lines[0]).getByTestId('display-line-name')).toHaveTextContent('Kopi Susu');
    expect(lines[0]).toHaveTextContent('2 × Rp 18.000');
    expect(within(lines[0]).getByTestId('display-line-total')).toHaveTextContent('Rp 36.000');
    expect(within(lines[0]).getByTestId('display-line-discount')).toHaveTextContent('Diskon −Rp 7.200');
    expect(within(lines[1]).queryByTestId('display-line-discount')).toBeNull();
    expect(within(lines[0]).getByTestId('display-line-options')).toHaveTextContent('Large (+Rp 5.000) · Catatan: tanpa es');
    expect(within(lines[1]).queryByTestId('display-line-options')).toBeNull();
    expect(screen.getByTestId('display-subtotal')).toHaveTextContent('Rp 58.000');
    expect(screen.getByTestId('display-discount')).toHaveTextContent('-Rp 7.200');
    expect(screen.getByText('Service 5%')).toBeInTheDocument();
    expect(screen.getByText('PBJT 10%')).toBeInTheDocument();
    expect(screen.getByTestId('display-total')).toHaveTextContent('Rp 58.700');
    expect(screen.getByTestId('display-total-cash')).toHaveTextContent('Tunai Rp 58.500');
  });

  it('qris: the QR drawn from Rust’s SVG, the amount and a countdown from the time left', () => {
    show(QRIS);
    const img = screen.getByTestId('display-qr');
    expect(img.getAttribute('src')).toBe(`data:image/svg+xml;utf8,${encodeURIComponent(SVG)}`);
    expect(screen.getByTestId('display-amount')).toHaveTextContent('Rp 58.700');
    expect(screen.getByTestId('display-countdown')).toHaveTextContent('02:05');
    expect(screen.getByTestId('display-countdown')).toHaveAttribute('data-low', 'false');
  });

  it('qris without a payload points at the till’s screen instead of a broken image', () => {
    show({ ...QRIS, qrString: null, qrSvg: null });
    expect(screen.queryByTestId('display-qr')).toBeNull();
    expect(screen.getByTestId('display-qr-missing')).toHaveTextContent('Pindai QR pada layar kasir');
  });

  it('paid: the green check, "Terima kasih", the total and the change', () => {
    show(PAID);
    expect(screen.getByRole('img', { name: 'Berhasil' })).toBeInTheDocument();
    expect(screen.getByText('Terima kasih')).toBeInTheDocument();
    expect(screen.getByTestId('display-paid-total')).toHaveTextContent('Rp 58.500');
    expect(screen.getByTestId('display-change')).toHaveTextContent('Kembalian Rp 41.500');
  });
});

describe('CustomerDisplayScreen', () => {
  it('shows Rust’s view and reads it again when the change feed says the cart or payment changed', async () => {
    let current: CustomerDisplayView = CART_VIEW;
    mockBackend((cmd) => {
      if (cmd === 'get_customer_display') return current;
      if (cmd === 'get_customer_display_logo') return null;
      throw new Error(`unexpected ${cmd}`);
    });
    render(
      <QueryClientProvider client={createTestClient()}>
        <CustomerDisplayScreen />
      </QueryClientProvider>,
    );
    expect(await screen.findByTestId('display-total')).toHaveTextContent('Rp 58.700');
    current = QRIS;
    await act(() => emitDomainEvent({ type: 'customerDisplayChanged' }));
    expect(await screen.findByTestId('display-qr')).toBeInTheDocument();
    current = PAID;
    await act(() => emitDomainEvent({ type: 'orderPaid', orderId: 4, method: 'qris' }));
    expect(await screen.findByText('Terima kasih')).toBeInTheDocument();
  });
});

function Till() {
  const [lines, setLines] = useState<CartLineInput[]>([{ productId: 3, qty: 2 }]);
  useCartOnDisplay(lines, undefined);
  return (
    <button type="button" onClick={() => setLines([])}>
      kosongkan
    </button>
  );
}

describe('useCartOnDisplay', () => {
  it('sends the till’s cart lines (never prices) and an empty cart when it is cleared', async () => {
    const sent: unknown[] = [];
    mockBackend((cmd, args) => {
      if (cmd === 'show_cart_on_display') {
        sent.push(args.req);
        return null;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(<Till />);
    await waitFor(() => expect(sent).toEqual([{ lines: [{ productId: 3, qty: 2 }] }]));
    fireEvent.click(screen.getByText('kosongkan'));
    await waitFor(() => expect(sent).toEqual([{ lines: [{ productId: 3, qty: 2 }] }, { lines: [] }]));
  });
});

describe('DisplayButton', () => {
  it('opens the display on the chosen monitor, fullscreen, then offers to close it', async () => {
    const opened: unknown[] = [];
    let shown = false;
    const status = () => ({
      settings: { open: shown, monitor: shown ? 'HDMI-1' : null, fullscreen: true },
      shown,
      monitors: [
        { name: 'eDP-1', width: 1366, height: 768, x: 0, y: 0, hasTill: true },
        { name: 'HDMI-1', width: 1920, height: 1080, x: 1366, y: 0, hasTill: false },
      ],
    });
    mockBackend((cmd, args) => {
      if (cmd === 'get_customer_display_window') return status();
      if (cmd === 'open_customer_display') {
        opened.push(args.settings);
        shown = true;
        return status();
      }
      if (cmd === 'close_customer_display') {
        shown = false;
        return status();
      }
      throw new Error(`unexpected ${cmd}`);
    });
    render(
      <QueryClientProvider client={createTestClient()}>
        <DisplayButton />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByTestId('display-toggle'));
    const select = await screen.findByTestId('display-monitor');
    await waitFor(() => expect(within(select).getAllByRole('option')).toHaveLength(3));
    expect(within(select).getByRole('option', { name: /eDP-1.*layar kasir/ })).toBeInTheDocument();
    fireEvent.change(select, { target: { value: 'HDMI-1' } });
    fireEvent.click(screen.getByTestId('display-open'));
    await waitFor(() => expect(opened).toEqual([{ open: true, monitor: 'HDMI-1', fullscreen: true }]));
    await waitFor(() => expect(screen.getByTestId('display-toggle')).toHaveAttribute('data-open', 'true'));
    fireEvent.click(screen.getByTestId('display-toggle'));
    fireEvent.click(await screen.findByTestId('display-close'));
    await waitFor(() => expect(screen.getByTestId('display-toggle')).toHaveAttribute('data-open', 'false'));
  });
});
