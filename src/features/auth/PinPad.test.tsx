import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { cashier, owner } from '../../test/fixtures';
import { PinPad } from './PinPad';

async function press(digits: string) {
  for (const d of digits) await userEvent.click(screen.getByTestId(`pin-key-${d}`));
}

describe('PinPad', () => {
  it('submits on the 6th digit with the picked user, without a button', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    render(<PinPad users={[owner, cashier]} onSubmit={onSubmit} />);
    const tiles = screen.getAllByTestId('pin-user');
    expect(tiles.map((t) => t.dataset.userName)).toEqual(['Bu Sari', 'Rina']);
    expect(tiles.every((t) => t.getAttribute('aria-pressed') === 'false'), 'two users: none picked').toBe(true);
    await userEvent.click(tiles[1]);
    expect(tiles[1]).toHaveAttribute('aria-pressed', 'true');
    await press('80246');
    expect(onSubmit).not.toHaveBeenCalled();
    await press('1');
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit).toHaveBeenCalledWith(cashier.id, '802461');
  });

  it('with one user that user is picked; keyboard digits and Backspace work', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    render(<PinPad users={[cashier]} onSubmit={onSubmit} />);
    expect(screen.getByTestId('pin-user')).toHaveAttribute('aria-pressed', 'true');
    for (const key of ['8', '0', '9', 'Backspace', '2', '4', '6', '1']) fireEvent.keyDown(window, { key });
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith(cashier.id, '802461'));
  });

  it("a wrong PIN shows Rust's message and clears the digits for another try", async () => {
    const onSubmit = vi
      .fn<(userId: number, pin: string) => Promise<unknown>>()
      .mockRejectedValueOnce({ kind: 'wrong_pin', message: 'PIN salah. Sisa 4 percobaan sebelum akun dikunci 5 menit.' })
      .mockResolvedValueOnce(undefined);
    render(<PinPad users={[cashier]} onSubmit={onSubmit} />);
    await press('111111');
    expect(await screen.findByTestId('pin-error')).toHaveTextContent(
      'PIN salah. Sisa 4 percobaan sebelum akun dikunci 5 menit.',
    );
    expect(screen.getByTestId('pin-dots')).toHaveAccessibleName('0 dari 6 angka');
    await press('802461');
    expect(onSubmit).toHaveBeenLastCalledWith(cashier.id, '802461');
    await waitFor(() => expect(screen.queryByTestId('pin-error')).toBeNull());
  });

  it('asks to pick a name before digits count', async () => {
    const onSubmit = vi.fn(() => Promise.resolve());
    render(<PinPad users={[owner, cashier]} onSubmit={onSubmit} />);
    await press('8');
    expect(screen.getByTestId('pin-error')).toHaveTextContent('Pilih nama Anda dulu.');
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
