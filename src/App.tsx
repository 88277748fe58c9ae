import { useEffect, useState } from 'react';
import { CheckoutPage } from './features/checkout/CheckoutPage';
import { usePaymentMode, useShopProfile } from './features/checkout/api';

function Clock({ timeZone }: { timeZone: string }) {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = window.setInterval(() => setNow(new Date()), 15_000);
    return () => window.clearInterval(id);
  }, []);
  const text = new Intl.DateTimeFormat('id-ID', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(now);
  return <span className="text-sm text-brand-100">{text}</span>;
}

export function App() {
  const shop = useShopProfile();
  const payment = usePaymentMode();
  return (
    <div className="flex h-full flex-col">
      <header className="flex items-center justify-between bg-brand-800 px-5 py-3 text-white shadow">
        <div className="flex items-center gap-3">
          <div className="flex h-9 w-9 items-center justify-center rounded-lg bg-white/15 text-lg font-black">
            K
          </div>
          <div>
            <p className="text-base font-bold leading-tight">Kasir Alpiant</p>
            <p className="text-xs text-brand-100" data-testid="shop-name">
              {shop.data?.name ?? ''}
            </p>
          </div>
          <nav className="ml-6 flex gap-1" aria-label="Menu utama">
            <span className="rounded-lg bg-white/15 px-3 py-1.5 text-sm font-semibold">Kasir</span>
          </nav>
        </div>
        <div className="flex items-center gap-4">
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
          <Clock timeZone={shop.data?.timezone ?? 'Asia/Jakarta'} />
        </div>
      </header>
      <main className="flex min-h-0 flex-1 flex-col">
        <CheckoutPage />
      </main>
    </div>
  );
}
