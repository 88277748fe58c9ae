/**
 * The change feed: the backend emits every committed change as one `domain-event`; this module
 * subscribes once (through ipc.ts) and turns each event into the queries it makes stale. Features
 * therefore never invalidate each other's queries by hand: a sale paid by cash, by QRIS on this
 * screen, or by a late QRIS settlement found by the background worker all refresh the same views.
 *
 * `attemptChanged` also carries the attempt's new state, which the QRIS modal applies directly
 * (`onAttemptChanged`).
 */
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { onDomainEvent, type DomainEvent, type PaymentState } from './ipc';
import { queryKeys } from './queryKeys';

/** What the till shows about stock: the grid, the cart's stock hints, the Barang table and ledger. */
const STOCK_VIEWS: readonly QueryKey[] = [
  queryKeys.catalog,
  queryKeys.pricedCart.all,
  queryKeys.products.all,
];

/**
 * The open shift's running figures (sales, QRIS, QRs still open) move with every payment; the
 * list of closes and their reports live under the same prefix.
 */
const SHIFT_VIEWS: readonly QueryKey[] = [queryKeys.shifts.all];

/** The queries an event makes stale. Exhaustive: a new event type fails `tsc` until mapped. */
export function invalidatedBy(event: DomainEvent): readonly QueryKey[] {
  switch (event.type) {
    case 'orderCreated':
    case 'orderCancelled':
      // The history lists unpaid and cancelled orders too; a QR set aside shows on the shift.
      return [
        queryKeys.reports.historyAll,
        queryKeys.reports.sale(event.orderId),
        queryKeys.shifts.current,
        queryKeys.display.view,
        queryKeys.counter.split(event.orderId),
      ];
    case 'orderPartPaid':
      // A part of a split order: what is due moved, the drawer or QRIS total of the shift too.
      return [
        queryKeys.counter.split(event.orderId),
        queryKeys.reports.historyAll,
        queryKeys.reports.sale(event.orderId),
        ...SHIFT_VIEWS,
        queryKeys.display.view,
      ];
    case 'orderPaid':
      // Stock went down (the same transaction also sends stockChanged), figures went up, the
      // receipt preview shows the latest paid order, and the open shift counts the sale.
      // The customer display shows "Terima kasih".
      return [
        ...STOCK_VIEWS,
        queryKeys.reports.all,
        queryKeys.printing.previewAll,
        ...SHIFT_VIEWS,
        queryKeys.display.view,
        queryKeys.counter.split(event.orderId),
      ];
    case 'stockChanged':
      // The dashboard's "Stok Menipis" card shows stock as it is now.
      return [...STOCK_VIEWS, queryKeys.catalogue.lowStockCards, queryKeys.audit.all];
    case 'catalogChanged':
      // Products, prices, HPP and promos (a promo change reprices the cart and the example);
      // a threshold change moves the dashboard's "Stok Menipis" card.
      // A new or renamed category is a new row of the kitchen routing table.
      return [
        ...STOCK_VIEWS,
        queryKeys.catalogue.lowStockCards,
        queryKeys.pricing.promos,
        queryKeys.pricing.exampleAll,
        queryKeys.audit.all,
        queryKeys.kitchen.routes,
      ];
    case 'attemptChanged':
      return [
        queryKeys.reports.reconciliationAll,
        queryKeys.reports.historyAll,
        queryKeys.reports.sale(event.state.orderId),
        // Late payments, anomalies and QRs still open are on the shift report.
        queryKeys.shifts.current,
        // The customer display shows an open QR, and leaves it when it closes.
        queryKeys.display.view,
      ];
    case 'heldCartsChanged':
      return [queryKeys.counter.held];
    case 'billChanged':
      // The list and the bill (its lines, sends, the QR it waits on); a paid bill is a sale.
      return [queryKeys.counter.bills, ...SHIFT_VIEWS];
    case 'paymentReversed':
      // A refund/chargeback after Lunas: net figures, the reconciliation panel, the sale, and
      // the shift (a cash refund lowers the expected cash).
      return [queryKeys.reports.all, queryKeys.reports.sale(event.orderId), ...SHIFT_VIEWS];
    case 'refundChanged':
      // A refund (or its QRIS answer from the gateway): net figures and the history, the sale
      // and its refund chain (and any plan on it), the open shift's drawer, and the goods back
      // on the shelf.
      return [
        queryKeys.reports.all,
        queryKeys.reports.sale(event.orderId),
        queryKeys.refunds.refundable(event.orderId),
        queryKeys.refunds.all,
        ...SHIFT_VIEWS,
        ...STOCK_VIEWS,
        queryKeys.audit.all,
      ];
    case 'printJobChanged':
      return [queryKeys.printing.unprinted];
    case 'backupChanged':
      // A backup was made (or failed): the Cadangan list, the header badge, the audit trail.
      return [queryKeys.backups.status, queryKeys.audit.all];
    case 'usersChanged':
      // The PIN pad's tiles (names, who is active) and the owner's user list.
      return [queryKeys.auth.status, queryKeys.auth.users, queryKeys.audit.all];
    case 'shiftChanged':
      // Opened, cash in/out, closed: the header, the till's "Buka Kasir" panel, the Laporan list
      // and that shift's report.
      return [...SHIFT_VIEWS, queryKeys.audit.all];
    case 'customerDisplayChanged':
      // The checkout put another cart on the till (or emptied it).
      return [queryKeys.display.view];
    case 'changesMissed':
      // The backend's forwarder fell behind: the empty prefix matches every query.
      return [[]];
    case 'settingsChanged':
      switch (event.section) {
        case 'shop':
          // Timezone and business-day start move every period boundary and every time shown.
          return [
            queryKeys.shopProfile,
            queryKeys.shopClock,
            queryKeys.reports.all,
            queryKeys.printing.previewAll,
            queryKeys.audit.all,
            queryKeys.display.view,
          ];
        case 'printer':
          // The shop name in the header is stored with the receipt identity; the logo is
          // returned for the saved paper width.
          return [
            queryKeys.printing.settings,
            queryKeys.printing.previewAll,
            queryKeys.receiptSettings.logo,
            queryKeys.shopProfile,
            queryKeys.audit.all,
            // The display's idle screen shows the shop name and the receipt logo.
            queryKeys.display.view,
            queryKeys.display.logo,
          ];
        case 'labels':
          // Pengaturan → Label and the "Cetak Label" dialog read the same settings.
          return [queryKeys.receiptSettings.labelSettings, queryKeys.audit.all];
        case 'kitchen':
          // "Printer Dapur & Bar": its printers and the routing table.
          return [queryKeys.kitchen.all, queryKeys.audit.all];
        case 'till':
          // The idle lock (read from the auth status) and the close's note threshold.
          return [
            queryKeys.auth.tillSettings,
            queryKeys.auth.status,
            ...SHIFT_VIEWS,
            queryKeys.audit.all,
          ];
        case 'display':
          // The promo text (idle screen) and this till's window (header menu).
          return [
            queryKeys.display.settings,
            queryKeys.display.window,
            queryKeys.display.view,
            queryKeys.audit.all,
          ];
        case 'backup':
          // Backup folder and how many to keep: the Cadangan form, and the audit trail.
          return [queryKeys.backups.status, queryKeys.audit.all];
        case 'pricing':
          // Tax, service, rounding: every priced cart changes, and the audit trail.
          return [
            queryKeys.pricing.settings,
            queryKeys.pricedCart.all,
            queryKeys.pricing.exampleAll,
            // The MDR estimate in Laba & Pajak follows the merchant category.
            queryKeys.reports.all,
            queryKeys.audit.all,
          ];
      }
  }
}

type AttemptListener = (state: PaymentState) => void;
const attemptListeners = new Set<AttemptListener>();

/** Receive every attempt state the backend pushes; returns the unsubscribe. */
export function onAttemptChanged(listener: AttemptListener): () => void {
  attemptListeners.add(listener);
  return () => {
    attemptListeners.delete(listener);
  };
}

/** Apply one event: mark its queries stale (active ones refetch) and hand attempt states on. */
export function applyDomainEvent(client: QueryClient, event: DomainEvent): void {
  for (const queryKey of invalidatedBy(event)) {
    void client.invalidateQueries({ queryKey });
  }
  if (event.type === 'attemptChanged') {
    for (const listener of [...attemptListeners]) listener(event.state);
  }
}

/** Listen to the backend's feed until the returned function is called. */
export function startDomainEventFeed(client: QueryClient): () => void {
  let stopped = false;
  const unlisten = onDomainEvent((event) => {
    if (!stopped) applyDomainEvent(client, event);
  });
  // Without the event bridge (e.g. a plain browser) the views still refetch on their own.
  unlisten.catch(() => undefined);
  return () => {
    stopped = true;
    unlisten.then((stop) => stop()).catch(() => undefined);
  };
}

/** Mount once, at the root of the app (App.tsx), inside the QueryClientProvider. */
export function useDomainEventFeed(): void {
  const client = useQueryClient();
  useEffect(() => startDomainEventFeed(client), [client]);
}
