/**
 * "Cadangan gagal": a persistent header badge for the owner while the last backup failed (the
 * change feed's `backupChanged` clears it once one succeeds). Nothing for a cashier (the status
 * needs the owner) and nothing while backups are fine.
 *
 * Test id: backup-failed-badge.
 */
import { useCan } from '../auth';
import { useBackupStatus } from './api';

export function BackupFailedBadge({ onOpen }: { onOpen?: () => void }) {
  const canBackup = useCan('backup');
  const status = useBackupStatus(canBackup);
  if (!canBackup || !status.data?.lastFailed) return null;
  const failed = status.data.recent.find((b) => !b.ok);
  return (
    <button
      type="button"
      role="alert"
      data-testid="backup-failed-badge"
      title={failed?.error ?? 'Cadangan terakhir gagal'}
      onClick={onOpen}
      className="rounded-full bg-red-500 px-3 py-1 text-xs font-bold text-white hover:bg-red-600"
    >
      Cadangan gagal
    </button>
  );
}
