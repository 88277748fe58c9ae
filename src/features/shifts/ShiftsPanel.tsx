/**
 * Laporan → Shift (owner): every shift of the period, newest first, with its cashier, times,
 * expected and counted cash and the difference; filter by cashier; a row opens the same report as
 * the close (as stored at the close) with "Cetak Ulang".
 *
 * Test ids: shifts-panel, shift-filter-user, shift-row (data-shift-id), shift-row-difference,
 * shift-detail, shift-reprint, shift-reprint-done, shift-reprint-error.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { controlClass, errorBox } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatDateTime, formatRupiah } from '../../lib/format';
import { toAppError, type ShiftQuery, type User } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useReprintShiftClose, useShiftList, useShiftReport } from './api';
import { differenceView, ShiftReportView } from './ShiftReportView';

export interface ShiftsPanelProps {
  /** Users for the cashier filter (the owner's user list). */
  users: User[];
  /** Period, UTC ms (`to` exclusive); null: every shift. */
  from?: number | null;
  to?: number | null;
}

export function ShiftsPanel({ users, from = null, to = null }: ShiftsPanelProps) {
  const [userId, setUserId] = useState<number | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const query: ShiftQuery = { from, to, userId };
  const list = useShiftList(query);
  const timeZone = useShopTimeZone();
  const rows = list.data ?? [];

  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="shifts-panel">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 className="mr-auto text-sm font-semibold text-slate-700">Shift kasir</h3>
        <select
          data-testid="shift-filter-user"
          aria-label="Kasir"
          className={controlClass}
          value={userId === null ? '' : String(userId)}
          onChange={(e) => setUserId(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">Semua kasir</option>
          {users.map((u) => (
            <option key={u.id} value={String(u.id)}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      {list.error && <p className={errorBox}>{toAppError(list.error).message}</p>}
      {list.data && rows.length === 0 ? (
        <p className="text-xs text-slate-400" data-testid="shifts-empty">
          Belum ada shift.
        </p>
      ) : (
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Shift</th>
              <th>Kasir</th>
              <th>Buka</th>
              <th>Tutup</th>
              <th className="text-right">Seharusnya</th>
              <th className="text-right">Dihitung</th>
              <th className="text-right">Selisih</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => {
              const diff = differenceView(s.difference);
              return (
                <tr
                  key={s.id}
                  data-testid="shift-row"
                  data-shift-id={s.id}
                  onClick={() => setOpenId(s.id)}
                  className="cursor-pointer border-t border-slate-100 hover:bg-slate-50"
                >
                  <td className="py-1 font-medium text-brand-700">
                    #{s.id} <span className="text-xs text-slate-400">{s.till}</span>
                  </td>
                  <td>{s.cashierName}</td>
                  <td>{formatDateTime(s.openedAt, timeZone)}</td>
                  <td>{s.closedAt === null ? <span className="text-amber-700">masih terbuka</span> : formatDateTime(s.closedAt, timeZone)}</td>
                  <td className="text-right tabular-nums">{s.expectedCash === null ? '—' : formatRupiah(s.expectedCash)}</td>
                  <td className="text-right tabular-nums">{s.countedCash === null ? '—' : formatRupiah(s.countedCash)}</td>
                  <td className={`text-right font-semibold tabular-nums ${diff.tone}`} data-testid="shift-row-difference">
                    {diff.text}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {openId !== null && <ShiftDetailModal shiftId={openId} onClose={() => setOpenId(null)} />}
    </section>
  );
}

function ShiftDetailModal({ shiftId, onClose }: { shiftId: number; onClose: () => void }) {
  const report = useShiftReport(shiftId);
  const reprint = useReprintShiftClose();
  useEscape(onClose);
  const closed = report.data?.shift.closedAt != null;
  return (
    <Modal title={`Shift #${shiftId}`} testId="shift-detail" onClose={onClose} width="max-w-3xl">
      <div className="max-h-[70vh] overflow-y-auto pr-1">
        {report.error && <p className={errorBox}>{toAppError(report.error).message}</p>}
        {report.isPending && <p className="text-sm text-slate-500">Memuat laporan shift…</p>}
        {report.data && <ShiftReportView report={report.data} />}
      </div>
      {closed && (
        <div className="mt-3 flex items-center gap-3">
          <Button size="sm" testId="shift-reprint" disabled={reprint.isPending} onClick={() => reprint.mutate(shiftId)}>
            {reprint.isPending ? 'Mencetak…' : 'Cetak Ulang Laporan'}
          </Button>
          {reprint.isSuccess && (
            <span className="text-xs text-slate-600" data-testid="shift-reprint-done">
              Salinan masuk antrean cetak.
            </span>
          )}
          {reprint.error && (
            <span className="text-xs text-rose-600" data-testid="shift-reprint-error">
              {toAppError(reprint.error).message}
            </span>
          )}
        </div>
      )}
    </Modal>
  );
}
