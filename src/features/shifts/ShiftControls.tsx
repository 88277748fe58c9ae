/**
 * Header controls of the open shift: "Shift #3 · sejak 22.00", Kas masuk/keluar and Tutup Kasir.
 * After the close, the report stays on screen until "Selesai"; the till then shows "Buka Kasir".
 *
 * Test ids: shift-status (shift-status-none without a shift), cash-move-button, shift-close-button, shift-close-report,
 * shift-report-done, shift-cash-move-done.
 */
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { useEscape } from '../../components/useEscape';
import { formatRupiah, formatTime } from '../../lib/format';
import type { CashMovement, ShiftReport } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';
import { useCan } from '../auth';
import { CashMoveDialog } from './CashMoveDialog';
import { ShiftCloseDialog } from './ShiftCloseDialog';
import { ShiftReportView } from './ShiftReportView';
import { useTillShift } from './tillShift';

type Dialog = { kind: 'none' } | { kind: 'cash' } | { kind: 'close' } | { kind: 'report'; report: ShiftReport };

const headerButton =
  'shrink-0 whitespace-nowrap rounded-lg px-2.5 py-1.5 text-sm font-semibold text-brand-100 ring-1 ring-white/20 hover:bg-white/10';

export function ShiftControls() {
  const till = useTillShift();
  const canMove = useCan('cash_movement');
  const timeZone = useShopTimeZone();
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (notice === null) return undefined;
    const id = window.setTimeout(() => setNotice(null), 5_000);
    return () => window.clearTimeout(id);
  }, [notice]);

  const report = till.state === 'open' || till.state === 'foreign' ? till.report : null;
  const mine = till.state === 'open';
  return (
    <div className="flex min-w-0 flex-nowrap items-center gap-2">
      {report && (
        <>
          <span
            data-testid="shift-status"
            className="whitespace-nowrap rounded-full bg-white/15 px-3 py-1 text-xs font-semibold text-white"
            title={`Shift #${report.shift.id} · ${report.shift.cashierName} · sejak ${formatTime(report.shift.openedAt, timeZone)} · modal awal ${formatRupiah(report.shift.openingCash)}`}
          >
            Shift #{report.shift.id} · sejak {formatTime(report.shift.openedAt, timeZone)}
            {!mine && ` · ${report.shift.cashierName}`}
          </span>
          {mine && canMove && (
            <button type="button" data-testid="cash-move-button" className={headerButton} onClick={() => setDialog({ kind: 'cash' })}>
              Kas Masuk/Keluar
            </button>
          )}
          <button type="button" data-testid="shift-close-button" className={headerButton} onClick={() => setDialog({ kind: 'close' })}>
            Tutup Kasir
          </button>
        </>
      )}
      {till.state === 'none' && (
        <span data-testid="shift-status-none" className="whitespace-nowrap rounded-full bg-amber-400 px-3 py-1 text-xs font-bold text-amber-950">
          Kasir belum dibuka
        </span>
      )}
      {notice && (
        <span role="status" data-testid="shift-cash-move-done" className="whitespace-nowrap text-xs text-brand-100">
          {notice}
        </span>
      )}
      {/* The dialogs are fixed over the page; the header's white text must not leak into them. */}
      <div className="text-slate-900">
      {dialog.kind === 'cash' && (
        <CashMoveDialog
          onClose={() => setDialog({ kind: 'none' })}
          onDone={(m: CashMovement) => {
            setDialog({ kind: 'none' });
            setNotice(`${m.kind === 'in' ? 'Kas masuk' : 'Kas keluar'} ${formatRupiah(m.amount)} dicatat`);
          }}
        />
      )}
      {dialog.kind === 'close' && report && (
        <ShiftCloseDialog
          shiftLabel={`Shift #${report.shift.id} · ${report.shift.cashierName}`}
          onClose={() => setDialog({ kind: 'none' })}
          onClosed={(closed) => setDialog({ kind: 'report', report: closed })}
        />
      )}
      {dialog.kind === 'report' && (
        <CloseReportModal report={dialog.report} onDone={() => setDialog({ kind: 'none' })} />
      )}
      </div>
    </div>
  );
}

function CloseReportModal({ report, onDone }: { report: ShiftReport; onDone: () => void }) {
  useEscape(onDone);
  return (
    <Modal title={`Laporan Tutup Kasir · Shift #${report.shift.id}`} testId="shift-close-report" width="max-w-3xl">
      <div className="max-h-[70vh] overflow-y-auto pr-1">
        <ShiftReportView report={report} />
      </div>
      <p className="mt-3 text-xs text-slate-500">Laporan dicetak di printer struk dan tersimpan di Laporan → Shift.</p>
      <div className="mt-3 flex justify-end">
        <Button testId="shift-report-done" onClick={onDone}>
          Selesai
        </Button>
      </div>
    </Modal>
  );
}
