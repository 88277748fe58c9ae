import { QueryClient } from '@tanstack/react-query';
import type { PaymentState, PrintJob } from './ipc';
import { applyDomainEvent, invalidatedBy, onAttemptChanged } from './events';
import { queryKeys } from './queryKeys';

const attempt: PaymentState = {
  attemptId: 'att-1',
  orderId: 7,
  status: 'paid',
  issuer: 'gopay',
  issuerLabel: 'GoPay',
  anomaly: null,
  late: false,
  expiresAt: null,
  paidAt: 0,
  processing: false,
  setAside: false,
};

const job: PrintJob = {
  id: 1,
  kind: 'receipt',
  orderId: 7,
  shiftId: null,
  cashMovementId: null,
  refundId: null,
  billId: null,
  prepPrinterId: null,
  batch: null,
  title: 'INV-261126-0007',
  total: 15000,
  status: 'failed',
  copy: false,
  attempts: 1,
  lastErrorKind: 'printer_offline',
  lastError: 'Printer tidak dapat dihubungi (offline).',
  createdAt: 0,
  printedAt: null,
};

describe('invalidatedBy', () => {
  it('a paid order (cash or QRIS) refreshes the stock on the till, the Barang table and the report', () => {
    for (const method of ['cash', 'qris'] as const) {
      const keys = invalidatedBy({ type: 'orderPaid', orderId: 7, method });
      expect(keys, method).toContainEqual(queryKeys.catalog);
      expect(keys, method).toContainEqual(queryKeys.products.all);
      expect(keys, method).toContainEqual(queryKeys.pricedCart.all);
      expect(keys, method).toContainEqual(queryKeys.reports.all);
    }
  });

  it('stock and catalogue changes refresh the catalogue, the product list and the stock ledger', () => {
    for (const keys of [
      invalidatedBy({ type: 'stockChanged', productIds: [10] }),
      invalidatedBy({ type: 'catalogChanged' }),
    ]) {
      expect(keys).toContainEqual(queryKeys.catalog);
      // products.all is the prefix of the list, categories and stock movements.
      expect(keys).toContainEqual(queryKeys.products.all);
      // The low-stock list lives under it; the dashboard's low-stock card is stock as it is now.
      expect(queryKeys.catalogue.lowStock.slice(0, 1)).toEqual(queryKeys.products.all);
      expect(keys).toContainEqual(queryKeys.catalogue.lowStockCards);
    }
  });

  it('attempts refresh the reconciliation and history; print jobs the badge; settings their forms', () => {
    const a = invalidatedBy({ type: 'attemptChanged', state: attempt });
    expect(a).toContainEqual(queryKeys.reports.reconciliationAll);
    expect(a).toContainEqual(queryKeys.reports.historyAll);
    expect(invalidatedBy({ type: 'printJobChanged', job })).toEqual([queryKeys.printing.unprinted]);
    const shop = invalidatedBy({ type: 'settingsChanged', section: 'shop' });
    expect(shop).toContainEqual(queryKeys.shopProfile);
    expect(shop).toContainEqual(queryKeys.shopClock);
    expect(invalidatedBy({ type: 'settingsChanged', section: 'printer' })).toContainEqual(
      queryKeys.printing.settings,
    );
  });
});

describe('invalidatedBy: sign-in, shifts, till settings', () => {
  it('users changing refresh the PIN pad (auth status) and the owner\'s user list', () => {
    const keys = invalidatedBy({ type: 'usersChanged' });
    expect(keys).toContainEqual(queryKeys.auth.status);
    expect(keys).toContainEqual(queryKeys.auth.users);
  });

  it('a shift change refreshes the open shift, the list of closes and the shift reports', () => {
    const keys = invalidatedBy({ type: 'shiftChanged', shiftId: 3 });
    // shifts.all is the prefix of current, list and report.
    expect(keys).toContainEqual(queryKeys.shifts.all);
    expect(keys).toContainEqual(queryKeys.audit.all);
    const client = new QueryClient();
    client.setQueryData(queryKeys.shifts.current, null);
    client.setQueryData(queryKeys.shifts.report(3), {});
    client.setQueryData(queryKeys.catalog, { products: [] });
    applyDomainEvent(client, { type: 'shiftChanged', shiftId: 3 });
    expect(client.getQueryState(queryKeys.shifts.current)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.shifts.report(3))?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.catalog)?.isInvalidated, 'unrelated').toBe(false);
  });

  it('till settings refresh the form and the idle lock read from the auth status', () => {
    const keys = invalidatedBy({ type: 'settingsChanged', section: 'till' });
    expect(keys).toContainEqual(queryKeys.auth.tillSettings);
    expect(keys).toContainEqual(queryKeys.auth.status);
  });

  it('kitchen printer settings refresh "Printer Dapur & Bar"; a category change its routing table', () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.kitchen.printers, []);
    client.setQueryData(queryKeys.kitchen.routes, []);
    applyDomainEvent(client, { type: 'settingsChanged', section: 'kitchen' });
    expect(client.getQueryState(queryKeys.kitchen.printers)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.kitchen.routes)?.isInvalidated).toBe(true);
    expect(invalidatedBy({ type: 'catalogChanged' })).toContainEqual(queryKeys.kitchen.routes);
  });

  it('a paid order moves the open shift\'s running figures', () => {
    expect(invalidatedBy({ type: 'orderPaid', orderId: 7, method: 'cash' })).toContainEqual(
      queryKeys.shifts.all,
    );
    expect(invalidatedBy({ type: 'attemptChanged', state: attempt })).toContainEqual(
      queryKeys.shifts.current,
    );
  });
});

describe('applyDomainEvent', () => {
  it('marks the mapped queries stale and hands attempt states to their subscribers', () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.catalog, { products: [] });
    client.setQueryData(queryKeys.printing.unprinted, []);
    applyDomainEvent(client, { type: 'stockChanged', productIds: [10] });
    expect(client.getQueryState(queryKeys.catalog)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.printing.unprinted)?.isInvalidated, 'unrelated').toBe(false);

    const seen: PaymentState[] = [];
    const stop = onAttemptChanged((s) => seen.push(s));
    applyDomainEvent(client, { type: 'attemptChanged', state: attempt });
    stop();
    applyDomainEvent(client, { type: 'attemptChanged', state: attempt });
    expect(seen, 'delivered once, not after unsubscribing').toEqual([attempt]);
  });

  it('missed changes make every query stale', () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.catalog, { products: [] });
    client.setQueryData(queryKeys.printing.unprinted, []);
    applyDomainEvent(client, { type: 'changesMissed' });
    expect(client.getQueryState(queryKeys.catalog)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.printing.unprinted)?.isInvalidated).toBe(true);
  });
});
