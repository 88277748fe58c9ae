/**
 * TanStack Query hooks for backups (owner: permission `backup`; a cashier is answered
 * `owner_pin_required`, allowed once by the owner's PIN through `useOwnerOverride`). A backup
 * made here, at a shift close or by the daily timer comes back as `backupChanged`, settings as
 * `settingsChanged` section `backup` (src/lib/events.ts); a restore replaces the whole database
 * and signs everyone out, so it marks every query stale and reads the auth status again.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  backupsApi,
  type BackupInfo,
  type BackupRecord,
  type BackupSettings,
  type Restored,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';
import { showRestoreNotice } from './restoreNotice';

export function useBackupStatus(enabled = true) {
  return useQuery({
    queryKey: queryKeys.backups.status,
    queryFn: backupsApi.getBackupStatus,
    enabled,
    retry: false,
  });
}

export function useSaveBackupSettings() {
  const { run } = useOwnerOverride();
  const client = useQueryClient();
  return useMutation<BackupSettings, Error, BackupSettings>({
    mutationFn: (settings) => run('save_backup_settings', () => backupsApi.saveBackupSettings(settings)),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.backups.status }),
  });
}

export function useBackupNow() {
  const { run } = useOwnerOverride();
  const client = useQueryClient();
  return useMutation<BackupRecord, Error, void>({
    mutationFn: () => run('backup_now', () => backupsApi.backupNow()),
    // The list gains the new row (the change feed says so too; a failure is recorded as well).
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.backups.status }),
  });
}

export function useInspectBackup() {
  const { run } = useOwnerOverride();
  return useMutation<BackupInfo, Error, string>({
    mutationFn: (path) => run('inspect_backup', () => backupsApi.inspectBackup(path)),
  });
}

export function useRestoreBackup() {
  const { run } = useOwnerOverride();
  const client = useQueryClient();
  return useMutation<Restored, Error, string>({
    mutationFn: (path) => run('restore_backup', () => backupsApi.restoreBackup(path)),
    onSuccess: (restored) => {
      // Kept outside the signed-in screens: the PIN pad takes over right after this.
      showRestoreNotice(restored);
      // Another database: every query is stale, the auth status first of all (the session
      // ended, so the gate shows the PIN pad).
      void client.invalidateQueries();
    },
  });
}
