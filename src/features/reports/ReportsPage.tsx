import { useState } from 'react';
import { Button } from '../../components/Button';
import { toAppError, type ExportResult, type PeriodRequest } from '../../lib/ipc';
import { useDashboard, useExportCsv, useExportXlsx } from './api';
import { DailyChart, HourlyChart, PaymentBreakdown, TopProducts } from './Charts';
import { HistoryPanel } from './HistoryPanel';
import { PeriodPicker } from './PeriodPicker';
import { ReconciliationPanel } from './ReconciliationPanel';
import { SummaryCards } from './SummaryCards';

/** "Laporan": the owner's sales report. Every figure is computed in Rust (kasir-reports). */
export function ReportsPage() {
  const [req, setReq] = useState<PeriodRequest>({ preset: 'today' });
  const dashboard = useDashboard(req);
  const exportCsv = useExportCsv();
  const exportXlsx = useExportXlsx();
  const d = dashboard.data;
  const range = d ? { from: d.period.from, to: d.period.to } : null;

  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-5" data-testid="reports-page">
      <div className="mx-auto flex max-w-6xl flex-col gap-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h1 className="text-xl font-bold text-slate-900">Laporan Penjualan</h1>
            <PeriodPicker value={req} resolved={d?.period} onChange={setReq} />
          </div>
          <div className="flex flex-col items-end gap-1">
            <div className="flex gap-2">
              <Button
                size="sm"
                testId="export-csv"
                disabled={range === null || exportCsv.isPending}
                onClick={() => range && exportCsv.mutate(range)}
              >
                {exportCsv.isPending ? 'Mengekspor…' : 'Ekspor CSV'}
              </Button>
              <button
                type="button"
                data-testid="export-xlsx"
                disabled={range === null || exportXlsx.isPending}
                onClick={() => range && exportXlsx.mutate(range)}
                className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white shadow hover:bg-emerald-800 disabled:opacity-50"
              >
                {exportXlsx.isPending ? 'Mengekspor…' : 'Ekspor Excel'}
              </button>
            </div>
            <ExportStatus testId="export" data={exportCsv.data} error={exportCsv.error} />
            <ExportStatus testId="export-xlsx" data={exportXlsx.data} error={exportXlsx.error} />
          </div>
        </div>

        {dashboard.error && (
          <p className="rounded-lg bg-rose-50 p-3 text-sm text-rose-700" data-testid="reports-error">
            {toAppError(dashboard.error).message}
          </p>
        )}
        {!d && dashboard.isLoading && <p className="text-sm text-slate-500">Memuat laporan…</p>}
        {d && (
          <div className={`flex flex-col gap-4 ${dashboard.isPlaceholderData ? 'opacity-60' : ''}`}>
            <SummaryCards d={d} />
            <div className="grid gap-4 lg:grid-cols-2">
              <DailyChart d={d} />
              <HourlyChart d={d} />
              <PaymentBreakdown d={d} />
              <TopProducts d={d} />
            </div>
            {range && <ReconciliationPanel key={`r-${range.from}-${range.to}`} range={range} />}
            {range && <HistoryPanel key={`h-${range.from}-${range.to}`} range={range} />}
          </div>
        )}
      </div>
    </div>
  );
}

/** Where an export went (`{testId}-result`), or why it failed (`{testId}-error`). */
function ExportStatus({
  testId,
  data,
  error,
}: {
  testId: string;
  data: ExportResult | undefined;
  error: Error | null;
}) {
  return (
    <>
      {data && (
        <p className="max-w-xs text-right text-xs text-emerald-700" data-testid={`${testId}-result`}>
          {data.rows.toLocaleString('id-ID')} baris disimpan ke {data.path}
        </p>
      )}
      {error && (
        <p className="max-w-xs text-right text-xs text-rose-600" data-testid={`${testId}-error`}>
          {toAppError(error).message}
        </p>
      )}
    </>
  );
}
