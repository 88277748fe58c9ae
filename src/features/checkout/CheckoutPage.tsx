import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Button } from '../../components/Button';
import { Toast, type ToastMessage } from '../../components/Toast';
import { useEscape } from '../../components/useEscape';
import {
  api,
  counterApi,
  toAppError,
  type Bill,
  type CartLineInput,
  type HoldCartRequest,
  type Order,
  type PartPlan,
  type Product,
} from '../../lib/ipc';
import { useCartOnDisplay } from '../display';
import { QrisModal, usePaymentMode, useStartQris, type QrisCharge } from '../payment';
import { useSession } from '../auth';
import { ShiftOpenPanel, useTillShift } from '../shifts';
import { cartOptionsOf, checkoutReducer, emptyCheckoutCart, makeLine, type NewLine } from './cart';
import { BillPanel, BillsDialog, VoidBillDialog } from './Bills';
import { CartPanel } from './CartPanel';
import { CashDialog } from './CashDialog';
import { HeldListDialog, HoldDialog } from './HeldCarts';
import { OptionsDialog } from './OptionsDialog';
import { OrderPaidPanel } from './OrderPaidPanel';
import { SplitDialog } from './SplitDialog';
import { VoidDialog } from '../refunds';
import { ProductGrid } from './ProductGrid';
import {
  useAddToBill,
  useBill,
  useCatalog,
  useHeldCarts,
  useHoldCart,
  useOpenBill,
  useOpenBills,
  usePayBillCash,
  usePayCash,
  usePricedCart,
  usePrintBill,
  usePromoList,
  useRemoveBillLine,
  useResumeHeldCart,
  useSendBill,
  useVoidBill,
} from './api';
import { useBarcodeScanner } from './useBarcodeScanner';

type Dialog =
  | { kind: 'none' }
  | { kind: 'cash' }
  | { kind: 'qris'; charge: QrisCharge }
  | { kind: 'paid'; order: Order }
  | { kind: 'options'; product: Product }
  | { kind: 'hold' }
  | { kind: 'held' }
  | { kind: 'bills' }
  | { kind: 'voidBill' }
  | { kind: 'split'; orderId: number }
  | { kind: 'splitQr'; orderId: number; plan: PartPlan }
  | { kind: 'splitVoid'; order: Order };

/**
 * `active` is false while another tab is shown: keys and the scanner then do nothing here.
 * Without an open shift on this till the "Buka Kasir" panel replaces the grid (Rust refuses to
 * sell without one anyway).
 *
 * Two modes: the quick sale (the cart, held carts) and an open bill ("Tagihan: Meja 4"), where
 * the bill's panel replaces the cart and every product tapped goes onto the bill in Rust. The
 * cart in progress waits untouched while a bill is open.
 */
export function CheckoutPage({ active: shown = true }: { active?: boolean }) {
  const till = useTillShift();
  const blocked = till.state === 'none' || till.state === 'foreign';
  // Under the lock screen the PIN pad has the keyboard: no scanner, no F-keys here.
  const locked = useSession()?.session.locked ?? false;
  const active = shown && !blocked && !locked && till.state !== 'loading';
  const ready = !blocked && till.state !== 'loading';
  const catalog = useCatalog();
  const [state, dispatch] = useReducer(checkoutReducer, emptyCheckoutCart);
  const cart = state.lines;
  const options = useMemo(() => cartOptionsOf(state), [state]);
  // An open bill replaces the cart on screen ("Tagihan: Meja 4"); the cart waits.
  const [billId, setBillId] = useState<number | null>(null);
  const billMode = billId !== null;
  // The cart's pricing, which is also what the customer display shows (one call for both); in
  // bill mode the display shows the bill instead.
  const priced = usePricedCart(cart, options, true, !billMode);
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

  // ---- held carts and open bills ----
  const held = useHeldCarts(ready);
  const holdCart = useHoldCart();
  const resumeHeld = useResumeHeldCart();
  const bills = useOpenBills(ready);
  const openBill = useOpenBill();
  const bill = useBill(billId);
  const addToBill = useAddToBill();
  const removeBillLine = useRemoveBillLine();
  const sendBill = useSendBill();
  const printBill = usePrintBill();
  const payBillCash = usePayBillCash();
  const voidBill = useVoidBill();
  const billBusy =
    addToBill.isPending ||
    removeBillLine.isPending ||
    sendBill.isPending ||
    printBill.isPending ||
    payBillCash.isPending ||
    voidBill.isPending;

  const pricing = priced.isFetching || priced.isPlaceholderData;
  const pricingError = priced.error ? toAppError(priced.error).message : null;
  const b: Bill | undefined = bill.data;
  // In bill mode the customer display shows the open bill's lines, priced by Rust.
  const billLines = useMemo<CartLineInput[]>(
    () =>
      (b?.lines ?? []).map((l) => ({
        productId: l.productId,
        qty: l.qty,
        options: l.optionIds,
        ...(l.note ? { note: l.note } : {}),
      })),
    [b],
  );
  useCartOnDisplay(billLines, undefined, billMode);
  // The tiles' badges: how many of each product are on the cart (or the open bill), any variant.
  const inCart = useMemo(() => {
    const counts = new Map<number, number>();
    for (const l of billMode ? (b?.lines ?? []) : cart) counts.set(l.productId, (counts.get(l.productId) ?? 0) + l.qty);
    return counts;
  }, [billMode, b, cart]);
  // Cash is charged its own rounded total (Pembulatan tunai); QRIS the non-cash one.
  const cashTotal = billMode ? (b?.priced.cash.total ?? 0) : (priced.data?.cash.total ?? 0);
  const canPay = billMode
    ? b !== undefined && b.lines.length > 0 && b.awaitingOrderId === null && !billBusy
    : cart.length > 0 && !pricing && pricingError === null && priced.data !== undefined;

  const notify = useCallback((tone: ToastMessage['tone'], text: string) => {
    setToast({ id: Date.now(), tone, text });
  }, []);

  const leaveBill = useCallback(() => {
    setBillId(null);
    addToBill.reset();
  }, [addToBill]);

  /** A line chosen (straight from a tile, or from the options dialog). */
  const addLine = useCallback(
    (line: NewLine, fromDialog: boolean) => {
      if (billId === null) {
        dispatch({ type: 'add', ...line });
        if (fromDialog) setDialog({ kind: 'none' });
        return;
      }
      addToBill.mutate(
        { billId, lines: [makeLine(line, line.qty ?? 1)] },
        {
          onSuccess: () => {
            if (fromDialog) setDialog({ kind: 'none' });
          },
          onError: (error) => {
            if (!fromDialog) notify('error', toAppError(error).message);
          },
        },
      );
    },
    [billId, addToBill, notify],
  );

  const groupsOf = useCallback(
    (productId: number) => (catalog.data?.optionGroups ?? []).filter((g) => g.productId === productId),
    [catalog.data],
  );

  const add = useCallback(
    (product: Product) => {
      setDialog((d) => (d.kind === 'paid' ? { kind: 'none' } : d));
      addToBill.reset();
      if (groupsOf(product.id).length > 0) setDialog({ kind: 'options', product });
      else addLine({ productId: product.id }, false);
    },
    [groupsOf, addLine, addToBill],
  );

  // The grid gets one handler for its whole life (it is memoised); a tap runs the latest `add`.
  const addRef = useRef(add);
  useLayoutEffect(() => {
    addRef.current = add;
  });
  const onTile = useCallback((product: Product) => addRef.current(product), []);

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
    if (!canPay) return;
    payCash.reset();
    payBillCash.reset();
    setDialog({ kind: 'cash' });
  }, [canPay, payCash, payBillCash]);

  const mode = paymentMode.data;
  const qrisAvailable = mode !== undefined && mode.configError === null;
  // The tap asks for the QR at once (the dialog renders meanwhile) and only once: a second tap
  // or F-key before the dialog is up is ignored, so one tap is one charge.
  const qrisOpening = useRef(false);
  useEffect(() => {
    if (dialog.kind !== 'qris') qrisOpening.current = false;
  }, [dialog.kind]);
  const { mutateAsync: startCartQris } = useStartQris();
  const openQris = useCallback(() => {
    if (!canPay || !qrisAvailable || qrisOpening.current) return;
    qrisOpening.current = true;
    let charge: QrisCharge;
    if (billId !== null) {
      // The bill's QR: Rust prices the bill and refuses additions while the QR is open.
      const start = () => counterApi.startBillQris(billId);
      charge = { start, started: start() };
    } else {
      // The cart is frozen here: the modal charges exactly this cart, priced again in Rust.
      charge = { lines: cart, cart: options, started: startCartQris({ lines: cart, cart: options }) };
    }
    // The dialog takes the answer (or the failure) when it mounts, a moment later.
    charge.started?.catch(() => undefined);
    setDialog({ kind: 'qris', charge });
  }, [canPay, qrisAvailable, billId, cart, options, startCartQris]);

  // "Bayar Terpisah": the cart (or bill) becomes an order paid in parts, priced in Rust.
  const openSplit = useCallback(async () => {
    if (!canPay) return;
    try {
      const order =
        billId !== null ? await counterApi.startBillSplit(billId) : await counterApi.startSplit(cart, options);
      setDialog({ kind: 'split', orderId: order.id });
    } catch (error) {
      notify('error', toAppError(error).message);
    }
  }, [canPay, billId, cart, options, notify]);

  // A quick sale left mid-split (the app was closed with parts taken) opens again once, when
  // the checkout is first ready: the parts taken are never stranded.
  const resumedSplit = useRef(false);
  useEffect(() => {
    if (!ready || resumedSplit.current) return;
    resumedSplit.current = true;
    counterApi.getPendingSplit().then(
      (orderId) => {
        if (typeof orderId === 'number') setDialog((d): Dialog => (d.kind === 'none' ? { kind: 'split', orderId } : d));
      },
      (error: unknown) => notify('error', toAppError(error).message),
    );
  }, [ready, notify]);

  /** The split order is done: Lunas (the cart or bill is finished) or given up. */
  const splitPaid = useCallback(
    (order: Order) => {
      if (billId !== null) setBillId(null);
      else dispatch({ type: 'clear' });
      setDialog({ kind: 'paid', order });
    },
    [billId],
  );

  const openHold = useCallback(() => {
    if (billId === null && cart.length > 0) {
      holdCart.reset();
      setDialog({ kind: 'hold' });
    }
  }, [billId, cart.length, holdCart]);

  const holdRequest = useCallback(
    (label?: string): HoldCartRequest => {
      const req: HoldCartRequest = { lines: cart };
      if (options) req.cart = options;
      const l = label?.trim();
      if (l) req.label = l;
      return req;
    },
    [cart, options],
  );

  const confirmHold = (label: string) => {
    holdCart.mutate(holdRequest(label), {
      onSuccess: (h) => {
        dispatch({ type: 'clear' });
        setDialog({ kind: 'none' });
        notify('info', `Transaksi ditahan${h.label ? `: ${h.label}` : ''}`);
      },
    });
  };

  const [resumeError, setResumeError] = useState<string | null>(null);
  const [resuming, setResuming] = useState(false);
  const resume = async (id: number, holdFirst: boolean) => {
    setResuming(true);
    setResumeError(null);
    try {
      if (holdFirst) await holdCart.mutateAsync(holdRequest());
      const h = await resumeHeld.mutateAsync(id);
      // Exactly as parked: Rust prices it again.
      dispatch({ type: 'load', lines: h.lines, cart: h.cart });
      setDialog({ kind: 'none' });
      notify('info', `Transaksi dilanjutkan${h.label ? `: ${h.label}` : ''}`);
    } catch (error) {
      setResumeError(toAppError(error).message);
    } finally {
      setResuming(false);
    }
  };

  useEffect(() => {
    if (!active) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (e.key === 'F7') {
        e.preventDefault();
        if (dialog.kind === 'none') openHold();
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
  }, [active, dialog.kind, openCash, openQris, openHold]);

  // Esc closes the cash and "Lunas" dialogs; closing a dialog never touches the cart. (The QRIS
  // modal handles its own Esc: a live QR is never dismissed silently; the other dialogs too.)
  const cashPending = payCash.isPending || payBillCash.isPending;
  useEscape(() => setDialog({ kind: 'none' }), {
    enabled: active && (dialog.kind === 'cash' || dialog.kind === 'paid') && !cashPending,
  });

  const confirmCash = (tendered: number) => {
    const done = (order: Order) => setDialog({ kind: 'paid', order });
    if (billId !== null) {
      // Only the bill and the cash handed over: Rust charges the bill's own total.
      payBillCash.mutate(
        { billId, tendered },
        {
          onSuccess: (order) => {
            setBillId(null);
            done(order);
          },
        },
      );
      return;
    }
    payCash.mutate(
      options ? { lines: cart, tendered, cart: options } : { lines: cart, tendered },
      {
        onSuccess: (order) => {
          dispatch({ type: 'clear' });
          done(order);
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

  const heldCount = held.data?.length ?? 0;
  const billCount = bills.data?.length ?? 0;
  const billError = bill.error ? toAppError(bill.error).message : null;

  return (
    <div className="flex min-h-0 flex-1 gap-5 p-5">
      <ProductGrid ref={searchRef} catalog={catalog.data} onAdd={onTile} inCart={inCart} />
      <div className="flex w-[26rem] shrink-0 flex-col gap-3">
        <div className="flex gap-2">
          <Button
            variant="secondary"
            testId="bills-button"
            className="flex-1 py-3"
            onClick={() => {
              openBill.reset();
              setDialog({ kind: 'bills' });
            }}
          >
            Tagihan{billCount > 0 ? ` (${billCount})` : ''}
          </Button>
          <Button
            variant="secondary"
            testId="held-list-button"
            className="flex-1 py-3"
            disabled={billMode}
            title={billMode ? 'Kembali ke penjualan dulu' : 'Transaksi yang ditahan'}
            onClick={() => {
              setResumeError(null);
              setDialog({ kind: 'held' });
            }}
          >
            Tertahan ({heldCount})
          </Button>
        </div>
        {billMode ? (
          <BillPanel
            bill={b}
            loadError={billError}
            busy={billBusy}
            qrisAvailable={qrisAvailable}
            qrisNote={mode?.configError ?? null}
            onRemoveLine={(lineId) =>
              removeBillLine.mutate(
                { billId, lineId },
                { onError: (error) => notify('error', toAppError(error).message) },
              )
            }
            onSend={() =>
              sendBill.mutate(billId, {
                onSuccess: (sent) => notify('info', `Dikirim ke dapur · kiriman #${sent.batches}`),
                onError: (error) => notify('error', toAppError(error).message),
              })
            }
            onPrint={() =>
              printBill.mutate(billId, {
                onSuccess: () => notify('info', 'Bill masuk antrean cetak'),
                onError: (error) => notify('error', toAppError(error).message),
              })
            }
            onPayCash={openCash}
            onPayQris={openQris}
            onSplit={() => void openSplit()}
            onOpenQr={() => {
              const orderId = b?.awaitingOrderId;
              if (orderId == null) return;
              // A bill paid in parts goes back to its parts; otherwise its live QR again (or a
              // new one for the same order): pay it, or cancel it to change the bill.
              void api.getOrder(orderId).then(
                (order) => {
                  if (order.split) setDialog({ kind: 'split', orderId });
                  else if (mode && qrisAvailable)
                    setDialog({ kind: 'qris', charge: { start: () => api.generatePaymentQr(orderId) } });
                  else notify('error', mode?.configError ?? 'QRIS belum diaktifkan');
                },
                (error: unknown) => notify('error', toAppError(error).message),
              );
            }}
            onVoid={() => {
              voidBill.reset();
              setDialog({ kind: 'voidBill' });
            }}
            onExit={leaveBill}
          />
        ) : (
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
            onSplit={() => void openSplit()}
            qrisAvailable={qrisAvailable}
            qrisNote={mode?.configError ?? null}
            onHold={openHold}
          />
        )}
      </div>
      {dialog.kind === 'options' && (
        <OptionsDialog
          product={dialog.product}
          groups={groupsOf(dialog.product.id)}
          pending={addToBill.isPending}
          error={billMode && addToBill.error ? toAppError(addToBill.error).message : null}
          onAdd={(line) => addLine(line, true)}
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      {dialog.kind === 'cash' && (
        <CashDialog
          total={cashTotal}
          pending={cashPending}
          error={
            (billMode ? payBillCash.error : payCash.error)
              ? toAppError(billMode ? payBillCash.error : payCash.error).message
              : null
          }
          onConfirm={confirmCash}
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      {dialog.kind === 'qris' && mode && (
        <QrisModal
          {...dialog.charge}
          mode={mode}
          onPaid={(state, orderNumber) => {
            if (billId !== null) setBillId(null);
            else dispatch({ type: 'clear' });
            setDialog({ kind: 'none' });
            notify(
              'info',
              `Lunas · ${orderNumber}${state.issuerLabel ? ` · QRIS ${state.issuerLabel}` : ''}`,
            );
          }}
          onClose={() => setDialog({ kind: 'none' })}
          onSetAside={() => {
            // Like a finished sale: the cart is cleared for the next customer (a bill waits on
            // its QR in the list, "menunggu QRIS").
            if (billId !== null) setBillId(null);
            else dispatch({ type: 'clear' });
            setDialog({ kind: 'none' });
            notify('info', 'Transaksi disimpan; dicek otomatis saat koneksi kembali');
          }}
        />
      )}
      {dialog.kind === 'split' && (
        <SplitDialog
          orderId={dialog.orderId}
          qrisAvailable={qrisAvailable}
          onQr={(plan) => setDialog({ kind: 'splitQr', orderId: dialog.orderId, plan })}
          onPaid={splitPaid}
          onCancelled={() => setDialog({ kind: 'none' })}
          onVoid={(order) => setDialog({ kind: 'splitVoid', order })}
        />
      )}
      {dialog.kind === 'splitQr' && mode && (
        <QrisModal
          start={() => counterApi.generatePartQr(dialog.orderId, dialog.plan)}
          mode={mode}
          partial
          // Paid, expired or cancelled: back to the parts (Rust says what is still due).
          onPaid={() => setDialog({ kind: 'split', orderId: dialog.orderId })}
          onClose={() => setDialog({ kind: 'split', orderId: dialog.orderId })}
          onSetAside={() => setDialog({ kind: 'split', orderId: dialog.orderId })}
        />
      )}
      {dialog.kind === 'splitVoid' && (
        <VoidDialog
          orderId={dialog.order.id}
          orderNumber={dialog.order.number}
          onClose={() => setDialog({ kind: 'split', orderId: dialog.order.id })}
          onDone={() => {
            if (billId !== null) setBillId(null);
            setDialog({ kind: 'none' });
            notify('info', `Pesanan ${dialog.order.number} dibatalkan; tunai dikembalikan`);
          }}
        />
      )}
      {dialog.kind === 'paid' && (
        <OrderPaidPanel order={dialog.order} onDone={() => setDialog({ kind: 'none' })} />
      )}
      {dialog.kind === 'hold' && (
        <HoldDialog
          pending={holdCart.isPending}
          error={holdCart.error ? toAppError(holdCart.error).message : null}
          onHold={confirmHold}
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      {dialog.kind === 'held' && (
        <HeldListDialog
          carts={held.data}
          loadError={held.error ? toAppError(held.error).message : null}
          cartBusy={cart.length > 0}
          pending={resuming}
          error={resumeError}
          onResume={(id, holdFirst) => void resume(id, holdFirst)}
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      {dialog.kind === 'bills' && (
        <BillsDialog
          bills={bills.data}
          loadError={bills.error ? toAppError(bills.error).message : null}
          creating={openBill.isPending}
          createError={openBill.error ? toAppError(openBill.error).message : null}
          onOpen={(id) => {
            addToBill.reset();
            setBillId(id);
            setDialog({ kind: 'none' });
          }}
          onCreate={(name) =>
            openBill.mutate(name, {
              onSuccess: (opened) => {
                addToBill.reset();
                setBillId(opened.id);
                setDialog({ kind: 'none' });
              },
            })
          }
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      {dialog.kind === 'voidBill' && billId !== null && (
        <VoidBillDialog
          name={b?.name ?? ''}
          pending={voidBill.isPending}
          error={voidBill.error ? toAppError(voidBill.error).message : null}
          onVoid={(reason) =>
            voidBill.mutate(
              { billId, reason },
              {
                onSuccess: (voided) => {
                  setBillId(null);
                  setDialog({ kind: 'none' });
                  notify('info', `Tagihan ${voided.name} dibatalkan`);
                },
              },
            )
          }
          onClose={() => setDialog({ kind: 'none' })}
        />
      )}
      <Toast toast={toast} onDismiss={() => setToast(null)} />
    </div>
  );
}
