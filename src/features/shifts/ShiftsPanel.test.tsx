import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Shift } from '../../lib/ipc';
import { mockBackend, type Args } from '../../test/backend';
import { cashier, owner, shiftReport } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { ShiftControls } from './ShiftControls';
import { ShiftsPanel } from './ShiftsPanel';

const closed: Shift = shiftReport({ closed: true }).shift;
const exact: Shift = { ...closed, id: 2, userId: owner.id, cashierName: owner.name, countedCash: 150_000, expectedCash: 150_000, difference: 0 };

describe('Laporan → Shift', () => {
  it('lists closes with their difference, filters by cashier, opens the report and reprints it', async () => {
    const calls: { cmd: string; args: Args }[] = [];
    mockBackend((cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case 'list_shifts': {
          const { userId } = (args.query as { userId: number | null });
          return [closed, exact].filter((s) => userId === null || s.userId === userId);
        }
        case 'get_shift_report':
          return shiftReport({ closed: true });
        case 'reprint_shift_close':
          return { id: 9 };
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    renderWithClient(<ShiftsPanel users={[owner, cashier]} />);
    const panel = await screen.findByTestId('shifts-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('shift-row')).toHaveLength(2));
    const row = within(panel).getAllByTestId('shift-row').find((r) => r.dataset.shiftId === '3')!;
    expect(row).toHaveTextContent('Rina');
    expect(row).toHaveTextContent('Rp 210.000');
    expect(row).toHaveTextContent('Rp 209.500');
    expect(within(row).getByTestId('shift-row-difference')).toHaveTextContent('-Rp 500');

    await userEvent.selectOptions(screen.getByTestId('shift-filter-user'), String(cashier.id));
    await waitFor(() => expect(within(panel).getAllByTestId('shift-row')).toHaveLength(1));
    const lists = calls.filter((c) => c.cmd === 'list_shifts');
    expect(lists[lists.length - 1].args).toEqual({
      query: { from: null, to: null, userId: cashier.id },
    });

    await userEvent.click(within(panel).getAllByTestId('shift-row')[0]);
    const detail = await screen.findByTestId('shift-detail');
    expect(await within(detail).findByTestId('shift-report-expected')).toHaveTextContent('Rp 210.000');
    await userEvent.click(within(detail).getByTestId('shift-reprint'));
    expect(await within(detail).findByTestId('shift-reprint-done')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'reprint_shift_close')?.args).toEqual({ shiftId: 3 });
  });
});

describe('kas masuk/keluar', () => {
  it('sends kind, amount and reason; Rust\'s refusal is shown in the dialog', async () => {
    const sent: Args[] = [];
    mockBackend((cmd, args) => {
      if (cmd === 'get_current_shift') return shiftReport();
      if (cmd === 'record_cash_movement') {
        sent.push(args);
        const m = args.movement as { amount: number };
        if (m.amount > 210_000) throw { kind: 'validation', message: 'Kas keluar Rp 500.000 lebih dari uang di laci (Rp 210.000).' };
        return { id: 1, shiftId: 3, kind: 'out', amount: m.amount, reason: 'beli es batu', orderNumber: null, userName: 'Rina', createdAt: 0 };
      }
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<ShiftControls />);
    await userEvent.click(await screen.findByTestId('cash-move-button'));
    const dialog = await screen.findByTestId('cash-move-dialog');
    await userEvent.click(within(dialog).getByTestId('cash-move-kind-out'));
    await userEvent.type(within(dialog).getByTestId('cash-move-amount'), '500000');
    await userEvent.type(within(dialog).getByTestId('cash-move-reason'), 'beli es batu');
    await userEvent.click(within(dialog).getByTestId('cash-move-submit'));
    expect(await within(dialog).findByTestId('cash-move-error')).toHaveTextContent('lebih dari uang di laci');
    await userEvent.clear(within(dialog).getByTestId('cash-move-amount'));
    await userEvent.type(within(dialog).getByTestId('cash-move-amount'), '20000');
    expect(within(dialog).getByTestId('cash-move-amount')).toHaveValue('20.000');
    await userEvent.click(within(dialog).getByTestId('cash-move-submit'));
    await waitFor(() => expect(screen.queryByTestId('cash-move-dialog')).toBeNull());
    expect(sent[1]).toEqual({ movement: { kind: 'out', amount: 20_000, reason: 'beli es batu' } });
    expect(screen.getByTestId('shift-cash-move-done')).toHaveTextContent('Kas keluar Rp 20.000 dicatat');
  });
});
