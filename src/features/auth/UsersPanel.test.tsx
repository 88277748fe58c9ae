import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../../lib/ipc';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { owner } from '../../test/fixtures';
import { renderWithClient } from '../../test/render';
import { UsersPanel } from './UsersPanel';

describe('Pengaturan → Pengguna', () => {
  it('adds a cashier with a PIN, resets a PIN and deactivates; the list follows usersChanged', async () => {
    let users: User[] = [owner];
    const calls: { cmd: string; args: Args }[] = [];
    mockBackend((cmd, args) => {
      calls.push({ cmd, args });
      switch (cmd) {
        case 'list_users':
          return users;
        case 'add_user': {
          const u = args.user as { name: string; role: 'cashier'; pin: string };
          if (users.some((x) => x.name === u.name)) throw { kind: 'validation', message: `Nama ${u.name} sudah dipakai.` };
          const created: User = { id: 2, name: u.name, role: u.role, active: true, lockedUntil: null, createdAt: 0 };
          users = [...users, created];
          void emitDomainEvent({ type: 'usersChanged' });
          return created;
        }
        case 'update_user': {
          const up = args.update as { id: number; active: boolean | null };
          users = users.map((x) => (x.id === up.id && up.active !== null ? { ...x, active: up.active } : x));
          void emitDomainEvent({ type: 'usersChanged' });
          return users.find((x) => x.id === up.id);
        }
        default:
          throw { kind: 'internal', message: `unexpected ${cmd}` };
      }
    });
    renderWithClient(<UsersPanel />);
    const panel = await screen.findByTestId('users-panel');
    await userEvent.type(within(panel).getByTestId('user-add-name'), 'Rina');
    expect(within(panel).getByTestId('user-add-role')).toHaveValue('cashier');
    await userEvent.type(within(panel).getByTestId('user-add-pin'), '802461');
    await userEvent.click(within(panel).getByTestId('user-add-submit'));
    const rina = await waitFor(() => {
      const row = within(panel).getAllByTestId('user-row').find((r) => r.dataset.userName === 'Rina');
      expect(row).toBeDefined();
      return row!;
    });
    expect(calls.find((c) => c.cmd === 'add_user')?.args).toEqual({ user: { name: 'Rina', role: 'cashier', pin: '802461' } });
    expect(within(rina).getByTestId('user-role')).toHaveTextContent('Kasir');

    await userEvent.click(within(rina).getByTestId('user-reset-pin'));
    await userEvent.type(within(rina).getByTestId('user-reset-pin-input'), '246813');
    await userEvent.click(within(rina).getByTestId('user-reset-pin-save'));
    await waitFor(() =>
      expect(calls.find((c) => c.cmd === 'update_user')?.args).toEqual({
        update: { id: 2, name: null, active: null, newPin: '246813' },
      }),
    );

    await userEvent.click(within(rina).getByTestId('user-toggle-active'));
    await waitFor(() => expect(within(rina).getByTestId('user-inactive')).toBeInTheDocument());
    expect(within(rina).getByTestId('user-toggle-active')).toHaveTextContent('Aktifkan');
  });
});
