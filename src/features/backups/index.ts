/** Public surface of the backups feature: Pengaturan → Cadangan, the header badge, the restore notice. */
export { BackupPanel } from './BackupPanel';
export { BackupFailedBadge } from './BackupFailedBadge';
export { RestoreNotice } from './restoreNotice';
