import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PrintJob } from '../../lib/ipc';
import { emitDomainEvent, mockBackend } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { PrintStatusBadge } from './PrintStatusBadge';

function job(id: number, status: PrintJob['status']): PrintJob {
  return {
    id,
    kind: 'receipt',
    orderId: id,
    shiftId: null,
    cashMovementId: null,
    refundId: null,
    billId: null,
    prepPrinterId: null,
    batch: null,
    title: `INV-261126-000${id}`,
    total: 30000,
    status,
    copy: false,
    attempts: 1,
    lastErrorKind: status === 'failed' ? 'printer_offline' : null,
    lastError: status === 'failed' ? 'Printer tidak dapat dihubungi (offline).' : null,
    createdAt: Date.now(),
    printedAt: null,
  };
}

describe('PrintStatusBadge', () => {
  it('shows "Struk belum tercetak" with the failed count and retries on "Cetak Ulang"', async () => {
    let jobs = [job(1, 'failed'), job(2, 'failed'), job(3, 'pending')];
    let retried = 0;
    mockBackend((cmd) => {
      switch (cmd) {
        case 'list_unprinted_receipts':
          return jobs;
        case 'retry_failed_prints': {
          retried += 1;
          const printed = jobs.map((j) => ({ ...j, status: 'printed' as const, printedAt: Date.now() }));
          jobs = [];
          // Rust announces every job change on the change feed; the badge refetches on it.
          for (const j of printed) void emitDomainEvent({ type: 'printJobChanged', job: j });
          return [];
        }
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    renderWithClient(<PrintStatusBadge />);
    const badge = await screen.findByTestId('print-status-badge');
    expect(badge).toHaveTextContent('Struk belum tercetak');
    expect(screen.getByTestId('print-status-count')).toHaveTextContent('2');
    expect(badge).toHaveTextContent('Printer tidak dapat dihubungi (offline).');
    await userEvent.click(screen.getByRole('button', { name: 'Cetak Ulang' }));
    expect(retried).toBe(1);
    await waitFor(() => expect(screen.queryByTestId('print-status-badge')).toBeNull());
  });

  it('names failed jobs by their title: receipts and shift closes alike', async () => {
    const close: PrintJob = {
      ...job(5, 'failed'),
      kind: 'shift_close',
      orderId: null,
      shiftId: 3,
      title: 'Tutup Kasir #3',
    };
    mockBackend((cmd) => {
      if (cmd === 'list_unprinted_receipts') return [job(1, 'failed'), close];
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<PrintStatusBadge />);
    const badge = await screen.findByTestId('print-status-badge');
    expect(badge).toHaveAttribute('title', 'INV-261126-0001, Tutup Kasir #3');
    expect(screen.getByTestId('print-status-count')).toHaveTextContent('2');
  });

  it('counts a kitchen ticket whose printer is down, named by printer and table, and retries it', async () => {
    const ticket: PrintJob = {
      ...job(6, 'failed'),
      kind: 'kitchen',
      orderId: null,
      billId: 4,
      prepPrinterId: 2,
      batch: 1,
      total: 0,
      title: 'Bar: Meja 4',
    };
    let jobs = [ticket];
    let retried = 0;
    mockBackend((cmd) => {
      switch (cmd) {
        case 'list_unprinted_receipts':
          return jobs;
        case 'retry_failed_prints': {
          retried += 1;
          jobs = [];
          void emitDomainEvent({
            type: 'printJobChanged',
            job: { ...ticket, status: 'printed', printedAt: Date.now() },
          });
          return [];
        }
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    renderWithClient(<PrintStatusBadge />);
    const badge = await screen.findByTestId('print-status-badge');
    expect(badge, 'the same badge as a receipt').toHaveAttribute('title', 'Bar: Meja 4');
    expect(screen.getByTestId('print-status-count')).toHaveTextContent('1');
    await userEvent.click(screen.getByRole('button', { name: 'Cetak Ulang' }));
    expect(retried).toBe(1);
    await waitFor(() => expect(screen.queryByTestId('print-status-badge')).toBeNull());
  });

  it('renders nothing when every receipt printed', async () => {
    let asked = 0;
    mockBackend((cmd) => {
      if (cmd === 'list_unprinted_receipts') {
        asked += 1;
        return [job(4, 'pending')];
      }
      return null;
    });
    renderWithClient(<PrintStatusBadge />);
    await waitFor(() => expect(asked).toBeGreaterThan(0));
    expect(screen.queryByTestId('print-status-badge')).toBeNull();
  });
});
