import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { StrictMode, useEffect, type ReactNode } from 'react';
import { useDomainEventFeed } from '../../lib/events';
import type { CartLineInput, PaymentMode, PaymentState, QrPayment } from '../../lib/ipc';
import { emitDomainEvent, mockBackend } from '../../test/backend';
import { createTestClient } from '../../test/render';
import { QrisModal, type QrisModalProps } from './QrisModal';
import { pollDelayMs } from './usePaymentPolling';

const NOW = Date.parse('2026-11-26T03:00:00.000Z');
const LINES: CartLineInput[] = [{ productId: 10, qty: 3 }];
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 21 21"><rect width="7" height="7"/></svg>';
const UNREACHABLE = {
  kind: 'gateway_unreachable',
  message: 'Gateway pembayaran tidak dapat dihubungi. Periksa koneksi internet.',
};

const MODE: PaymentMode = {
  provider: 'emulator',
  demo: false,
  pollSeconds: 3,
  expiryMinutes: 15,
  demoIssuers: [],
  configError: null,
  clockSkewSeconds: null,
};

function qr(attemptId = 'att-1', overrides: Partial<QrPayment> = {}): QrPayment {
  return {
    attemptId,
    orderId: 7,
    orderNumber: 'INV-261126-0007',
    qrSvg: SVG,
    qrImageUrl: null,
    qrImageDataUrl: null,
    expiresInMs: 15 * 60_000,
    amount: 15000,
    expiresAt: Date.now() + 15 * 60_000,
    provider: 'emulator',
    merchantName: 'Warung Alpiant',
    status: 'pending',
    ...overrides,
  };
}

function state(attemptId: string, status: PaymentState['status'], extra: Partial<PaymentState> = {}): PaymentState {
  return {
    attemptId,
    orderId: 7,
    status,
    issuer: null,
    issuerLabel: null,
    anomaly: null,
    late: false,
    expiresAt: null,
    paidAt: status === 'paid' ? Date.now() : null,
    processing: false,
    setAside: false,
    ...extra,
  };
}

/** Paid with this app: its stored id and the name shown. */
function paidVia(label: string): Pick<PaymentState, 'issuer' | 'issuerLabel'> {
  return { issuer: label.toLowerCase(), issuerLabel: label };
}

type Args = Record<string, unknown>;
type Handler = (args: Args) => unknown;

/** A fake Rust side: every command is recorded; handlers can be overridden per test. */
function installBackend(overrides: Record<string, Handler> = {}) {
  const calls: { cmd: string; args: Args }[] = [];
  const defaults: Record<string, Handler> = {
    start_qris: () => qr(),
    generate_payment_qr: () => qr('att-2'),
    check_payment_status: (a) => state(a.attemptId as string, 'pending'),
    cancel_payment: (a) => state(a.attemptId as string, 'cancelled'),
    demo_pay: (a) => {
      const req = a.req as { attemptId: string; issuer: string };
      return state(req.attemptId, 'paid', paidVia(req.issuer === 'ovo' ? 'OVO' : 'GoPay'));
    },
  };
  mockBackend((cmd, a) => {
    calls.push({ cmd, args: a });
    const handler = overrides[cmd] ?? defaults[cmd];
    if (!handler) throw { kind: 'internal', message: `unexpected ${cmd}` };
    return handler(a);
  });
  return {
    calls,
    of: (cmd: string) => calls.filter((c) => c.cmd === cmd).map((c) => c.args),
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Move the fake clock and let every promise and React update settle. */
async function advance(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

function DomainEventFeed() {
  useDomainEventFeed();
  return null;
}

/** As in the app: a QueryClient and the change feed (App mounts it) around the modal. */
function App({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={createTestClient()}>
      <DomainEventFeed />
      {children}
    </QueryClientProvider>
  );
}

function renderModal(props: Partial<Omit<QrisModalProps, 'lines' | 'cart' | 'start'>> = {}, strict = false) {
  const onPaid = vi.fn<QrisModalProps['onPaid']>();
  const onClose = vi.fn<QrisModalProps['onClose']>();
  const onSetAside = vi.fn<QrisModalProps['onSetAside']>();
  const ui = (
    <QrisModal lines={LINES} mode={MODE} onPaid={onPaid} onClose={onClose} onSetAside={onSetAside} {...props} />
  );
  const utils = render(<App>{strict ? <StrictMode>{ui}</StrictMode> : ui}</App>);
  return { onPaid, onClose, onSetAside, ...utils };
}

/** The backend pushing an attempt's new state on the change feed. */
function pushAttempt(next: PaymentState) {
  return emitDomainEvent({ type: 'attemptChanged', state: next });
}

const status = () => screen.getByTestId('qris-status');
/**
 * Click, then let the resulting IPC calls settle. (fireEvent rather than userEvent: Testing
 * Library's async wrapper waits on a real-time setTimeout that vitest's fake timers never fire.)
 */
async function click(element: HTMLElement) {
  fireEvent.click(element);
  await advance(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('QrisModal', () => {
  it('shows "Membuat QR…" and then the QR with amount, merchant, order number and countdown', async () => {
    const backend = installBackend();
    renderModal();
    expect(status(), 'nothing to show before start_qris answers').toHaveAttribute('data-state', 'creating');
    expect(screen.getByTestId('qris-modal')).toHaveTextContent('Membuat QR…');

    await advance(0);
    expect(status()).toHaveTextContent('Menunggu pembayaran');
    expect(status()).toHaveAttribute('data-state', 'pending');
    const img = screen.getByTestId('qris-image');
    expect(img.getAttribute('src'), 'the SVG from Rust is inlined as a data URL').toBe(
      `data:image/svg+xml;utf8,${encodeURIComponent(SVG)}`,
    );
    expect(img).toHaveAttribute('width', '320');
    expect(screen.getByTestId('qris-amount')).toHaveTextContent('Rp 15.000');
    const modal = screen.getByTestId('qris-modal');
    expect(modal).toHaveTextContent('Warung Alpiant');
    expect(modal).toHaveTextContent('INV-261126-0007');
    expect(modal).toHaveTextContent('Scan dengan aplikasi e-wallet / m-banking');
    expect(modal).toHaveTextContent('ShopeePay');
    expect(screen.getByTestId('qris-countdown')).toHaveTextContent('15:00');
    expect(screen.queryByTestId('demo-panel'), 'no demo panel outside demo mode').not.toBeInTheDocument();
    expect(backend.of('start_qris'), 'the cart lines go to Rust, never an amount').toEqual([
      { req: { lines: LINES } },
    ]);
  });

  it('without an SVG shows the image Rust fetched as a data URL, never the remote gateway URL (CSP)', async () => {
    const dataUrl = 'data:image/png;base64,iVBORw0KGgo=';
    installBackend({
      start_qris: () => qr('att-1', { qrSvg: null, qrImageUrl: 'https://gw.test/qr.png', qrImageDataUrl: dataUrl }),
    });
    renderModal();
    await advance(0);
    const img = screen.getByTestId('qris-image');
    expect(img).toHaveAttribute('src', dataUrl);
    expect(img).toHaveAttribute('width', '320');
    expect(img).toHaveAttribute('height', '320');
    expect(screen.getByTestId('qris-modal').innerHTML).not.toContain('https://gw.test/qr.png');
  });

  it('a QR with only a remote image URL (no data URL) loads nothing remote', async () => {
    installBackend({ start_qris: () => qr('att-1', { qrSvg: null, qrImageUrl: 'https://gw.test/qr.png' }) });
    renderModal();
    await advance(0);
    expect(screen.queryByTestId('qris-image')).not.toBeInTheDocument();
    expect(screen.getByTestId('qris-modal').innerHTML).not.toContain('https://gw.test/qr.png');
  });

  it('processing (gateway refused to expire: payment in flight) shows "sedang diproses", no "Buat QR Baru", keeps polling', async () => {
    const backend = installBackend({
      start_qris: () => qr('att-1', { expiresAt: NOW + 5_000 }),
      check_payment_status: (a) =>
        Date.now() >= NOW + 5_000
          ? state(a.attemptId as string, 'pending', { processing: true })
          : state(a.attemptId as string, 'pending'),
    });
    const { onClose } = renderModal();
    await advance(0);
    await advance(6_000);
    const modal = screen.getByTestId('qris-modal');
    expect(modal).toHaveTextContent('Pembayaran sedang diproses, tunggu sebentar');
    expect(status()).toHaveAttribute('data-state', 'pending');
    expect(modal).not.toHaveTextContent('QR Kedaluwarsa');
    expect(screen.queryByTestId('qris-new-qr')).not.toBeInTheDocument();
    expect(modal).not.toHaveTextContent('Buat QR Baru');
    const checks = backend.of('check_payment_status').length;
    await advance(3_000);
    expect(backend.of('check_payment_status').length, 'keeps polling').toBeGreaterThan(checks);
    fireEvent.keyDown(window, { key: 'Escape' });
    await advance(0);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('"Simpan & tutup" on a connection error calls set_aside_payment and closes', async () => {
    const backend = installBackend({
      check_payment_status: () => {
        throw UNREACHABLE;
      },
      set_aside_payment: (a) => state(a.attemptId as string, 'pending', { setAside: true }),
    });
    const { onSetAside, onClose } = renderModal();
    await advance(0);
    expect(screen.queryByTestId('qris-set-aside'), 'not offered while all is well').not.toBeInTheDocument();
    await advance(3000);
    expect(status()).toHaveTextContent('Koneksi Bermasalah');
    const button = screen.getByTestId('qris-set-aside');
    expect(button).toHaveTextContent('Simpan & tutup');
    await click(button);
    expect(backend.of('set_aside_payment')).toEqual([{ attemptId: 'att-1' }]);
    expect(onSetAside).toHaveBeenCalledTimes(1);
    expect(onSetAside.mock.calls[0][0]).toMatchObject({ attemptId: 'att-1', setAside: true });
    expect(backend.of('cancel_payment'), 'set aside, never cancelled').toEqual([]);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('counts down from the gateway expiry and turns amber under 60 s', async () => {
    installBackend({ start_qris: () => qr('att-1', { expiresAt: NOW + 65_000 }) });
    renderModal({ mode: { ...MODE, pollSeconds: 30 } });
    await advance(0);
    const countdown = () => screen.getByTestId('qris-countdown');
    expect(countdown()).toHaveTextContent('01:05');
    expect(countdown()).toHaveAttribute('data-low', 'false');
    await advance(1000);
    expect(countdown()).toHaveTextContent('01:04');
    await advance(4000);
    expect(countdown()).toHaveTextContent('01:00');
    expect(countdown(), 'exactly 60 s left is not yet low').toHaveAttribute('data-low', 'false');
    await advance(1000);
    expect(countdown()).toHaveTextContent('00:59');
    expect(countdown()).toHaveAttribute('data-low', 'true');
  });

  it('polls every pollSeconds and never starts a check while one is in flight', async () => {
    const slow = deferred<PaymentState>();
    let n = 0;
    const backend = installBackend({
      check_payment_status: (a) => {
        n += 1;
        return n === 1 ? slow.promise : state(a.attemptId as string, 'pending');
      },
    });
    renderModal({ mode: { ...MODE, pollSeconds: 5 } });
    await advance(0);
    await advance(4999);
    expect(backend.of('check_payment_status'), 'no check before pollSeconds').toHaveLength(0);
    await advance(1);
    expect(backend.of('check_payment_status')).toEqual([{ attemptId: 'att-1' }]);
    expect(screen.getByTestId('qris-check'), 'Cek Status waits for the check in flight').toBeDisabled();

    await advance(30_000);
    expect(backend.of('check_payment_status'), 'a slow check must not be overlapped').toHaveLength(1);

    await act(async () => slow.resolve(state('att-1', 'pending')));
    await advance(4999);
    expect(backend.of('check_payment_status'), 'the next wait starts after the answer').toHaveLength(1);
    await advance(1);
    expect(backend.of('check_payment_status')).toHaveLength(2);
    expect(screen.getByTestId('qris-check')).toBeEnabled();
  });

  it('"Cek Status" checks right away', async () => {
    const backend = installBackend();
    renderModal();
    await advance(0);
    await click(screen.getByTestId('qris-check'));
    await advance(0);
    expect(backend.of('check_payment_status')).toEqual([{ attemptId: 'att-1' }]);
  });

  it('paid: shows the green check and calls onPaid exactly 2 s later, once', async () => {
    const backend = installBackend({
      check_payment_status: (a) => state(a.attemptId as string, 'paid', paidVia('GoPay')),
    });
    const { onPaid } = renderModal();
    await advance(0);
    await advance(3000);
    expect(status()).toHaveTextContent('Berhasil');
    expect(status()).toHaveAttribute('data-state', 'paid');
    const success = screen.getByTestId('qris-success');
    expect(success).toHaveTextContent('Pembayaran Berhasil — Lunas');
    expect(success).toHaveTextContent('via GoPay');
    expect(within(success).getByRole('img', { name: 'Berhasil' })).toBeInTheDocument();

    await advance(1999);
    expect(onPaid, 'the cashier must see the check for the full 2 s').not.toHaveBeenCalled();
    await advance(1);
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(onPaid).toHaveBeenCalledWith(
      expect.objectContaining({ attemptId: 'att-1', status: 'paid', issuerLabel: 'GoPay' }),
      'INV-261126-0007',
    );
    await advance(30_000);
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(backend.of('check_payment_status'), 'polling stops once paid').toHaveLength(1);
  });

  it('at 00:00 checks once; shows "QR Kedaluwarsa" only when the backend says expired; "Buat QR Baru" reuses the order', async () => {
    const expiry = NOW + 10_000;
    const backend = installBackend({
      start_qris: () => qr('att-1', { expiresAt: expiry }),
      check_payment_status: (a) =>
        state(a.attemptId as string, a.attemptId === 'att-1' && Date.now() >= expiry ? 'expired' : 'pending'),
    });
    renderModal({ mode: { ...MODE, pollSeconds: 60 } });
    await advance(0);
    expect(screen.getByTestId('qris-countdown')).toHaveTextContent('00:10');
    await advance(9000);
    expect(backend.of('check_payment_status')).toHaveLength(0);
    await advance(1000);
    expect(backend.of('check_payment_status'), 'one check when the countdown hits 0').toEqual([
      { attemptId: 'att-1' },
    ]);
    expect(status()).toHaveTextContent('QR Kedaluwarsa');
    expect(status()).toHaveAttribute('data-state', 'expired');
    expect(screen.queryByTestId('qris-image')).not.toBeInTheDocument();

    await click(screen.getByTestId('qris-new-qr'));
    await advance(0);
    expect(backend.of('generate_payment_qr'), 'same order, new QR').toEqual([{ orderId: 7 }]);
    expect(backend.of('start_qris'), 'never a second order').toHaveLength(1);
    expect(status()).toHaveAttribute('data-state', 'pending');
    expect(screen.getByTestId('qris-countdown')).toHaveTextContent('15:00');
    await advance(60_000);
    const checks = backend.of('check_payment_status');
    expect(checks[checks.length - 1], 'polling follows the new attempt').toEqual({ attemptId: 'att-2' });
  });

  it('the expiry check may come back paid: then it is a success, not "Kedaluwarsa"', async () => {
    const expiry = NOW + 5_000;
    installBackend({
      start_qris: () => qr('att-1', { expiresAt: expiry }),
      check_payment_status: (a) =>
        state(a.attemptId as string, Date.now() >= expiry ? 'paid' : 'pending', paidVia('DANA')),
    });
    const { onPaid } = renderModal({ mode: { ...MODE, pollSeconds: 60 } });
    await advance(0);
    await advance(5000);
    expect(status()).toHaveAttribute('data-state', 'paid');
    expect(screen.getByTestId('qris-success')).toHaveTextContent('via DANA');
    await advance(2000);
    expect(onPaid).toHaveBeenCalledTimes(1);
  });

  it('an anomaly shows "Gagal" with a do-not-hand-over warning; Tutup cancels the open attempt', async () => {
    const anomaly = 'Nominal tidak cocok: gateway melaporkan Rp 1.500, tagihan Rp 15.000.';
    const backend = installBackend({
      check_payment_status: (a) => state(a.attemptId as string, 'pending', { anomaly }),
    });
    const { onClose } = renderModal();
    await advance(0);
    await advance(3000);
    expect(status()).toHaveTextContent('Gagal');
    expect(status()).toHaveAttribute('data-state', 'failed');
    const modal = screen.getByTestId('qris-modal');
    expect(modal).toHaveTextContent(anomaly);
    expect(modal).toHaveTextContent('Jangan serahkan barang; hubungi pemilik toko');
    await advance(30_000);
    expect(backend.of('check_payment_status'), 'no polling after an anomaly').toHaveLength(1);

    await click(screen.getByTestId('qris-close'));
    await advance(0);
    expect(backend.of('cancel_payment'), 'the still-open attempt is cancelled first').toEqual([
      { attemptId: 'att-1' },
    ]);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('a failed status shows "Gagal"; Tutup releases its order and closes', async () => {
    const backend = installBackend({
      check_payment_status: (a) => state(a.attemptId as string, 'failed'),
    });
    const { onClose, onPaid } = renderModal();
    await advance(0);
    await advance(3000);
    expect(status()).toHaveAttribute('data-state', 'failed');
    expect(screen.getByTestId('qris-modal')).toHaveTextContent('Jangan serahkan barang; hubungi pemilik toko');
    await click(screen.getByTestId('qris-close'));
    await advance(0);
    expect(backend.of('cancel_payment'), 'the waiting order is released').toEqual([
      { attemptId: 'att-1' },
    ]);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onPaid).not.toHaveBeenCalled();
  });

  it('Batal asks for confirmation, then cancels; Tutup closes', async () => {
    const backend = installBackend();
    const { onClose } = renderModal();
    await advance(0);

    await click(screen.getByTestId('qris-cancel'));
    expect(screen.getByTestId('qris-modal')).toHaveTextContent('Batalkan pembayaran QRIS ini?');
    await click(screen.getByTestId('qris-cancel-no'));
    expect(screen.queryByTestId('qris-cancel-confirm')).not.toBeInTheDocument();
    expect(backend.of('cancel_payment'), '"Tidak" cancels nothing').toHaveLength(0);

    await click(screen.getByTestId('qris-cancel'));
    await click(screen.getByTestId('qris-cancel-yes'));
    await advance(0);
    expect(backend.of('cancel_payment')).toEqual([{ attemptId: 'att-1' }]);
    expect(status()).toHaveTextContent('Dibatalkan');
    expect(status()).toHaveAttribute('data-state', 'cancelled');
    expect(screen.getByTestId('qris-modal')).toHaveTextContent('Pembayaran dibatalkan');
    expect(onClose, 'the cashier sees the result first').not.toHaveBeenCalled();

    await click(screen.getByTestId('qris-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(backend.of('cancel_payment'), 'already cancelled: no second cancel').toHaveLength(1);
    await advance(30_000);
    expect(backend.of('check_payment_status'), 'no polling after cancel').toHaveLength(0);
  });

  it('a cancel answered "paid" (customer paid at the last second) shows the success', async () => {
    installBackend({
      cancel_payment: (a) => state(a.attemptId as string, 'paid', { ...paidVia('OVO'), late: true }),
    });
    const { onPaid, onClose } = renderModal();
    await advance(0);
    await click(screen.getByTestId('qris-cancel'));
    await click(screen.getByTestId('qris-cancel-yes'));
    await advance(0);
    expect(status()).toHaveAttribute('data-state', 'paid');
    expect(screen.getByTestId('qris-success')).toHaveTextContent('via OVO');
    await advance(2000);
    expect(onPaid).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Esc on a pending QR never closes it (nor reaches the page) but asks to cancel', async () => {
    installBackend();
    const pageEsc = vi.fn();
    function Page({ children }: { children: ReactNode }) {
      useEffect(() => {
        const onKey = (e: KeyboardEvent) => {
          if (e.key === 'Escape') pageEsc();
        };
        window.addEventListener('keydown', onKey);
        return () => window.removeEventListener('keydown', onKey);
      }, []);
      return <>{children}</>;
    }
    const onClose = vi.fn();
    render(
      <App>
        <Page>
          <QrisModal lines={LINES} mode={MODE} onPaid={vi.fn()} onClose={onClose} onSetAside={vi.fn()} />
        </Page>
      </App>,
    );
    await advance(0);
    fireEvent.keyDown(window, { key: 'Escape' });
    await advance(0);
    expect(onClose).not.toHaveBeenCalled();
    expect(pageEsc, 'the checkout page must not close the dialog behind our back').not.toHaveBeenCalled();
    expect(screen.getByTestId('qris-cancel-confirm')).toHaveTextContent('Batalkan pembayaran QRIS ini?');
    expect(status()).toHaveAttribute('data-state', 'pending');
  });

  it('a failing check shows "Koneksi Bermasalah" (QR stays), backs off, and the next good poll clears it', async () => {
    let n = 0;
    const backend = installBackend({
      check_payment_status: (a) => {
        n += 1;
        if (n === 1) throw UNREACHABLE;
        return state(a.attemptId as string, 'pending');
      },
    });
    renderModal();
    await advance(0);
    await advance(3000);
    expect(status()).toHaveTextContent('Koneksi Bermasalah');
    expect(status()).toHaveAttribute('data-state', 'error');
    expect(screen.getByTestId('qris-error')).toHaveTextContent(UNREACHABLE.message);
    expect(screen.getByTestId('qris-image'), 'the customer may be paying: keep the QR').toBeInTheDocument();
    expect(screen.getByTestId('qris-retry')).toBeInTheDocument();

    await advance(3000);
    expect(backend.of('check_payment_status'), 'backoff: 6 s after one failure').toHaveLength(1);
    await advance(3000);
    expect(backend.of('check_payment_status')).toHaveLength(2);
    expect(status()).toHaveAttribute('data-state', 'pending');
    expect(screen.queryByTestId('qris-retry')).not.toBeInTheDocument();
  });

  it('"Coba Lagi" after a failing check re-checks the same attempt and never starts a new charge', async () => {
    let n = 0;
    const backend = installBackend({
      check_payment_status: (a) => {
        n += 1;
        if (n === 1) throw UNREACHABLE;
        return state(a.attemptId as string, 'pending');
      },
    });
    renderModal();
    await advance(0);
    await advance(3000);
    await click(screen.getByTestId('qris-retry'));
    await advance(0);
    expect(backend.of('check_payment_status')).toEqual([{ attemptId: 'att-1' }, { attemptId: 'att-1' }]);
    expect(backend.of('start_qris')).toHaveLength(1);
    expect(backend.of('generate_payment_qr')).toHaveLength(0);
    expect(status()).toHaveAttribute('data-state', 'pending');
    // Recovered: polling is back to every pollSeconds, not the backed-off 6 s.
    await advance(3000);
    expect(backend.of('check_payment_status'), 'regular poll 3 s after recovery').toHaveLength(3);
  });

  it('"Coba Lagi" after a failed start starts again (no order id came back, so none is live)', async () => {
    let n = 0;
    const backend = installBackend({
      start_qris: () => {
        n += 1;
        if (n === 1) throw UNREACHABLE;
        return qr();
      },
    });
    const { onClose } = renderModal();
    await advance(0);
    expect(status()).toHaveTextContent('Koneksi Bermasalah');
    expect(screen.getByTestId('qris-error')).toHaveTextContent(UNREACHABLE.message);
    await advance(30_000);
    expect(backend.of('check_payment_status'), 'nothing to poll without a QR').toHaveLength(0);

    await click(screen.getByTestId('qris-retry'));
    await advance(0);
    expect(backend.of('start_qris')).toHaveLength(2);
    expect(status()).toHaveAttribute('data-state', 'pending');
    expect(screen.getByTestId('qris-image')).toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('StrictMode double-mount starts only one charge', async () => {
    const backend = installBackend({
      check_payment_status: (a) => state(a.attemptId as string, 'paid', paidVia('GoPay')),
    });
    const { onPaid } = renderModal({}, true);
    await advance(0);
    expect(backend.of('start_qris'), 'one order, one charge').toHaveLength(1);
    expect(status()).toHaveAttribute('data-state', 'pending');
    await advance(3000);
    expect(backend.of('check_payment_status'), 'one poll loop, not two').toHaveLength(1);
    await advance(2000);
    expect(onPaid).toHaveBeenCalledTimes(1);
  });

  it('demo mode: the marked demo panel simulates the customer paying', async () => {
    const backend = installBackend();
    renderModal({
      mode: {
        ...MODE,
        demo: true,
        demoIssuers: [
          { code: 'gopay', label: 'GoPay' },
          { code: 'ovo', label: 'OVO' },
        ],
      },
    });
    await advance(0);
    const panel = screen.getByTestId('demo-panel');
    expect(panel).toHaveTextContent('Mode Demo — emulator gateway, bukan uang sungguhan');
    expect(within(panel).getByTestId('demo-pay-gopay')).toHaveTextContent('GoPay');
    await click(within(panel).getByTestId('demo-pay-ovo'));
    await advance(0);
    expect(backend.of('demo_pay')).toEqual([{ req: { attemptId: 'att-1', issuer: 'ovo' } }]);
    expect(status()).toHaveAttribute('data-state', 'paid');
    expect(screen.getByTestId('qris-success')).toHaveTextContent('via OVO');
  });

  it('applies attempt states pushed on the change feed for this attempt only', async () => {
    installBackend();
    renderModal({ mode: { ...MODE, pollSeconds: 60 } });
    await advance(0);
    await act(async () => {
      await pushAttempt(state('someone-else', 'paid', paidVia('GoPay')));
    });
    expect(status(), 'another attempt is none of our business').toHaveAttribute('data-state', 'pending');
    await act(async () => {
      await pushAttempt(state('att-1', 'paid', paidVia('ShopeePay')));
    });
    expect(status()).toHaveAttribute('data-state', 'paid');
    expect(screen.getByTestId('qris-success')).toHaveTextContent('via ShopeePay');
  });

  it('stops polling and listening on unmount', async () => {
    const backend = installBackend();
    const { unmount } = renderModal();
    await advance(0);
    await advance(3000);
    expect(backend.of('check_payment_status')).toHaveLength(1);
    unmount();
    await advance(0);
    await advance(60_000);
    expect(backend.of('check_payment_status')).toHaveLength(1);
    await expect(pushAttempt(state('att-1', 'paid'))).resolves.toBeUndefined();
  });
});

describe('QrisModal: what an error shows depends on its kind', () => {
  it('an amount mismatch is an anomaly, never "Koneksi Bermasalah": Gagal, no retry, do not hand over', async () => {
    const mismatch = {
      kind: 'amount_mismatch',
      message: 'Nominal tidak cocok: gateway melaporkan Rp 1.500, tagihan Rp 15.000.',
    };
    const backend = installBackend({
      check_payment_status: () => {
        throw mismatch;
      },
    });
    renderModal();
    await advance(0);
    await advance(3000);
    expect(status(), 'a mismatch is not a connection problem').not.toHaveTextContent('Koneksi Bermasalah');
    expect(status()).toHaveTextContent('Gagal');
    expect(status()).toHaveAttribute('data-state', 'failed');
    const failed = screen.getByTestId('qris-failed');
    expect(failed).toHaveTextContent('Anomali pembayaran: nominal tidak cocok');
    expect(failed).toHaveTextContent(mismatch.message);
    expect(failed).toHaveTextContent('Jangan serahkan barang; hubungi pemilik toko.');
    expect(screen.queryByTestId('qris-retry'), 'retrying cannot make a forged report true').not.toBeInTheDocument();
    expect(screen.queryByTestId('qris-image'), 'the QR is no longer offered').not.toBeInTheDocument();
    await advance(30_000);
    expect(backend.of('check_payment_status'), 'no polling after an anomaly').toHaveLength(1);
  });

  it.each(['signature_mismatch', 'order_mismatch'])('%s is an anomaly too', async (kind) => {
    installBackend({
      check_payment_status: () => {
        throw { kind, message: 'Laporan gateway ditolak.' };
      },
    });
    renderModal();
    await advance(0);
    await advance(3000);
    expect(status()).toHaveAttribute('data-state', 'failed');
    expect(screen.getByTestId('qris-failed')).toHaveTextContent('Anomali pembayaran');
    expect(screen.getByTestId('qris-failed')).toHaveTextContent('Jangan serahkan barang');
  });

  it.each([
    'gateway_unreachable',
    'gateway_timeout',
    'gateway_server_error',
    'gateway_rate_limited',
    'gateway_invalid_response',
  ])('%s is "Koneksi Bermasalah" with "Coba Lagi", and the QR stays', async (kind) => {
    installBackend({
      check_payment_status: () => {
        throw { kind, message: 'Gateway tidak menjawab.' };
      },
    });
    renderModal();
    await advance(0);
    await advance(3000);
    expect(status()).toHaveTextContent('Koneksi Bermasalah');
    expect(status()).toHaveAttribute('data-state', 'error');
    expect(screen.getByTestId('qris-error')).toHaveTextContent('Gateway tidak menjawab.');
    expect(screen.getByTestId('qris-retry')).toHaveTextContent('Coba Lagi');
    expect(screen.getByTestId('qris-image')).toBeInTheDocument();
    expect(screen.queryByTestId('qris-failed')).not.toBeInTheDocument();
  });

  it('a config error points at .env and offers no retry (nothing changes until .env does)', async () => {
    const backend = installBackend({
      start_qris: () => {
        throw { kind: 'config', message: 'MIDTRANS_SERVER_KEY kosong atau tidak valid.' };
      },
    });
    const { onClose } = renderModal();
    await advance(0);
    expect(status()).toHaveTextContent('Pengaturan QRIS Bermasalah');
    expect(status()).not.toHaveTextContent('Koneksi Bermasalah');
    expect(screen.getByTestId('qris-error')).toHaveTextContent('MIDTRANS_SERVER_KEY kosong atau tidak valid.');
    expect(screen.getByTestId('qris-error-hint')).toHaveTextContent('Periksa berkas .env');
    expect(screen.queryByTestId('qris-retry')).not.toBeInTheDocument();
    await click(screen.getByTestId('qris-close'));
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(backend.of('start_qris')).toHaveLength(1);
  });

  it("any other kind shows Rust's message as it is (here a refusal by the gateway)", async () => {
    const rejected = { kind: 'gateway_rejected', message: 'Gateway menolak transaksi: merchant belum aktif.' };
    installBackend({
      start_qris: () => {
        throw rejected;
      },
    });
    renderModal();
    await advance(0);
    expect(status()).toHaveTextContent('Terjadi Kesalahan');
    expect(status()).not.toHaveTextContent('Koneksi Bermasalah');
    expect(screen.getByTestId('qris-error')).toHaveTextContent(rejected.message);
    expect(screen.queryByTestId('qris-error-hint')).not.toBeInTheDocument();
    expect(screen.queryByTestId('qris-failed')).not.toBeInTheDocument();
  });
});

describe('pollDelayMs', () => {
  it('doubles after each failure and caps at 30 s', () => {
    expect([0, 1, 2, 3, 4, 9].map((f) => pollDelayMs(3, f))).toEqual([3000, 6000, 12000, 24000, 30000, 30000]);
  });
});
