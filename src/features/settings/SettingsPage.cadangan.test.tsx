/** Pengaturan → Cadangan: the owner's section opens the backup panel. */
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackupStatus } from '../../lib/ipc';
import { mockBackend } from '../../test/backend';
import { renderWithClient } from '../../test/render';
import { SettingsPage } from './SettingsPage';

const status: BackupStatus = { settings: { dir: '/data/backups', keep: 30 }, recent: [], lastFailed: false };

describe('Pengaturan → Cadangan', () => {
  it('the section shows the backup folder, keep-N and "Cadangkan sekarang"', async () => {
    mockBackend((cmd) => {
      if (cmd === 'get_backup_status') return status;
      if (cmd === 'get_shop_profile') return { name: 'Warung Sari', timezone: 'Asia/Jakarta' };
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<SettingsPage />);
    await userEvent.click(screen.getByTestId('settings-section-cadangan'));
    expect(await screen.findByTestId('backup-dir')).toHaveValue('/data/backups');
    expect(screen.getByTestId('backup-keep')).toHaveValue('30');
    expect(screen.getByTestId('backup-now')).toHaveTextContent('Cadangkan sekarang');
    expect(screen.getByTestId('backup-empty')).toHaveTextContent('Belum ada cadangan.');
  });

  it('opens on Cadangan when asked (the header badge)', async () => {
    mockBackend((cmd) => {
      if (cmd === 'get_backup_status') return status;
      throw { kind: 'internal', message: `unexpected ${cmd}` };
    });
    renderWithClient(<SettingsPage initialSection="cadangan" />);
    expect(await screen.findByTestId('backup-panel')).toBeInTheDocument();
    expect(screen.getByTestId('settings-section-cadangan')).toHaveAttribute('aria-current', 'page');
  });
});
