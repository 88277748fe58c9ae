/** The change feed for refunds, voids and backups (issue 11). */
import { QueryClient } from '@tanstack/react-query';
import { applyDomainEvent, invalidatedBy } from './events';
import { queryKeys } from './queryKeys';

describe('invalidatedBy: refunds and backups', () => {
  it('a refund refreshes the sale, its refund chain, history and reports, the shift and the stock', () => {
    const keys = invalidatedBy({ type: 'refundChanged', orderId: 7 });
    expect(keys).toContainEqual(queryKeys.reports.sale(7));
    expect(keys).toContainEqual(queryKeys.refunds.refundable(7));
    // reports.all is the prefix of the dashboard, history and sale details.
    expect(keys).toContainEqual(queryKeys.reports.all);
    expect(keys).toContainEqual(queryKeys.shifts.all);
    expect(keys).toContainEqual(queryKeys.catalog);
    expect(keys).toContainEqual(queryKeys.products.all);
    expect(keys).toContainEqual(queryKeys.audit.all);
  });

  it('applied: the refund chain, the plan, the history and the open shift go stale; backups do not', () => {
    const client = new QueryClient();
    const plan = queryKeys.refunds.plan({ orderId: 7, lines: [], reason: 'x', toCash: false, replacesRefundId: null });
    const history = queryKeys.reports.history({ from: '2026-11-26', to: '2026-11-26', page: 1, pageSize: 20 });
    for (const key of [queryKeys.refunds.refundable(7), plan, history, queryKeys.shifts.current, queryKeys.backups.status]) {
      client.setQueryData(key, {});
    }
    applyDomainEvent(client, { type: 'refundChanged', orderId: 7 });
    expect(client.getQueryState(queryKeys.refunds.refundable(7))?.isInvalidated).toBe(true);
    expect(client.getQueryState(plan)?.isInvalidated).toBe(true);
    expect(client.getQueryState(history)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.shifts.current)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.backups.status)?.isInvalidated, 'unrelated').toBe(false);
  });

  it('a void (orderCancelled) refreshes the history, the sale and the open shift', () => {
    const keys = invalidatedBy({ type: 'orderCancelled', orderId: 9 });
    expect(keys).toContainEqual(queryKeys.reports.historyAll);
    expect(keys).toContainEqual(queryKeys.reports.sale(9));
    expect(keys).toContainEqual(queryKeys.shifts.current);
  });

  it('a backup (or its settings) refreshes the Cadangan panel and the header badge', () => {
    expect(invalidatedBy({ type: 'backupChanged' })).toContainEqual(queryKeys.backups.status);
    expect(invalidatedBy({ type: 'settingsChanged', section: 'backup' })).toContainEqual(
      queryKeys.backups.status,
    );
    const client = new QueryClient();
    client.setQueryData(queryKeys.backups.status, {});
    client.setQueryData(queryKeys.catalog, {});
    applyDomainEvent(client, { type: 'backupChanged' });
    expect(client.getQueryState(queryKeys.backups.status)?.isInvalidated).toBe(true);
    expect(client.getQueryState(queryKeys.catalog)?.isInvalidated, 'unrelated').toBe(false);
  });
});
