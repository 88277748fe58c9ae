import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { Toast, type ToastMessage } from '../../components/Toast';
import { useEscape } from '../../components/useEscape';
import {
  api,
  toAppError,
  type CartLineInput,
  type CartOptions,
  type Order,
  type Product,
} from '../../lib/ipc';
import { useCartOnDisplay } from '../display';
import { QrisModal, usePaymentMode } from '../payment';
import { useSession } from '../auth';
import { ShiftOpenPanel, useTillShift } from '../shifts';
import { cartOptionsOf, checkoutReducer, emptyCheckoutCart } from './cart';
import { CartPanel } from './CartPanel';
import { CashDialog } from './CashDialog';
import { OrderPaidPanel } from './OrderPaidPanel';
import { ProductGrid } from './ProductGrid';
import { useCatalog, usePayCash, usePricedCart, usePromoList } from './api';
import { useBarcodeScanner } from './useBarcodeScanner';

type Dialog =
  | { kind: 'none' }
  | { kind: 'cash' }
  | { kind: 'qris'; lines: CartLineInput[]; cart: CartOptions | undefined }
  | { kind: 'paid'; order: Order };

/**
 * `active` is false while another tab is shown: keys and the scanner then do nothing here.
 * Without an open shift on this till the "Buka Kasir" panel replaces the grid (Rust refuses to
 * sell without one anyway).
 */
export function CheckoutPage({ active: shown = true }: { active?: boolean }) {
  const till = useTillShift();
  const blocked = till.state === 'none' || till.state === 'foreign';
  // Under the lock screen the PIN pad has the keyboard: no scanner, no F-keys here.
  const locked = useSession()?.session.locked ?? false;
  const active = shown && !blocked && !locked && till.state !== 'loading';
  const catalog = useCatalog();
  const [state, dispatch] = useReducer(checkoutReducer, emptyCheckoutCart);
  const cart = state.lines;
  const options = useMemo(() => cartOptionsOf(state), [state]);
  const priced = usePricedCart(cart, options);
  // The customer display shows this cart, priced by Rust (cleared with the cart).
  useCartOnDisplay(cart, options);
  const promos = usePromoList();
  const pickable = useMemo(
    () => (promos.data ?? []).filter((p) => p.active && p.rule.activation === 'picked'),
    [promos.data],
  );
  const payCash = usePayCash();
  const paymentMode = usePaymentMode();
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  const pricing = priced.isFetching || priced.isPlaceholderData;
  const pricingError = priced.error ? toAppError(priced.error).message : null;
  // Cash is charged its own rounded total (Pembulatan tunai); QRIS the non-cash one.
  const cashTotal = priced.data?.cash.total ?? 0;
  const canPay = cart.length > 0 && !pricing && pricingError === null && priced.data !== undefined;

  const notify = useCallback((tone: ToastMessage['tone'], text: string) => {
    setToast({ id: Date.now(), tone, text });
  }, []);

  const add = useCallback(
    (product: Product) => {
      setDialog((d) => (d.kind === 'paid' ? { kind: 'none' } : d));
      dispatch({ type: 'add', productId: product.id });
    },
    [dispatch],
  );

  const onScan = useCallback(
    async (code: string) => {
      try {
        add(await api.lookupBarcode(code));
      } catch (error) {
        notify('error', toAppError(error).message);
      }
    },
    [add, notify],
  );
  useBarcodeScanner(onScan, active && dialog.kind !== 'cash' && dialog.kind !== 'qris');

  const openCash = useCallback(() => {
    if (canPay) {
      payCash.reset();
      setDialog({ kind: 'cash' });
    }
  }, [canPay, payCash]);

  const mode = paymentMode.data;
  const qrisAvailable = mode !== undefined && mode.configError === null;
  const openQris = useCallback(() => {
    // The cart is frozen here: the modal charges exactly this cart, priced again in Rust.
    if (canPay && qrisAvailable) setDialog({ kind: 'qris', lines: cart, cart: options });
  }, [canPay, qrisAvailable, cart, options]);

  useEffect(() => {
    if (!active) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'F8') {
        e.preventDefault();
        if (dialog.kind === 'none') openCash();
      } else if (e.key === 'F9') {
        e.preventDefault();
        if (dialog.kind === 'none') openQris();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, dialog.kind, openCash, openQris]);

  // Esc closes the cash and "Lunas" dialogs; closing a dialog never touches the cart. (The QRIS
  // modal handles its own Esc: a live QR is never dismissed silently.)
  useEscape(() => setDialog({ kind: 'none' }), {
    enabled: active && (dialog.kind === 'cash' || dialog.kind === 'paid') && !payCash.isPending,
  });

  const confirmCash = (tendered: number) => {
    payCash.mutate(
      options ? { lines: cart, tendered, cart: options } : { lines: cart, tendered },
      {
        onSuccess: (order) => {
          dispatch({ type: 'clear' });
          setDialog({ kind: 'paid', order });
        },
      },
    );
  };

  if (till.state === 'none' || till.state === 'foreign') {
    return <ShiftOpenPanel till={till} />;
  }
  if (till.state === 'loading') {
    return <p className="p-10 text-center text-slate-500">Memeriksa shift kasir…</p>;
  }
  if (catalog.isPending) {
    return <p className="p-10 text-center text-slate-500">Memuat daftar barang…</p>;
  }
  if (catalog.isError) {
    return (
      <div className="p-10 text-center">
        <p className="text-red-700">{toAppError(catalog.error).message}</p>
        <Button className="mt-4" onClick={() => void catalog.refetch()}>
          Coba Lagi
        </Button>
      </div>
    );
  }

  return (
    <div className="flex min-h-0 flex-1 gap-5 p-5">
      <ProductGrid
        ref={searchRef}
        catalog={catalog.data}
        onAdd={add}
        inCart={new Map(cart.map((l) => [l.productId, l.qty]))}
      />
      <CartPanel
        state={state}
        catalog={catalog.data}
        priced={priced.data}
        pricing={pricing}
        pricingError={pricingError}
        dispatch={dispatch}
        pickable={pickable}
        onPayCash={openCash}
        onPayQris={openQris}
        qrisAvailable={qrisAvailable}
        qrisNote={mode?.configError ?? null}
      />
      {dialog.kind === 'cash' && (
        <CashDialog
          total={cashTotal}
          pending={payCash.isPending}
          error={payCash.error ? toAppError(payCash.error).message : null}
          onConfirm={confirmCash}
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      {dialog.kind === 'qris' && mode && (
        <QrisModal
          lines={dialog.lines}
          cart={dialog.cart}
          mode={mode}
          onPaid={(state, orderNumber) => {
            dispatch({ type: 'clear' });
            setDialog({ kind: 'none' });
            notify(
              'info',
              `Lunas · ${orderNumber}${state.issuerLabel ? ` · QRIS ${state.issuerLabel}` : ''}`,
            );
          }}
          onClose={() => setDialog({ kind: 'none' })}
          onSetAside={() => {
            // Like a finished sale: the cart is cleared for the next customer.
            dispatch({ type: 'clear' });
            setDialog({ kind: 'none' });
            notify('info', 'Transaksi disimpan; dicek otomatis saat koneksi kembali');
          }}
        />
      )}
      {dialog.kind === 'paid' && (
        <OrderPaidPanel order={dialog.order} onDone={() => setDialog({ kind: 'none' })} />
      )}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}
