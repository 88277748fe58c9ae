/**
 * Tutup kasir with bills still open: Rust refuses with kind `open_bills` (its message names
 * them); the cashier carries them to the next shift or voids them all with a reason, and the same
 * close goes out again with that choice.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CloseShiftInput } from '../../lib/ipc';
import { mockBackend } from '../../test/backend';
import { shiftReport } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { ShiftControls } from './ShiftControls';

const OPEN_BILLS = {
  kind: 'open_bills',
  message:
    'Masih ada 2 tagihan terbuka (Meja 4, Budi). Pilih: lanjutkan ke shift berikutnya, atau batalkan dengan alasan.',
};

function installBackend(): CloseShiftInput[] {
  const sent: CloseShiftInput[] = [];
  mockBackend((cmd, args) => {
    if (cmd === 'get_current_shift') return shiftReport();
    if (cmd === 'close_shift') {
      const req = args.req as CloseShiftInput;
      sent.push(req);
      if (req.openBills === undefined) throw OPEN_BILLS;
      return shiftReport({ closed: true });
    }
    throw { kind: 'internal', message: `unexpected ${cmd}` };
  });
  return sent;
}

async function closeWithTotal() {
  renderWithClient(<ShiftControls />);
  await userEvent.click(await screen.findByTestId('shift-close-button'));
  await userEvent.click(screen.getByTestId('shift-close-mode-total'));
  await userEvent.type(screen.getByTestId('shift-close-total'), '210000');
  await userEvent.click(screen.getByTestId('shift-close-submit'));
  return screen.findByTestId('shift-close-open-bills');
}

const counted = { mode: 'total', amount: 210_000 } as const;

describe('Tutup kasir with open bills', () => {
  it('"Lanjutkan ke shift berikutnya" retries the close with openBills carry', async () => {
    const sent = installBackend();
    const ask = await closeWithTotal();
    expect(ask).toHaveTextContent('Masih ada 2 tagihan terbuka (Meja 4, Budi).');
    expect(screen.queryByTestId('shift-close-error'), 'asked, not shown as an error').toBeNull();
    await userEvent.click(within(ask).getByTestId('shift-close-bills-carry'));
    await screen.findByTestId('shift-close-report');
    expect(sent).toEqual([
      { counted, note: null },
      { counted, note: null, openBills: { action: 'carry' } },
    ]);
  });

  it('"Batalkan semua tagihan" needs a reason, then retries with openBills void', async () => {
    const sent = installBackend();
    const ask = await closeWithTotal();
    await userEvent.click(within(ask).getByTestId('shift-close-bills-void'));
    const confirm = within(ask).getByTestId('shift-close-bills-void-confirm');
    expect(confirm).toBeDisabled();
    await userEvent.type(within(ask).getByTestId('shift-close-bills-reason'), ' tutup lebih awal ');
    await userEvent.click(confirm);
    await screen.findByTestId('shift-close-report');
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ counted, note: null, openBills: { action: 'void', reason: 'tutup lebih awal' } });
  });
});
