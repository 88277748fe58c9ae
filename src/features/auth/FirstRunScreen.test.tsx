import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { FirstRunScreen, validateFirstRun } from './FirstRunScreen';

describe('FirstRunScreen', () => {
  it('validates before asking Rust', () => {
    expect(validateFirstRun('', 'Sari', '802461', '802461')).toBe('Nama toko wajib diisi.');
    expect(validateFirstRun('Warung', ' ', '802461', '802461')).toBe('Nama pemilik wajib diisi.');
    expect(validateFirstRun('Warung', 'Sari', '8024', '8024')).toBe('PIN harus 6 angka.');
    expect(validateFirstRun('Warung', 'Sari', '802461', '802416')).toBe('Konfirmasi PIN tidak sama dengan PIN.');
    expect(validateFirstRun('Warung', 'Sari', '802461', '802461')).toBeNull();
  });

  it('a PIN confirmation that differs is refused on screen and nothing is sent', async () => {
    const calls: { cmd: string; args: Args }[] = [];
    mockBackend((cmd, args) => {
      calls.push({ cmd, args });
      if (cmd === 'setup_first_run') {
        throw { kind: 'validation', message: 'PIN terlalu mudah ditebak (angka sama atau berurutan); pilih PIN lain' };
      }
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<FirstRunScreen />);
    await userEvent.type(screen.getByTestId('first-run-shop'), 'Warung Uji');
    await userEvent.type(screen.getByTestId('first-run-owner'), 'Bu Sari');
    await userEvent.type(screen.getByTestId('first-run-pin'), '80x2461');
    expect(screen.getByTestId('first-run-pin'), 'digits only').toHaveValue('802461');
    await userEvent.type(screen.getByTestId('first-run-pin-confirm'), '802416');
    await userEvent.click(screen.getByTestId('first-run-submit'));
    expect(screen.getByTestId('first-run-error')).toHaveTextContent('Konfirmasi PIN tidak sama dengan PIN.');
    expect(calls).toEqual([]);

    // Fixed, but too easy a PIN: Rust's message is shown.
    await userEvent.clear(screen.getByTestId('first-run-pin'));
    await userEvent.type(screen.getByTestId('first-run-pin'), '123456');
    await userEvent.clear(screen.getByTestId('first-run-pin-confirm'));
    await userEvent.type(screen.getByTestId('first-run-pin-confirm'), '123456');
    await userEvent.click(screen.getByTestId('first-run-submit'));
    expect(await screen.findByTestId('first-run-error')).toHaveTextContent('PIN terlalu mudah ditebak');
    expect(calls[0]).toEqual({
      cmd: 'setup_first_run',
      args: { setup: { shopName: 'Warung Uji', ownerName: 'Bu Sari', pin: '123456' } },
    });
  });
});
