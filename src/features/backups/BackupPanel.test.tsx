/**
 * Pengaturan → Cadangan against a fake Rust side: settings, "Cadangkan sekarang", the list, and
 * a restore (inspect first, then confirm) that says where the safety copy went and sends
 * everyone back to the PIN pad; the header badge while the last backup failed.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useQuery } from '@tanstack/react-query';
import { authApi, type BackupInfo, type BackupRecord, type BackupStatus, type Restored } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { emitDomainEvent, mockBackend, type Args } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { BackupFailedBadge } from './BackupFailedBadge';
import { BackupPanel } from './BackupPanel';
import { RestoreNotice, showRestoreNotice } from './restoreNotice';

const DIR = '/home/kasir/.local/share/kasir-alpiant/backups';

function record(id: number, over: Partial<BackupRecord> = {}): BackupRecord {
  return {
    id,
    path: `${DIR}/kasir-2026112${id}.sqlite`,
    trigger: 'shift_close',
    ok: true,
    sizeBytes: 1_258_291,
    error: null,
    orders: 120,
    startedAt: Date.parse('2026-11-26T10:00:00.000Z') + id * 60_000,
    finishedAt: Date.parse('2026-11-26T10:00:01.000Z') + id * 60_000,
    ...over,
  };
}

const info: BackupInfo = {
  path: `${DIR}/kasir-20261122.sqlite`,
  shopName: 'Warung Sari',
  schemaVersion: 10,
  orders: 118,
  lastOrderNumber: 'INV-261125-0042',
  lastOrderAt: Date.parse('2026-11-25T13:30:00.000Z'),
  sizeBytes: 1_200_000,
};

function install(status: BackupStatus) {
  const calls: { cmd: string; args: Args }[] = [];
  const b = { status, calls };
  mockBackend((cmd, args) => {
    calls.push({ cmd, args });
    switch (cmd) {
      case 'get_shop_profile':
        return { name: 'Warung Sari', timezone: 'Asia/Jakarta' };
      case 'get_backup_status':
        return b.status;
      case 'save_backup_settings':
        b.status = { ...b.status, settings: args.settings as BackupStatus['settings'] };
        return args.settings;
      case 'backup_now': {
        const made = record(9, { trigger: 'manual', path: `${DIR}/kasir-now.sqlite` });
        b.status = { ...b.status, recent: [made, ...b.status.recent], lastFailed: false };
        return made;
      }
      case 'inspect_backup':
        if (args.path !== info.path) throw { kind: 'validation', message: 'Berkas ini bukan cadangan Kasir Alpiant.' };
        return info;
      case 'restore_backup': {
        const restored: Restored = {
          restored: info,
          safetyCopy: record(10, { trigger: 'before_restore', path: `${DIR}/kasir-pengaman.sqlite` }),
        };
        return restored;
      }
      case 'get_auth_status':
        return { needsSetup: false, session: null, users: [], till: 'KASIR-1', idleLockMinutes: 0 };
      default:
        throw { kind: 'internal', message: `unexpected ${cmd}` };
    }
  });
  return b;
}

/** The auth gate's query, as AuthGate reads it. */
function AuthProbe() {
  useQuery({ queryKey: queryKeys.auth.status, queryFn: authApi.getAuthStatus });
  return null;
}

const baseStatus: BackupStatus = {
  settings: { dir: DIR, keep: 30 },
  recent: [
    record(3, { ok: false, sizeBytes: null, error: 'Folder cadangan tidak bisa ditulis.', trigger: 'daily' }),
    record(2, { path: info.path }),
  ],
  lastFailed: true,
};

afterEach(() => act(() => showRestoreNotice(null)));

describe('Pengaturan → Cadangan', () => {
  it('lists the recent backups with trigger, size and OK or the error', async () => {
    install(baseStatus);
    renderWithClient(<BackupPanel />);
    const rows = await screen.findAllByTestId('backup-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-backup-ok', 'false');
    expect(rows[0]).toHaveTextContent('Harian');
    expect(rows[0]).toHaveTextContent('Gagal');
    expect(rows[0]).toHaveTextContent('Folder cadangan tidak bisa ditulis.');
    expect(rows[1]).toHaveTextContent('Tutup kasir');
    expect(rows[1]).toHaveTextContent('1,2 MB');
    expect(rows[1]).toHaveTextContent('OK');
    expect(screen.getByTestId('backup-dir')).toHaveValue(DIR);
    expect(screen.getByTestId('backup-keep')).toHaveValue('30');
  });

  it('saves the folder and how many to keep', async () => {
    const b = install(baseStatus);
    renderWithClient(<BackupPanel />);
    const keep = await screen.findByTestId('backup-keep');
    await userEvent.clear(keep);
    await userEvent.type(keep, '14');
    await userEvent.clear(screen.getByTestId('backup-dir'));
    await userEvent.type(screen.getByTestId('backup-dir'), '/media/flashdisk/kasir');
    await userEvent.click(screen.getByTestId('backup-settings-save'));
    await waitFor(() =>
      expect(b.calls.find((c) => c.cmd === 'save_backup_settings')?.args).toEqual({
        settings: { dir: '/media/flashdisk/kasir', keep: 14 },
      }),
    );
    await userEvent.clear(screen.getByTestId('backup-keep'));
    expect(screen.getByTestId('backup-settings-save'), 'keep must be 1–365').toBeDisabled();
  });

  it('"Cadangkan sekarang" makes a backup and the list shows it', async () => {
    const b = install(baseStatus);
    renderWithClient(<BackupPanel />);
    await screen.findAllByTestId('backup-row');
    await userEvent.click(screen.getByTestId('backup-now'));
    expect(await screen.findByTestId('backup-now-result')).toHaveTextContent(`${DIR}/kasir-now.sqlite`);
    await waitFor(() => expect(screen.getAllByTestId('backup-row')).toHaveLength(3));
    expect(screen.getAllByTestId('backup-row')[0]).toHaveTextContent('Manual');
    expect(b.calls.filter((c) => c.cmd === 'backup_now')).toHaveLength(1);
  });

  it('restore: pick a backup, inspect what it holds, confirm; the safety copy is shown', async () => {
    const b = install(baseStatus);
    renderWithClient(
      <>
        <AuthProbe />
        <BackupPanel />
        <RestoreNotice />
      </>,
    );
    const rows = await screen.findAllByTestId('backup-row');
    expect(within(rows[0]).queryByTestId('backup-pick'), 'a failed backup cannot be restored').toBeNull();
    await userEvent.click(within(rows[1]).getByTestId('backup-pick'));
    expect(screen.getByTestId('backup-restore-path')).toHaveValue(info.path);
    expect(screen.queryByTestId('backup-restore-confirm'), 'inspect first').toBeNull();
    await userEvent.click(screen.getByTestId('backup-inspect'));
    const shown = await screen.findByTestId('backup-info');
    expect(shown).toHaveTextContent('Warung Sari');
    expect(shown).toHaveTextContent('118');
    expect(shown).toHaveTextContent('INV-261125-0042');
    expect(shown).toHaveTextContent(/25\/11\/2026,? 20\.30/);
    expect(screen.getByTestId('backup-panel')).toHaveTextContent('Data saat ini disimpan dulu sebagai cadangan pengaman');
    expect(b.calls.some((c) => c.cmd === 'restore_backup'), 'nothing restored by inspecting').toBe(false);

    await userEvent.click(screen.getByTestId('backup-restore-confirm'));
    const done = await screen.findByTestId('backup-restore-done');
    expect(done).toHaveTextContent('Data dipulihkan: Warung Sari · 118 pesanan');
    expect(screen.getByTestId('backup-restore-safety')).toHaveTextContent(`${DIR}/kasir-pengaman.sqlite`);
    expect(b.calls.find((c) => c.cmd === 'restore_backup')?.args).toEqual({ path: info.path });
    // Everyone signs in again: the gate's auth status is read again.
    const authReads = () => b.calls.filter((c) => c.cmd === 'get_auth_status').length;
    await waitFor(() => expect(authReads()).toBe(2));
    await userEvent.click(screen.getByTestId('backup-restore-done-close'));
    expect(screen.queryByTestId('backup-restore-done')).toBeNull();
  });

  it('a typed path that is not a backup shows Rust\'s message; editing the path drops the old info', async () => {
    install(baseStatus);
    renderWithClient(<BackupPanel />);
    await screen.findAllByTestId('backup-row');
    await userEvent.type(screen.getByTestId('backup-restore-path'), '/tmp/foto.jpg');
    await userEvent.click(screen.getByTestId('backup-inspect'));
    expect(await screen.findByTestId('backup-inspect-error')).toHaveTextContent('bukan cadangan Kasir Alpiant');
    await userEvent.clear(screen.getByTestId('backup-restore-path'));
    await userEvent.type(screen.getByTestId('backup-restore-path'), info.path);
    expect(screen.queryByTestId('backup-inspect-error')).toBeNull();
    await userEvent.click(screen.getByTestId('backup-inspect'));
    await screen.findByTestId('backup-info');
    await userEvent.type(screen.getByTestId('backup-restore-path'), 'x');
    expect(screen.queryByTestId('backup-info')).toBeNull();
    expect(screen.queryByTestId('backup-restore-confirm')).toBeNull();
  });
});

describe('header badge', () => {
  it('shows "Cadangan gagal" while the last backup failed, and clears on backupChanged', async () => {
    const b = install(baseStatus);
    renderWithClient(<BackupFailedBadge />);
    const badge = await screen.findByTestId('backup-failed-badge');
    expect(badge).toHaveTextContent('Cadangan gagal');
    expect(badge).toHaveAttribute('title', 'Folder cadangan tidak bisa ditulis.');
    b.status = { ...baseStatus, lastFailed: false };
    await emitDomainEvent({ type: 'backupChanged' });
    await waitFor(() => expect(screen.queryByTestId('backup-failed-badge')).toBeNull());
  });
});
