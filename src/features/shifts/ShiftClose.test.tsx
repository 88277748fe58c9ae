/**
 * Tutup kasir in the header controls: the counted total from denominations (live), what is sent
 * to Rust, Rust's "note required" message, then the per-method report and "Selesai".
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CloseShiftInput } from '../../lib/ipc';
import { emitDomainEvent, mockBackend } from '../../test/backend';
import { shiftReport } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { countedCashOf, countedTotal } from './ShiftCloseDialog';
import { ShiftControls } from './ShiftControls';
import { ShiftReportView } from './ShiftReportView';

describe('counting the drawer', () => {
  it('adds up value × count over the denominations', () => {
    expect(countedTotal({ 100000: 2, 5000: 1, 2000: 2, 500: 1 })).toBe(209_500);
    expect(countedTotal({})).toBe(0);
    expect(countedCashOf('denominations', { 100000: 2, 500: 1, 200: 0 }, '')).toEqual({
      mode: 'denominations',
      counts: [
        { value: 100_000, count: 2 },
        { value: 500, count: 1 },
      ],
    });
    expect(countedCashOf('total', {}, '209.500')).toEqual({ mode: 'total', amount: 209_500 });
    expect(countedCashOf('total', {}, '')).toBeNull();
  });
});

describe('ShiftControls: tutup kasir', () => {
  it('counts live, shows the note message from Rust, then the report; Selesai closes it', async () => {
    let open = true;
    const sent: CloseShiftInput[] = [];
    mockBackend((cmd, args) => {
      switch (cmd) {
        case 'get_current_shift':
          return open ? shiftReport() : null;
        case 'close_shift': {
          const req = args.req as CloseShiftInput;
          sent.push(req);
          if (req.note === null) {
            throw { kind: 'validation', message: 'Selisih -Rp 500 di atas Rp 0: tulis catatan penyebabnya.' };
          }
          open = false;
          void emitDomainEvent({ type: 'shiftChanged', shiftId: 3 });
          return shiftReport({ closed: true });
        }
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    renderWithClient(<ShiftControls />);
    expect(await screen.findByTestId('shift-status')).toHaveTextContent('Shift #3 · sejak 22.00');
    await userEvent.click(screen.getByTestId('shift-close-button'));
    const dialog = await screen.findByTestId('shift-close-dialog');
    const counted = within(dialog).getByTestId('shift-close-counted');
    expect(counted).toHaveTextContent('Rp 0');
    await userEvent.type(within(dialog).getByTestId('denom-100000'), '2');
    expect(counted).toHaveTextContent('Rp 200.000');
    await userEvent.type(within(dialog).getByTestId('denom-5000'), '1');
    await userEvent.type(within(dialog).getByTestId('denom-2000'), '2');
    await userEvent.type(within(dialog).getByTestId('denom-500'), '1');
    expect(counted).toHaveTextContent('Rp 209.500');

    await userEvent.click(within(dialog).getByTestId('shift-close-submit'));
    expect(await within(dialog).findByTestId('shift-close-error')).toHaveTextContent(
      'Selisih -Rp 500 di atas Rp 0: tulis catatan penyebabnya.',
    );
    await userEvent.type(within(dialog).getByTestId('shift-close-note'), 'receh kurang');
    await userEvent.click(within(dialog).getByTestId('shift-close-submit'));

    const report = await screen.findByTestId('shift-close-report');
    expect(sent[1]).toEqual({
      counted: {
        mode: 'denominations',
        counts: [
          { value: 100_000, count: 2 },
          { value: 5_000, count: 1 },
          { value: 2_000, count: 2 },
          { value: 500, count: 1 },
        ],
      },
      note: 'receh kurang',
    });
    expect(within(report).getByTestId('shift-report-expected')).toHaveTextContent('Rp 210.000');
    expect(within(report).getByTestId('shift-report-counted')).toHaveTextContent('Rp 209.500');
    expect(within(report).getByTestId('shift-report-difference')).toHaveTextContent('-Rp 500');
    expect(screen.queryByTestId('shift-close-dialog')).toBeNull();
    // The shift is closed meanwhile (event): the report stays until Selesai.
    await waitFor(() => expect(screen.getByTestId('shift-status-none')).toBeInTheDocument());
    expect(screen.getByTestId('shift-close-report')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('shift-report-done'));
    expect(screen.queryByTestId('shift-close-report')).toBeNull();
  });

  it('a typed total instead of denominations', async () => {
    const sent: CloseShiftInput[] = [];
    mockBackend((cmd, args) => {
      if (cmd === 'get_current_shift') return shiftReport();
      if (cmd === 'close_shift') {
        sent.push(args.req as CloseShiftInput);
        return shiftReport({ closed: true });
      }
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<ShiftControls />);
    await userEvent.click(await screen.findByTestId('shift-close-button'));
    await userEvent.click(screen.getByTestId('shift-close-mode-total'));
    await userEvent.type(screen.getByTestId('shift-close-total'), '210000');
    expect(screen.getByTestId('shift-close-counted')).toHaveTextContent('Rp 210.000');
    await userEvent.click(screen.getByTestId('shift-close-submit'));
    await screen.findByTestId('shift-close-report');
    expect(sent).toEqual([{ counted: { mode: 'total', amount: 210_000 }, note: null }]);
  });
});

describe('ShiftReportView', () => {
  it('per method: Tunai expected/counted/selisih in colour, QRIS from the gateway, movements', () => {
    const base = shiftReport({ closed: true });
    renderWithClient(
      <ShiftReportView
        report={{
          ...base,
          qris: {
            ...base.qris,
            late: [{ orderNumber: 'INV-261126-0009', amount: 15_000, at: null, note: 'dibayar setelah QR kedaluwarsa' }],
            stillOpen: [{ orderNumber: 'INV-261126-0010', amount: 12_000, at: null, note: 'QR disimpan' }],
          },
        }}
      />,
    );
    expect(screen.getByTestId('shift-report-expected')).toHaveTextContent('Rp 210.000');
    expect(screen.getByTestId('shift-report-counted')).toHaveTextContent('Rp 209.500');
    const diff = screen.getByTestId('shift-report-difference');
    expect(diff).toHaveTextContent('-Rp 500');
    expect(diff).toHaveClass('text-red-700');
    expect(screen.getByText('Selisih (kurang)')).toBeInTheDocument();
    expect(screen.getByTestId('shift-report-qris-total')).toHaveTextContent('Rp 28.000');
    expect(screen.getByTestId('shift-report-qris-txn')).toHaveTextContent('1');
    expect(screen.getByText('GoPay (1)')).toBeInTheDocument();
    expect(screen.getByTestId('shift-report-late')).toHaveTextContent('INV-261126-0009');
    expect(screen.getByTestId('shift-report-still-open')).toHaveTextContent('INV-261126-0010');
    expect(screen.getByTestId('shift-report-movements')).toHaveTextContent('beli es batu');
    expect(screen.getByTestId('shift-report-denominations')).toHaveTextContent('Rp 100.000 × 2');
    expect(screen.getByTestId('shift-report-note')).toHaveTextContent('receh kurang');
  });

  it('an exact count is green, a surplus amber with a plus sign', () => {
    const base = shiftReport({ closed: true });
    const { unmount } = renderWithClient(
      <ShiftReportView report={{ ...base, cash: { ...base.cash, counted: 210_000, difference: 0 } }} />,
    );
    expect(screen.getByTestId('shift-report-difference')).toHaveClass('text-emerald-700');
    unmount();
    renderWithClient(<ShiftReportView report={{ ...base, cash: { ...base.cash, counted: 212_000, difference: 2_000 } }} />);
    expect(screen.getByTestId('shift-report-difference')).toHaveTextContent('+Rp 2.000');
    expect(screen.getByTestId('shift-report-difference')).toHaveClass('text-amber-700');
  });
});
