/**
 * Pengaturan → Cadangan (owner): where backups go and how many are kept, "Cadangkan sekarang",
 * the recent backups (time, why, size, OK or the error), and "Pulihkan": pick a listed backup (or
 * type a path), see what it holds (verified by Rust), confirm, restore. The current database is
 * first saved as a safety backup; afterwards everyone signs in again (RestoreNotice says where
 * the safety copy is).
 *
 * Test ids: backup-panel, backup-dir, backup-keep, backup-settings-save, backup-settings-saved,
 * backup-settings-error, backup-now, backup-now-result, backup-now-error, backup-row (with
 * data-backup-ok), backup-pick, backup-restore-path, backup-inspect, backup-inspect-error,
 * backup-info, backup-restore-confirm, backup-restore-error.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { errorBox, inputClass } from '../../components/styles';
import { formatDateTime } from '../../lib/format';
import { toAppError, type BackupRecord, type BackupSettings } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import {
  useBackupNow,
  useBackupStatus,
  useInspectBackup,
  useRestoreBackup,
  useSaveBackupSettings,
} from './api';
import { formatBytes, triggerLabel } from './format';

const card = 'space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200';
const heading = 'text-sm font-bold uppercase tracking-wide text-slate-500';

export function BackupPanel() {
  const status = useBackupStatus();
  const [restorePath, setRestorePath] = useState('');
  const s = status.data;
  return (
    <div className="grid gap-5 overflow-y-auto p-5 lg:grid-cols-[minmax(0,1fr)_26rem]" data-testid="backup-panel">
      <div className="space-y-5">
        {status.error && <p className={errorBox}>{toAppError(status.error).message}</p>}
        {status.isPending && <p className="text-sm text-slate-500">Memuat cadangan…</p>}
        {s && (
          <>
            <BackupNow lastFailed={s.lastFailed} />
            <RecentBackups recent={s.recent} onPick={setRestorePath} />
          </>
        )}
      </div>
      <div className="space-y-5">
        {s && <SettingsForm key={`${s.settings.dir}|${s.settings.keep}`} initial={s.settings} />}
        <RestoreForm path={restorePath} onPath={setRestorePath} />
      </div>
    </div>
  );
}

function SettingsForm({ initial }: { initial: BackupSettings }) {
  const [dir, setDir] = useState(initial.dir);
  const [keep, setKeep] = useState(String(initial.keep));
  const save = useSaveBackupSettings();
  const keepValue = Number.parseInt(keep, 10);
  const valid = dir.trim() !== '' && Number.isInteger(keepValue) && keepValue >= 1 && keepValue <= 365;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || save.isPending) return;
    save.mutate({ dir: dir.trim(), keep: keepValue });
  };

  return (
    <section className={card}>
      <h3 className={heading}>Pengaturan cadangan</h3>
      <form className="space-y-3" onSubmit={submit} noValidate>
        <Field label="Folder cadangan" hint="Folder lengkap, mis. di diska lain atau flashdisk.">
          <input
            data-testid="backup-dir"
            className={inputClass}
            value={dir}
            onChange={(e) => setDir(e.target.value)}
          />
        </Field>
        <Field label="Simpan berapa cadangan terakhir" hint="1–365; yang lebih lama dihapus otomatis.">
          <input
            data-testid="backup-keep"
            className={inputClass}
            inputMode="numeric"
            value={keep}
            onChange={(e) => setKeep(e.target.value.replace(/[^0-9]/g, '').slice(0, 3))}
          />
        </Field>
        <p className="text-xs text-slate-500">Cadangan otomatis dibuat setiap tutup kasir dan sekali sehari.</p>
        {save.error && (
          <p role="alert" data-testid="backup-settings-error" className={errorBox}>
            {toAppError(save.error).message}
          </p>
        )}
        <div className="flex items-center justify-end gap-3">
          {save.isSuccess && (
            <span className="text-xs text-emerald-700" data-testid="backup-settings-saved">
              Tersimpan.
            </span>
          )}
          <Button type="submit" size="sm" testId="backup-settings-save" disabled={!valid || save.isPending}>
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
        </div>
      </form>
    </section>
  );
}

function BackupNow({ lastFailed }: { lastFailed: boolean }) {
  const now = useBackupNow();
  return (
    <section className={card}>
      <div className="flex flex-wrap items-center gap-3">
        <h3 className={`${heading} mr-auto`}>Cadangan database</h3>
        <Button size="sm" testId="backup-now" disabled={now.isPending} onClick={() => now.mutate()}>
          {now.isPending ? 'Mencadangkan…' : 'Cadangkan sekarang'}
        </Button>
      </div>
      {lastFailed && !now.data?.ok && (
        <p className={errorBox}>Cadangan terakhir gagal. Periksa folder cadangan lalu cadangkan lagi.</p>
      )}
      {now.data && (
        <p
          data-testid="backup-now-result"
          className={now.data.ok ? 'break-all text-sm text-emerald-700' : errorBox}
        >
          {now.data.ok
            ? `Cadangan tersimpan (${formatBytes(now.data.sizeBytes)}): ${now.data.path}`
            : `Cadangan gagal: ${now.data.error ?? 'tanpa keterangan'}`}
        </p>
      )}
      {now.error && (
        <p role="alert" data-testid="backup-now-error" className={errorBox}>
          {toAppError(now.error).message}
        </p>
      )}
    </section>
  );
}

function RecentBackups({ recent, onPick }: { recent: BackupRecord[]; onPick: (path: string) => void }) {
  const timeZone = useShopTimeZone();
  return (
    <section className={card}>
      <h3 className={heading}>Cadangan terakhir</h3>
      {recent.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="backup-empty">
          Belum ada cadangan.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Waktu</th>
              <th>Pemicu</th>
              <th className="text-right">Ukuran</th>
              <th className="pl-3">Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {recent.map((b) => (
              <tr
                key={b.id}
                className="border-t border-slate-100 align-top"
                data-testid="backup-row"
                data-backup-ok={b.ok}
                title={b.path}
              >
                <td className="py-1">{formatDateTime(b.startedAt, timeZone)}</td>
                <td>{triggerLabel(b.trigger)}</td>
                <td className="text-right">{formatBytes(b.sizeBytes)}</td>
                <td className="pl-3">
                  {b.ok ? (
                    <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800">OK</span>
                  ) : (
                    <>
                      <span className="rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">Gagal</span>
                      {b.error && <span className="block text-xs text-red-700">{b.error}</span>}
                    </>
                  )}
                </td>
                <td className="text-right">
                  {b.ok && (
                    <button
                      type="button"
                      data-testid="backup-pick"
                      className="rounded-lg px-2 py-1 text-xs font-semibold text-brand-700 hover:bg-brand-50"
                      onClick={() => onPick(b.path)}
                    >
                      Pulihkan…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RestoreForm({ path, onPath }: { path: string; onPath: (path: string) => void }) {
  const inspect = useInspectBackup();
  const restore = useRestoreBackup();
  const timeZone = useShopTimeZone();
  const busy = inspect.isPending || restore.isPending;
  // What was inspected belongs to the path it was asked for; another path asks again.
  const [inspectedFor, setInspectedFor] = useState<string | null>(null);
  const info = inspect.data && inspectedFor === path ? inspect.data : null;

  const ask = (e: FormEvent) => {
    e.preventDefault();
    const p = path.trim();
    if (p === '' || busy) return;
    restore.reset();
    setInspectedFor(path);
    inspect.mutate(p);
  };

  return (
    <section className={card}>
      <h3 className={heading}>Pulihkan dari cadangan</h3>
      <form className="space-y-3" onSubmit={ask} noValidate>
        <Field label="Berkas cadangan" hint="Pilih dari daftar cadangan, atau ketik lokasi berkasnya.">
          <input
            data-testid="backup-restore-path"
            className={inputClass}
            value={path}
            disabled={restore.isPending}
            placeholder="/…/backups/kasir-….sqlite"
            onChange={(e) => onPath(e.target.value)}
          />
        </Field>
        <div className="flex justify-end">
          <Button type="submit" size="sm" variant="secondary" testId="backup-inspect" disabled={path.trim() === '' || busy}>
            {inspect.isPending ? 'Memeriksa…' : 'Periksa cadangan'}
          </Button>
        </div>
      </form>
      {inspect.error && inspectedFor === path && (
        <p role="alert" data-testid="backup-inspect-error" className={errorBox}>
          {toAppError(inspect.error).message}
        </p>
      )}
      {info && (
        <div className="space-y-3">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-lg bg-slate-50 p-3 text-sm ring-1 ring-slate-200" data-testid="backup-info">
            <dt className="text-slate-500">Toko</dt>
            <dd className="font-semibold" data-testid="backup-info-shop">{info.shopName}</dd>
            <dt className="text-slate-500">Pesanan</dt>
            <dd data-testid="backup-info-orders">{info.orders.toLocaleString('id-ID')}</dd>
            <dt className="text-slate-500">Pesanan terakhir</dt>
            <dd data-testid="backup-info-last-order">
              {info.lastOrderNumber ?? '—'}
              {info.lastOrderAt !== null && ` · ${formatDateTime(info.lastOrderAt, timeZone)}`}
            </dd>
            <dt className="text-slate-500">Ukuran</dt>
            <dd>{formatBytes(info.sizeBytes)}</dd>
            <dt className="text-slate-500">Berkas</dt>
            <dd className="break-all text-xs">{info.path}</dd>
          </dl>
          <p className="rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            Data saat ini disimpan dulu sebagai cadangan pengaman, lalu diganti dengan isi cadangan ini.
            Semua pengguna perlu masuk lagi.
          </p>
          {restore.error && (
            <p role="alert" data-testid="backup-restore-error" className={errorBox}>
              {toAppError(restore.error).message}
            </p>
          )}
          <div className="flex justify-end">
            <Button
              variant="danger"
              size="sm"
              testId="backup-restore-confirm"
              disabled={busy}
              onClick={() => restore.mutate(info.path)}
            >
              {restore.isPending ? 'Memulihkan…' : 'Pulihkan sekarang'}
            </Button>
          </div>
        </div>
      )}
    </section>
  );
}
