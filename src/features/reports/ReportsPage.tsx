import { useState } from 'react';
import { Button } from '../../components/Button';
import { toAppError, type ExportResult, type PeriodRequest } from '../../lib/ipc';
import { AuditPanel } from '../audit';
import { useCan, useUsers } from '../auth';
import { ShiftsPanel } from '../shifts';
import { useDashboard, useExportCsv, useExportXlsx, usePeriod } from './api';
import { DailyChart, HourlyChart, PaymentBreakdown, TopProducts } from './Charts';
import { HistoryPanel } from './HistoryPanel';
import { LowStockCard } from './LowStockCard';
import { PeriodPicker } from './PeriodPicker';
import { ProfitPanel } from './ProfitPanel';
import { ReconciliationPanel } from './ReconciliationPanel';
import { SummaryCards } from './SummaryCards';

type ReportTab = 'sales' | 'profit' | 'history' | 'shifts' | 'audit';

/**
 * "Laporan", in tabs: Penjualan (the owner's dashboard, reconciliation and history), Riwayat
 * (a cashier sees only the sales history), Shift (closes with their difference) and Audit (owner).
 */
export function ReportsPage() {
  const canReports = useCan('reports');
  const canAudit = useCan('audit');
  const canUsers = useCan('manage_users');
  const tabs: { id: ReportTab; label: string }[] = canReports
    ? [
        { id: 'sales', label: 'Penjualan' },
        { id: 'profit', label: 'Laba & Pajak' },
        { id: 'shifts', label: 'Shift' },
        ...(canAudit ? [{ id: 'audit' as const, label: 'Audit' }] : []),
      ]
    : [{ id: 'history', label: 'Riwayat' }];
  const [picked, setPicked] = useState<ReportTab>(tabs[0].id);
  const tab = tabs.some((t) => t.id === picked) ? picked : tabs[0].id;
  const users = useUsers(canUsers && (tab === 'shifts' || tab === 'audit'));

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      {tabs.length > 1 && (
        <nav aria-label="Bagian laporan" className="flex gap-2 border-b border-slate-200 bg-white px-5 py-2">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              data-testid={`report-tab-${t.id}`}
              aria-current={tab === t.id ? 'page' : undefined}
              onClick={() => setPicked(t.id)}
              className={`rounded-lg px-3 py-1.5 text-sm font-semibold ${
                tab === t.id ? 'bg-brand-50 text-brand-800 ring-1 ring-brand-200' : 'text-slate-600 hover:bg-slate-100'
              }`}
            >
              {t.label}
            </button>
          ))}
        </nav>
      )}
      {tab === 'sales' && <SalesReport />}
      {tab === 'profit' && <ProfitPanel />}
      {tab === 'history' && <HistoryOnly />}
      {(tab === 'shifts' || tab === 'audit') && (
        <div className="flex-1 overflow-y-auto bg-slate-50 p-5">
          <div className="mx-auto max-w-6xl">
            {tab === 'shifts' && <ShiftsPanel users={users.data ?? []} />}
            {tab === 'audit' && <AuditPanel users={users.data ?? []} />}
          </div>
        </div>
      )}
    </div>
  );
}

/** A cashier's Laporan: the sales history of a period (no figures, no export). */
function HistoryOnly() {
  const [req, setReq] = useState<PeriodRequest>({ preset: 'today' });
  const period = usePeriod(req);
  const p = period.data;
  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-5" data-testid="reports-page">
      <div className="mx-auto flex max-w-6xl flex-col gap-4">
        <div>
          <h1 className="text-xl font-bold text-slate-900">Riwayat Penjualan</h1>
          <PeriodPicker value={req} resolved={p} onChange={setReq} />
        </div>
        {period.error && (
          <p className="rounded-lg bg-rose-50 p-3 text-sm text-rose-700" data-testid="reports-error">
            {toAppError(period.error).message}
          </p>
        )}
        {p && <HistoryPanel key={`h-${p.from}-${p.to}`} range={{ from: p.from, to: p.to }} />}
      </div>
    </div>
  );
}

/** The owner's sales report. Every figure is computed in Rust (kasir-reports). */
function SalesReport() {
  const canUsers = useCan('manage_users');
  const users = useUsers(canUsers);
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
            <LowStockCard card={d.lowStock} />
            <div className="grid gap-4 lg:grid-cols-2">
              <DailyChart d={d} />
              <HourlyChart d={d} />
              <PaymentBreakdown d={d} />
              <TopProducts d={d} />
            </div>
            {range && <ReconciliationPanel key={`r-${range.from}-${range.to}`} range={range} />}
            {range && <HistoryPanel key={`h-${range.from}-${range.to}`} range={range} cashiers={users.data ?? []} />}
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
