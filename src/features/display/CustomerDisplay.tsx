/**
 * The customer display ("Layar Pelanggan"): the second window, facing the customer. It renders
 * Rust's view (`get_customer_display`) and nothing else: the cart as the cashier builds it, the
 * QRIS code as large as the window's height allows with its amount and countdown, the green
 * check and "Terima kasih", and the idle screen (logo, shop name, promo text). It never signs
 * in and holds no secret. Every `data-testid` is used by e2e/display.e2e.mjs.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { SuccessCheck } from '../../components/SuccessCheck';
import { useDomainEventFeed } from '../../lib/events';
import { formatRupiah } from '../../lib/format';
import type { CustomerDisplayView, DisplayCart } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useCustomerDisplayView, useDisplayLogo } from './api';

const WALLETS = ['GoPay', 'OVO', 'DANA', 'ShopeePay', 'LinkAja', 'm-banking'];
/** The countdown turns amber below this. */
const LOW_TIME_SECONDS = 60;

/** The display window's whole page (mounted by main.tsx when the window is `customer`). */
export function CustomerDisplayScreen() {
  // Its own subscription to the change feed: every change refreshes the view.
  useDomainEventFeed();
  const view = useCustomerDisplayView();
  if (view.data === undefined) {
    return (
      <div className="flex h-screen items-center justify-center bg-brand-900 text-3xl text-white" data-testid="display-loading">
        Memuat…
      </div>
    );
  }
  return <CustomerDisplay view={view.data} />;
}

export function CustomerDisplay({ view }: { view: CustomerDisplayView }) {
  return (
    <div className="flex h-screen w-screen flex-col overflow-hidden bg-slate-50" data-testid="display-root" data-phase={view.phase}>
      {view.phase !== 'idle' && (
        <header className="shrink-0 bg-brand-800 px-[4vw] py-[2vh] text-white">
          <p className="truncate text-[4.5vh] font-black leading-tight" data-testid="display-shop-name">
            {view.shopName}
          </p>
        </header>
      )}
      <main className="flex min-h-0 flex-1">
        {view.phase === 'idle' && <Idle shopName={view.shopName} promoText={view.promoText} hasLogo={view.hasLogo} />}
        {view.phase === 'cart' && <Cart cart={view.cart} />}
        {view.phase === 'qris' && <Qris key={`${view.orderNumber}-${view.expiresAt}`} view={view} />}
        {view.phase === 'paid' && <Paid view={view} />}
      </main>
    </div>
  );
}

function Idle({ shopName, promoText, hasLogo }: { shopName: string; promoText: string; hasLogo: boolean }) {
  const logo = useDisplayLogo(hasLogo);
  const src = hasLogo && logo.data?.startsWith('data:') ? logo.data : null;
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-[4vh] bg-brand-900 px-[6vw] text-center text-white" data-testid="display-idle">
      {src && (
        <div className="rounded-3xl bg-white p-[2vh]">
          <img src={src} alt={`Logo ${shopName}`} className="max-h-[30vh] max-w-[50vw] [image-rendering:pixelated]" data-testid="display-logo" />
        </div>
      )}
      <p className="text-[9vh] font-black leading-tight" data-testid="display-shop-name">
        {shopName}
      </p>
      {promoText && (
        <p className="max-w-[80vw] whitespace-pre-line text-[4.5vh] font-semibold text-brand-100" data-testid="display-promo">
          {promoText}
        </p>
      )}
      <p className="text-[3vh] text-brand-200">Selamat datang</p>
    </div>
  );
}

function Row({ label, amount, testId, tone = '' }: { label: string; amount: number; testId?: string; tone?: string }) {
  return (
    <div className={`flex justify-between gap-6 ${tone}`}>
      <dt>{label}</dt>
      <dd className="whitespace-nowrap tabular-nums" data-testid={testId}>
        {formatRupiah(amount)}
      </dd>
    </div>
  );
}

function Cart({ cart }: { cart: DisplayCart }) {
  return (
    <div className="flex min-h-0 flex-1 gap-[3vw] p-[3vh]">
      <ol className="min-h-0 flex-1 space-y-[1.5vh] overflow-hidden text-[3.4vh]" data-testid="display-lines">
        {cart.lines.map((line, i) => (
          <li key={`${line.name}-${i}`} className="rounded-2xl bg-white px-[2vw] py-[1.5vh] shadow-sm ring-1 ring-slate-200" data-testid="display-line">
            <div className="flex items-baseline justify-between gap-6">
              <p className="min-w-0 flex-1 truncate font-bold text-slate-900" data-testid="display-line-name">
                {line.name}
              </p>
              <p className="shrink-0 whitespace-nowrap font-bold tabular-nums text-slate-900" data-testid="display-line-total">
                {formatRupiah(line.lineTotal)}
              </p>
            </div>
            {(line.options.length > 0 || line.note) && (
              <p className="truncate text-[2.6vh] text-slate-600" data-testid="display-line-options">
                {[...line.options, ...(line.note ? [`Catatan: ${line.note}`] : [])].join(' · ')}
              </p>
            )}
            <p className="text-[2.6vh] tabular-nums text-slate-600">
              {line.qty} × {formatRupiah(line.unitPrice)}
            </p>
            {line.discount > 0 && (
              <p className="text-[2.6vh] font-semibold tabular-nums text-green-700" data-testid="display-line-discount">
                Diskon −{formatRupiah(line.discount)}
              </p>
            )}
          </li>
        ))}
      </ol>
      <dl className="flex w-[40vw] shrink-0 flex-col justify-end gap-[1vh] rounded-3xl bg-white p-[3vh] text-[min(3vh,2.2vw)] text-slate-700 shadow ring-1 ring-slate-200">
        <Row label={`Subtotal (${cart.itemCount} barang)`} amount={cart.subtotal} testId="display-subtotal" />
        {cart.discounts.map((d, i) => (
          <Row key={`${d.label}-${i}`} label={d.label} amount={-d.amount} tone="font-semibold text-green-700" testId="display-discount" />
        ))}
        {cart.service && <Row label={cart.service.label} amount={cart.service.amount} />}
        {cart.tax && <Row label={cart.taxIncluded ? `${cart.tax.label} (termasuk)` : cart.tax.label} amount={cart.tax.amount} />}
        <div className="mt-[1.5vh] border-t border-slate-200 pt-[1.5vh]">
          <p className="text-[3vh] font-semibold text-slate-600">Total</p>
          <p className="whitespace-nowrap text-[min(8vh,5.5vw)] font-black leading-none tabular-nums text-slate-900" data-testid="display-total">
            {formatRupiah(cart.total)}
          </p>
          {cart.cashTotal !== null && (
            <p className="mt-[1vh] text-[2.6vh] tabular-nums text-slate-600" data-testid="display-total-cash">
              Tunai {formatRupiah(cart.cashTotal)}
            </p>
          )}
        </div>
      </dl>
    </div>
  );
}

/**
 * Seconds left on the QR, counted down locally from `expiresInMs` with the monotonic clock (never
 * by comparing this PC's wall clock with the gateway's expiry). At zero Rust is asked again.
 * The caller keys the component by the QR, so a new QR starts a new count.
 */
function useRemainingSeconds(expiresInMs: number): number {
  const client = useQueryClient();
  const [deadline] = useState(() => performance.now() + expiresInMs);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(performance.now()), 250);
    return () => window.clearInterval(id);
  }, []);
  const left = Math.max(0, Math.ceil((deadline - now) / 1000));
  useEffect(() => {
    if (left === 0) void client.invalidateQueries({ queryKey: queryKeys.display.view });
  }, [left, client]);
  return left;
}

function countdown(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

function Qris({ view }: { view: Extract<CustomerDisplayView, { phase: 'qris' }> }) {
  const left = useRemainingSeconds(view.expiresInMs);
  const low = left < LOW_TIME_SECONDS;
  const src = view.qrSvg ? `data:image/svg+xml;utf8,${encodeURIComponent(view.qrSvg)}` : null;
  return (
    <div className="flex min-h-0 flex-1 items-center justify-center gap-[4vw] p-[3vh]" data-testid="display-qris">
      <div className="flex aspect-square h-full max-w-[58vw] shrink-0 items-center justify-center rounded-3xl bg-white p-[1.5vh] shadow ring-1 ring-slate-200">
        {src ? (
          <img
            src={src}
            alt={`QRIS ${formatRupiah(view.amount)} untuk pesanan ${view.orderNumber}`}
            className="h-full w-full bg-white [image-rendering:pixelated]"
            data-testid="display-qr"
          />
        ) : (
          <p className="p-[3vh] text-center text-[3vh] text-slate-700" data-testid="display-qr-missing">
            Pindai QR pada layar kasir.
          </p>
        )}
      </div>
      <div className="flex min-w-0 flex-col gap-[3vh]">
        <div>
          <p className="text-[3vh] font-semibold text-slate-600">Total bayar</p>
          <p className="whitespace-nowrap text-[min(9vh,5.5vw)] font-black leading-none tabular-nums text-slate-900" data-testid="display-amount">
            {formatRupiah(view.amount)}
          </p>
        </div>
        <p className="text-[3.4vh] font-bold text-slate-800">Scan QRIS dengan aplikasi e-wallet / m-banking</p>
        <ul className="flex max-w-[30vw] flex-wrap gap-[1vh]" aria-label="Aplikasi yang bisa dipakai">
          {WALLETS.map((w) => (
            <li key={w} className="rounded-full bg-white px-[1.2vw] py-[0.6vh] text-[2.4vh] font-semibold text-slate-700 ring-1 ring-slate-300">
              {w}
            </li>
          ))}
        </ul>
        <p className="text-[3vh] text-slate-600">
          Berlaku{' '}
          <span
            className={`rounded-lg px-[0.8vw] font-mono text-[5vh] font-bold tabular-nums ${low ? 'bg-amber-100 text-amber-800' : 'text-slate-900'}`}
            data-testid="display-countdown"
            data-low={low ? 'true' : 'false'}
          >
            {countdown(left)}
          </span>
        </p>
        <p className="text-[2.4vh] text-slate-500">
          No. pesanan <span className="font-mono">{view.orderNumber}</span>
        </p>
      </div>
    </div>
  );
}

function Paid({ view }: { view: Extract<CustomerDisplayView, { phase: 'paid' }> }) {
  const client = useQueryClient();
  // The thank-you screen gives way when Rust says so: ask again then.
  useEffect(() => {
    const wait = Math.max(0, view.shownUntil - Date.now()) + 100;
    const id = window.setTimeout(() => void client.invalidateQueries({ queryKey: queryKeys.display.view }), wait);
    return () => window.clearTimeout(id);
  }, [view.shownUntil, client]);
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-[2.5vh] text-center" data-testid="display-paid">
      <SuccessCheck size={220} />
      <p className="text-[10vh] font-black leading-tight text-green-700">Terima kasih</p>
      <p className="text-[4vh] font-semibold text-slate-700">
        Pembayaran berhasil{view.method === 'qris' ? ` · QRIS${view.issuerLabel ? ` ${view.issuerLabel}` : ''}` : ' · Tunai'}
      </p>
      <p className="text-[7vh] font-black tabular-nums text-slate-900" data-testid="display-paid-total">
        {formatRupiah(view.total)}
      </p>
      {view.change !== null && view.change > 0 && (
        <p className="text-[4.5vh] font-bold tabular-nums text-slate-800" data-testid="display-change">
          Kembalian {formatRupiah(view.change)}
        </p>
      )}
      <p className="text-[2.4vh] text-slate-500">
        No. pesanan <span className="font-mono">{view.orderNumber}</span>
      </p>
    </div>
  );
}
