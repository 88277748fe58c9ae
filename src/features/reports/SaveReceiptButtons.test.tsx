/** "Simpan Struk" in a paid sale's detail: the format asked of Rust and the path it saved to. */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { SaveReceiptButtons } from './SaveReceiptButtons';

describe('save digital receipt', () => {
  it('saves PNG and PDF for the order and shows each saved path; a failure shows Rust\'s message', async () => {
    const calls: Args[] = [];
    let fail = false;
    mockBackend((cmd, a) => {
      if (cmd !== 'save_digital_receipt') throw { kind: 'internal', message: `unexpected ${cmd}` };
      calls.push(a);
      if (fail) throw { kind: 'export_failed', message: 'Folder Unduhan tidak bisa ditulisi.' };
      return { path: `/home/toko/Unduhan/struk-K-0007.${String(a.format)}` };
    });
    renderWithClient(<SaveReceiptButtons orderId={7} />);
    await userEvent.click(screen.getByTestId('history-save-receipt-png'));
    expect(await screen.findByTestId('saved-path')).toHaveTextContent('/home/toko/Unduhan/struk-K-0007.png');
    await userEvent.click(screen.getByTestId('history-save-receipt-pdf'));
    await waitFor(() => expect(screen.getByTestId('saved-path')).toHaveTextContent('struk-K-0007.pdf'));
    expect(calls).toEqual([
      { orderId: 7, format: 'png' },
      { orderId: 7, format: 'pdf' },
    ]);
    fail = true;
    await userEvent.click(screen.getByTestId('history-save-receipt-png'));
    expect(await screen.findByTestId('history-save-receipt-error')).toHaveTextContent('tidak bisa ditulisi');
    expect(screen.queryByTestId('saved-path')).not.toBeInTheDocument();
  });
});
