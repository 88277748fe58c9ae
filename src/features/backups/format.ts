/** Backup display helpers. */
import type { BackupTrigger } from '../../lib/ipc';

/** 1_234_567 → "1,2 MB"; null → "—". */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString('id-ID', { maximumFractionDigits: digits })} ${units[unit]}`;
}

const TRIGGER_LABEL: Record<BackupTrigger, string> = {
  shift_close: 'Tutup kasir',
  daily: 'Harian',
  manual: 'Manual',
  before_restore: 'Pengaman sebelum pemulihan',
};

/** `BackupRecord.trigger` in words (an unknown one as it is). */
export function triggerLabel(trigger: string): string {
  return (TRIGGER_LABEL as Record<string, string>)[trigger] ?? trigger;
}
