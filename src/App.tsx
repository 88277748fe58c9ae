import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import type { Permission, SessionInfo } from './lib/ipc';
import { AuthGate, prefetchOnSignIn, SessionBar, useCan, useSession } from './features/auth';
import { BackupFailedBadge, RestoreNotice } from './features/backups';
import { catalogQuery, CheckoutPage } from './features/checkout';
import { DisplayButton } from './features/display';
import { paymentModeQuery, usePaymentMode } from './features/payment';
import { PrintStatusBadge } from './features/printing';
import type { SettingsSection } from './features/settings';
import { currentShiftQuery, ShiftControls } from './features/shifts';
import { useDomainEventFeed } from './lib/events';
import { formatClock, formatTime } from './lib/format';
import { DEFAULT_TIME_ZONE, useShopProfile } from './lib/shop';

// Only the checkout is loaded at start. Barang, Laporan (with its charts) and Pengaturan are
// separate chunks, fetched and mounted when their tab is first opened.
const ProductsPage = lazy(() => import('./features/products').then((m) => ({ default: m.ProductsPage })));
const ReportsPage = lazy(() => import('./features/reports').then((m) => ({ default: m.ReportsPage })));
const SettingsPage = lazy(() => import('./features/settings').then((m) => ({ default: m.SettingsPage })));

/** A code-split tab while its chunk loads (a local file: a moment on the first open only). */
function TabLoading({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={<p className="p-10 text-center text-slate-500" data-testid="tab-loading">Memuat…</p>}>
      {children}
    </Suspense>
  );
}

function Clock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(id);
  }, []);
  const full = formatClock(now.getTime(), timeZone);
  // Below 1536 px only the time: the header must stay on one line with a shift open.
  return (
    <span className="shrink-0 whitespace-nowrap text-sm text-brand-100" title={full} data-testid="header-clock">
      <span className="hidden 2xl:inline">{full}</span>
      <span className="2xl:hidden">{formatTime(now.getTime(), timeZone)}</span>
    </span>
  );
}

type Tab = 'kasir' | 'barang' | 'laporan' | 'pengaturan';

/** Each tab with the permission that shows it (hiding is cosmetic: Rust checks every command). */
const TABS: { id: Tab; label: string; needs: Permission[] }[] = [
  { id: 'kasir', label: 'Kasir', needs: ['sell'] },
  { id: 'barang', label: 'Barang', needs: ['view_catalog'] },
  { id: 'laporan', label: 'Laporan', needs: ['view_history', 'reports'] },
  { id: 'pengaturan', label: 'Pengaturan', needs: ['view_settings'] },
];

/**
 * A session that may sell lands on Kasir: its tiles, the payment mode and (when it may) the open
 * shift are asked for with sign_in's answer, while the header and tabs render (they used to go
 * out only once the checkout mounted, 25-40 ms later). The same queries the checkout then reads.
 */
function prefetchTill(client: QueryClient, session: SessionInfo) {
  if (!session.permissions.includes('sell')) return;
  void client.prefetchQuery(catalogQuery);
  void client.prefetchQuery(paymentModeQuery);
  if (session.permissions.includes('shift')) void client.prefetchQuery(currentShiftQuery);
}

export function App() {
  // The one subscription to the backend's change feed; every view refreshes through it.
  useDomainEventFeed();
  useEffect(() => {
    prefetchOnSignIn(prefetchTill);
    return () => prefetchOnSignIn(null);
  }, []);
  return (
    <>
      <AuthGate>
        <Shell />
      </AuthGate>
      {/* After a restore everyone signs in again: the notice stays over the PIN pad. */}
      <RestoreNotice />
    </>
  );
}

/** The app once someone is signed in: header with the session and shift, tabs by permission. */
function Shell() {
  const [picked, setTab] = useState<Tab>('kasir');
  const [settingsSection, setSettingsSection] = useState<SettingsSection>('printer');
  const shop = useShopProfile();
  const payment = usePaymentMode();
  const session = useSession();
  const canShift = useCan('shift');
  const canSell = useCan('sell');
  const permissions = session?.session.permissions ?? null;
  const tabs = TABS.filter((t) => permissions === null || t.needs.some((p) => permissions.includes(p)));
  // Another user signed in (switch cashier) may not have the tab the last one was on.
  const tab = tabs.some((t) => t.id === picked) ? picked : (tabs[0]?.id ?? 'kasir');
  return (
    <div className="flex h-full flex-col">
      <header className="bg-brand-800 text-white shadow">
        {/* Row 1: who and where; row 2: the shift and the notices, so nothing is squeezed at 1280 px. */}
        <div className="flex flex-nowrap items-center justify-between gap-4 whitespace-nowrap px-5 pt-3 pb-2">
          <div className="flex shrink-0 items-center gap-3">
            <div className="flex h-9 w-9 items-center justify-center rounded-lg bg-white/15 text-lg font-black">
              K
            </div>
            <div>
              <p className="text-base font-bold leading-tight">Kasir Alpiant</p>
              <p className="text-xs text-brand-100" data-testid="shop-name">
                {shop.data?.name ?? ''}
              </p>
            </div>
            <nav className="ml-4 flex gap-1" aria-label="Menu utama">
              {tabs.map((t) => (
                <button
                  key={t.id}
                  type="button"
                  data-testid={`tab-${t.id}`}
                  aria-current={tab === t.id ? 'page' : undefined}
                  onClick={() => {
                    setTab(t.id);
                    setSettingsSection('printer');
                  }}
                  className={`rounded-lg px-3 py-1.5 text-sm font-semibold transition ${
                    tab === t.id ? 'bg-white/20 text-white' : 'text-brand-100 hover:bg-white/10'
                  }`}
                >
                  {t.label}
                </button>
              ))}
            </nav>
          </div>
          <div className="flex shrink-0 flex-nowrap items-center gap-3">
            <Clock timeZone={shop.data?.timezone ?? DEFAULT_TIME_ZONE} />
            <SessionBar />
          </div>
        </div>
        <div className="flex min-h-[2.25rem] flex-wrap items-center gap-x-3 gap-y-1 border-t border-white/10 px-5 py-1.5">
          {canShift && <ShiftControls />}
          <span className="flex-1" />
          {canSell && <DisplayButton />}
          <PrintStatusBadge />
          <BackupFailedBadge
            onOpen={() => {
              setTab('pengaturan');
              setSettingsSection('cadangan');
            }}
          />
          {payment.data?.demo && (
            <span
              data-testid="demo-badge"
              title="QRIS memakai emulator gateway bawaan: tidak ada uang sungguhan"
              className="rounded-full bg-amber-400 px-3 py-1 text-xs font-bold uppercase tracking-wide text-amber-950"
            >
              Mode Demo
            </span>
          )}
          {payment.data?.configError && (
            <span
              data-testid="config-error-badge"
              title={payment.data.configError}
              className="rounded-full bg-red-500 px-3 py-1 text-xs font-bold text-white"
            >
              QRIS nonaktif
            </span>
          )}
          {payment.data?.clockSkewSeconds != null && (
            <span
              data-testid="clock-skew-warning"
              role="alert"
              className="rounded-full bg-amber-400 px-3 py-1 text-xs font-bold text-amber-950"
            >
              Jam komputer selisih {Math.round(Math.abs(payment.data.clockSkewSeconds) / 60)} menit dengan
              server pembayaran
            </span>
          )}
        </div>
      </header>
      {/* The checkout stays mounted (hidden) so a cart in progress survives a look at the report. */}
      {tabs.some((t) => t.id === 'kasir') && (
        <main className={`min-h-0 flex-1 flex-col ${tab === 'kasir' ? 'flex' : 'hidden'}`}>
          <CheckoutPage active={tab === 'kasir'} />
        </main>
      )}
      {tab === 'barang' && (
        <main className="min-h-0 flex-1 overflow-y-auto">
          <TabLoading>
            <ProductsPage />
          </TabLoading>
        </main>
      )}
      {tab === 'laporan' && (
        <main className="min-h-0 flex-1 overflow-y-auto">
          <TabLoading>
            <ReportsPage />
          </TabLoading>
        </main>
      )}
      {tab === 'pengaturan' && (
        <main className="flex min-h-0 flex-1 flex-col overflow-y-auto">
          <TabLoading>
            <SettingsPage key={settingsSection} initialSection={settingsSection} />
          </TabLoading>
        </main>
      )}
    </div>
  );
}
