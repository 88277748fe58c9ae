/**
 * Laporan → Audit (owner only): who did what, when — sign-ins and failed PINs, owner-PIN overrides,
 * price and product changes (old → new), stock, shifts and cash, settings, anomalies, reprints,
 * drawer openings. Filters: who, what, period; "Ekspor CSV" writes the filtered rows to Downloads.
 *
 * Test ids: audit-panel, audit-filter-user, audit-filter-action, audit-filter-period, audit-export,
 * audit-export-result, audit-export-error, audit-row, audit-empty.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { controlClass, errorBox } from '../../components/styles';
import { formatDateTime } from '../../lib/format';
import { toAppError, type AuditAction, type AuditQuery, type Preset, type User } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useAuditList, useExportAudit, useResolvedPeriod } from './api';

/** The filter's choices (Rust names each row itself: `actionLabel`). */
export const AUDIT_ACTIONS: { value: AuditAction; label: string }[] = [
  { value: 'sign_in', label: 'Masuk' },
  { value: 'sign_out', label: 'Keluar' },
  { value: 'unlocked', label: 'Buka kunci layar' },
  { value: 'screen_locked', label: 'Kunci layar' },
  { value: 'pin_failed', label: 'PIN salah' },
  { value: 'user_locked', label: 'Akun terkunci' },
  { value: 'owner_override', label: 'Izin PIN pemilik' },
  { value: 'user_created', label: 'Pengguna ditambah' },
  { value: 'user_changed', label: 'Pengguna diubah' },
  { value: 'product_created', label: 'Barang ditambah' },
  { value: 'product_changed', label: 'Barang diubah' },
  { value: 'category_changed', label: 'Kategori diubah' },
  { value: 'catalog_removed', label: 'Katalog contoh dihapus' },
  { value: 'stock_adjusted', label: 'Penyesuaian stok' },
  { value: 'shift_opened', label: 'Buka kasir' },
  { value: 'shift_closed', label: 'Tutup kasir' },
  { value: 'cash_in', label: 'Kas masuk' },
  { value: 'cash_out', label: 'Kas keluar' },
  { value: 'drawer_opened', label: 'Laci dibuka' },
  { value: 'settings_changed', label: 'Pengaturan diubah' },
  { value: 'payment_anomaly', label: 'Anomali pembayaran' },
  { value: 'reprint', label: 'Cetak ulang' },
];

type PeriodChoice = 'all' | Exclude<Preset, 'custom'>;
const PERIODS: { value: PeriodChoice; label: string }[] = [
  { value: 'all', label: 'Semua waktu' },
  { value: 'today', label: 'Hari ini' },
  { value: 'yesterday', label: 'Kemarin' },
  { value: 'last7Days', label: '7 hari terakhir' },
  { value: 'thisMonth', label: 'Bulan ini' },
  { value: 'lastMonth', label: 'Bulan lalu' },
];

/** `{"old":5000,"new":6000}` → "old: 5000 · new: 6000"; anything else as it is. */
export function formatDetail(detail: string): string {
  try {
    const value: unknown = JSON.parse(detail);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return detail;
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
      .join(' · ');
  } catch {
    return detail;
  }
}

export function AuditPanel({ users }: { users: User[] }) {
  const [userId, setUserId] = useState<number | null>(null);
  const [action, setAction] = useState<AuditAction | null>(null);
  const [period, setPeriod] = useState<PeriodChoice>('all');
  const resolved = useResolvedPeriod(period === 'all' ? null : { preset: period });
  const range = period === 'all' ? { from: null, to: null } : resolved.data ? { from: resolved.data.startMs, to: resolved.data.endMs } : null;
  const query: AuditQuery = { from: range?.from ?? null, to: range?.to ?? null, userId, action, limit: 500 };
  const list = useAuditList(query, range !== null);
  const exportCsv = useExportAudit();
  const timeZone = useShopTimeZone();
  const rows = list.data ?? [];

  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="audit-panel">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 className="mr-auto text-sm font-semibold text-slate-700">Jejak audit</h3>
        <select
          data-testid="audit-filter-user"
          aria-label="Siapa"
          className={controlClass}
          value={userId === null ? '' : String(userId)}
          onChange={(e) => setUserId(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">Semua pengguna</option>
          {users.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.name}
            </option>
          ))}
        </select>
        <select
          data-testid="audit-filter-action"
          aria-label="Apa"
          className={controlClass}
          value={action ?? ''}
          onChange={(e) => setAction(e.target.value === '' ? null : (e.target.value as AuditAction))}
        >
          <option value="">Semua kegiatan</option>
          {AUDIT_ACTIONS.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </select>
        <select
          data-testid="audit-filter-period"
          aria-label="Periode"
          className={controlClass}
          value={period}
          onChange={(e) => setPeriod(e.target.value as PeriodChoice)}
        >
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        <Button
          size="sm"
          testId="audit-export"
          disabled={range === null || exportCsv.isPending}
          onClick={() => exportCsv.mutate({ ...query, limit: null })}
        >
          {exportCsv.isPending ? 'Mengekspor…' : 'Ekspor CSV'}
        </Button>
      </div>
      {exportCsv.data && (
        <p className="mb-2 text-xs text-emerald-700" data-testid="audit-export-result">
          {exportCsv.data.rows.toLocaleString('id-ID')} baris disimpan ke {exportCsv.data.path}
        </p>
      )}
      {exportCsv.error && (
        <p className="mb-2 text-xs text-rose-600" data-testid="audit-export-error">
          {toAppError(exportCsv.error).message}
        </p>
      )}
      {list.error && <p className={errorBox}>{toAppError(list.error).message}</p>}
      {resolved.error && <p className={errorBox}>{toAppError(resolved.error).message}</p>}
      {list.data && rows.length === 0 ? (
        <p className="text-xs text-slate-400" data-testid="audit-empty">
          Tidak ada catatan.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Waktu</th>
              <th>Siapa</th>
              <th>Kegiatan</th>
              <th>Objek</th>
              <th>Rincian</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row" data-action={r.action} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap py-1 pr-2">{formatDateTime(r.at, timeZone)}</td>
                <td className="pr-2">{r.userName}</td>
                <td className="pr-2 font-medium">{r.actionLabel}</td>
                <td className="pr-2">{r.subject}</td>
                <td className="break-all text-xs text-slate-500">{formatDetail(r.detail)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length >= 500 && (
        <p className="mt-2 text-xs text-slate-500">Menampilkan 500 catatan terbaru; persempit filter atau ekspor CSV.</p>
      )}
    </section>
  );
}
