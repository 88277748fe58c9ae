import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditEntry } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { cashier, owner } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { AuditPanel, formatDetail } from './AuditPanel';

const rows: AuditEntry[] = [
  { id: 2, at: Date.parse('2026-11-26T03:00:00.000Z'), userId: 2, userName: 'Rina', action: 'owner_override', actionLabel: 'Izin PIN pemilik', subject: 'adjust_stock', detail: '{"owner":"Bu Sari"}' },
  { id: 1, at: Date.parse('2026-11-26T02:00:00.000Z'), userId: 1, userName: 'Bu Sari', action: 'product_changed', actionLabel: 'Barang diubah', subject: 'Es Teh Manis', detail: '{"price":{"old":5000,"new":6000}}' },
];

describe('Laporan → Audit', () => {
  it('filters by who and what, and exports the filtered trail as CSV', async () => {
    const calls: { cmd: string; args: Args }[] = [];
    mockBackend((cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case 'list_audit':
          return rows;
        case 'export_audit_csv':
          return { path: '/home/toko/Downloads/jejak-audit-20261126.csv', rows: 2 };
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    renderWithClient(<AuditPanel users={[owner, cashier]} />);
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(2));
    expect(screen.getAllByTestId('audit-row')[0]).toHaveTextContent('Izin PIN pemilik');
    await userEvent.selectOptions(screen.getByTestId('audit-filter-user'), String(cashier.id));
    await userEvent.selectOptions(screen.getByTestId('audit-filter-action'), 'owner_override');
    await waitFor(() => {
      const lists = calls.filter((c) => c.cmd === 'list_audit');
      expect(lists[lists.length - 1].args).toEqual({
        query: { from: null, to: null, userId: cashier.id, action: 'owner_override', limit: 500 },
      });
    });
    await userEvent.click(screen.getByTestId('audit-export'));
    expect(await screen.findByTestId('audit-export-result')).toHaveTextContent(
      '2 baris disimpan ke /home/toko/Downloads/jejak-audit-20261126.csv',
    );
    expect(calls.find((c) => c.cmd === 'export_audit_csv')?.args).toEqual({
      query: { from: null, to: null, userId: cashier.id, action: 'owner_override', limit: null },
    });
  });

  it('shows the JSON detail as key: value', () => {
    expect(formatDetail('{"amount":20000,"reason":"beli es batu"}')).toBe('amount: 20000 · reason: beli es batu');
    expect(formatDetail('{"price":{"old":5000,"new":6000}}')).toBe('price: {"old":5000,"new":6000}');
    expect(formatDetail('bukan json')).toBe('bukan json');
  });
});
