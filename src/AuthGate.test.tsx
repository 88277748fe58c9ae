/**
 * The app behind the auth gate, with a fake Rust side: first run, the PIN pad, the lock screen,
 * the global "PIN pad back" handler, tabs by permission and "Buka Kasir" on the till.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from './App';
import type { AuthStatus, ShiftReport } from './lib/ipc';
import { mockBackend, type Args } from './test/backend';
import { authStatus, cashier, catalog, owner, priceFixture, sessionOf, shiftReport } from './test/fixtures';

interface World {
  status: AuthStatus;
  shift: ShiftReport | null;
  calls: { cmd: string; args: Args }[];
  /** The next get_catalog answers this error once (e.g. the screen locked in Rust). */
  catalogError?: { kind: string; message: string };
}

function install(world: World) {
  mockBackend((cmd, args) => {
    world.calls.push({ cmd, args });
    switch (cmd) {
      case 'get_auth_status':
        return world.status;
      case 'get_shop_profile':
        return { name: 'Warung Uji', address: '', phone: '', timezone: 'Asia/Jakarta' };
      case 'get_payment_mode':
        return { provider: 'emulator', demo: true, pollSeconds: 3, expiryMinutes: 15, demoIssuers: [], configError: null };
      case 'list_unprinted_receipts':
        return [];
      case 'get_catalog':
        if (world.catalogError) {
          const e = world.catalogError;
          world.catalogError = undefined;
          // As Rust does: the idle time ran out, so it locked the session and refused.
          world.status = authStatus(world.status.session && { ...world.status.session, locked: true });
          throw e;
        }
        return catalog;
      case 'price_cart':
        return priceFixture([]);
      case 'get_current_shift':
        return world.shift;
      case 'sign_in': {
        const { userId, pin } = args.req as { userId: number; pin: string };
        if (pin !== '802461') throw { kind: 'wrong_pin', message: 'PIN salah. Sisa 4 percobaan sebelum akun dikunci 5 menit.' };
        const user = [owner, cashier].find((u) => u.id === userId)!;
        world.status = authStatus(sessionOf(user));
        return world.status.session;
      }
      case 'lock_screen':
        world.status = authStatus(world.status.session && { ...world.status.session, locked: true });
        return null;
      case 'sign_out':
        world.status = authStatus(null);
        return null;
      case 'open_shift': {
        world.shift = shiftReport();
        return world.shift.shift;
      }
      case 'setup_first_run': {
        world.status = authStatus(sessionOf(owner));
        return world.status.session;
      }
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
}

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>,
  );
}

async function typePin(pin: string) {
  for (const d of pin) await userEvent.click(screen.getByTestId(`pin-key-${d}`));
}

describe('auth gate', () => {
  // Laporan is code-split (React.lazy in App.tsx): compile its module once up front, so no
  // test's time limit is spent on the first transform of the charts library.
  beforeAll(async () => {
    await import('./features/reports');
  });

  it('first run: the form, then the app signed in as the owner', async () => {
    const world: World = { status: authStatus(null, { needsSetup: true, users: [] }), shift: shiftReport({ userId: owner.id }), calls: [] };
    install(world);
    renderApp();
    await screen.findByTestId('first-run');
    expect(screen.queryByTestId('tab-kasir')).toBeNull();
    await userEvent.type(screen.getByTestId('first-run-owner'), 'Bu Sari');
    await userEvent.type(screen.getByTestId('first-run-pin'), '802461');
    await userEvent.type(screen.getByTestId('first-run-pin-confirm'), '802461');
    // The shop name starts from the profile.
    expect(screen.getByTestId('first-run-shop')).toHaveValue('Warung Uji');
    await userEvent.click(screen.getByTestId('first-run-submit'));
    expect(await screen.findByTestId('session-user')).toHaveTextContent('Bu Sari · Pemilik');
    expect(world.calls.find((c) => c.cmd === 'setup_first_run')?.args).toEqual({
      setup: { shopName: 'Warung Uji', ownerName: 'Bu Sari', pin: '802461' },
    });
  });

  it('PIN pad: a wrong PIN says so; the right one opens the app as that user', async () => {
    const world: World = { status: authStatus(null), shift: shiftReport(), calls: [] };
    install(world);
    renderApp();
    await screen.findByTestId('pin-pad');
    const rina = screen.getAllByTestId('pin-user').find((t) => t.dataset.userName === 'Rina')!;
    await userEvent.click(rina);
    expect(rina).toHaveAttribute('aria-pressed', 'true');
    await typePin('111111');
    expect(await screen.findByTestId('pin-error')).toHaveTextContent('PIN salah. Sisa 4 percobaan');
    await typePin('802461');
    expect(await screen.findByTestId('session-user')).toHaveTextContent('Rina · Kasir');
    expect(screen.queryByTestId('pin-pad')).toBeNull();
    // A cashier: the shift is hers, the tabs are those of her role, Laporan is history only.
    expect(await screen.findByTestId('shift-status')).toHaveTextContent('Shift #3 · sejak 22.00');
    expect(screen.getByTestId('tab-pengaturan')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('tab-laporan'));
    // Laporan is loaded when first opened: wait for it before asserting what it leaves out.
    expect(await screen.findByTestId('reports-page')).toBeInTheDocument();
    expect(screen.queryByTestId('report-tab-shifts')).toBeNull();
    expect(screen.queryByTestId('report-tab-audit')).toBeNull();
  });

  it("a sign-in asks for the till's tiles, payment mode and shift with its answer, once, before the app renders", async () => {
    const world: World = { status: authStatus(null), shift: shiftReport(), calls: [] };
    install(world);
    renderApp();
    await screen.findByTestId('pin-pad');
    await userEvent.click(screen.getAllByTestId('pin-user').find((t) => t.dataset.userName === 'Rina')!);
    await typePin('802461');
    expect(await screen.findByTestId('product-MNM-001')).toBeInTheDocument();
    const after = world.calls.slice(world.calls.findIndex((c) => c.cmd === 'sign_in')).map((c) => c.cmd);
    // The header's print badge is the first thing the signed-in app asks for when it mounts.
    const appMounted = after.indexOf('list_unprinted_receipts');
    for (const cmd of ['get_catalog', 'get_payment_mode', 'get_current_shift']) {
      expect(after.indexOf(cmd), cmd).toBeGreaterThan(0);
      expect(after.indexOf(cmd), `${cmd} before the app mounted`).toBeLessThan(appMounted);
    }
    // The checkout then reads what was asked for, without asking again.
    expect(after.filter((c) => c === 'get_catalog')).toHaveLength(1);
  });

  it('Kunci: the lock screen covers the app (which stays mounted) and unlocks with a PIN', async () => {
    const world: World = { status: authStatus(sessionOf(cashier)), shift: shiftReport(), calls: [] };
    install(world);
    renderApp();
    await userEvent.click(await screen.findByTestId('lock-button'));
    const lock = await screen.findByTestId('lock-screen');
    expect(screen.getByTestId('tab-kasir'), 'the app stays under the lock').toBeInTheDocument();
    // The locked cashier is picked first.
    const rina = within(lock).getAllByTestId('pin-user').find((t) => t.dataset.userName === 'Rina')!;
    expect(rina).toHaveAttribute('aria-pressed', 'true');
    await typePin('802461');
    await waitFor(() => expect(screen.queryByTestId('lock-screen')).toBeNull());
    expect(world.calls.filter((c) => c.cmd === 'lock_screen')[0].args).toEqual({ idle: false });
  });

  it('a command refused with screen_locked brings the PIN pad back (global handler)', async () => {
    const world: World = { status: authStatus(sessionOf(cashier)), shift: shiftReport(), calls: [] };
    // Rust locked the screen on its own (idle) before the till asked for the catalogue.
    world.catalogError = { kind: 'screen_locked', message: 'Layar terkunci. Masukkan PIN untuk melanjutkan.' };
    install(world);
    renderApp();
    expect(await screen.findByTestId('lock-screen')).toBeInTheDocument();
    expect(world.calls.filter((c) => c.cmd === 'get_auth_status').length).toBeGreaterThan(1);
  });

  it('Keluar: back to the PIN pad', async () => {
    const world: World = { status: authStatus(sessionOf(owner)), shift: shiftReport({ userId: owner.id }), calls: [] };
    install(world);
    renderApp();
    await userEvent.click(await screen.findByTestId('sign-out-button'));
    expect(await screen.findByTestId('pin-pad')).toBeInTheDocument();
    expect(screen.queryByTestId('session-user')).toBeNull();
  });

  it('no open shift: "Buka Kasir" with the opening cash instead of the grid', async () => {
    const world: World = { status: authStatus(sessionOf(cashier)), shift: null, calls: [] };
    install(world);
    renderApp();
    await screen.findByTestId('shift-open-panel');
    expect(screen.queryByTestId('product-search')).toBeNull();
    expect(screen.getByTestId('shift-open-submit')).toBeDisabled();
    await userEvent.type(screen.getByTestId('shift-opening-cash'), '200000');
    expect(screen.getByTestId('shift-opening-cash')).toHaveValue('200.000');
    await userEvent.click(screen.getByTestId('shift-open-submit'));
    await waitFor(() => expect(screen.queryByTestId('shift-open-panel')).toBeNull());
    expect(world.calls.find((c) => c.cmd === 'open_shift')?.args).toEqual({ openingCash: 200_000 });
    expect(await screen.findByTestId('shift-status')).toHaveTextContent('Shift #3');
  });

  it("another cashier's shift still open: the till says so and does not sell", async () => {
    const world: World = {
      status: authStatus(sessionOf(cashier)),
      shift: shiftReport({ userId: 5, cashierName: 'Dewi' }),
      calls: [],
    };
    install(world);
    renderApp();
    expect(await screen.findByTestId('shift-foreign')).toHaveTextContent(
      'Shift Dewi masih terbuka di kasir ini; Dewi harus menutupnya dulu.',
    );
    expect(screen.queryByTestId('shift-opening-cash')).toBeNull();
    expect(screen.getByTestId('shift-close-button')).toBeInTheDocument();
  });
});
