/**
 * Laporan → Laba & Pajak (owner): omzet, discounts, service, tax, rounding, HPP, gross profit and
 * margin for the period; by product and by category; tax per month (for filing); the estimated
 * QRIS MDR and the net settlement. Every figure is Rust's (`get_profit_report`).
 */
import { useState } from 'react';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { formatRupiah } from '../../lib/format';
import { reportsApi, toAppError, type PeriodRequest, type ProfitReport } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { formatChange } from './format';
import { PeriodPicker } from './PeriodPicker';

function useProfitReport(req: PeriodRequest) {
  return useQuery<ProfitReport, Error>({
    queryKey: queryKeys.reports.profit(req),
    queryFn: () => reportsApi.getProfitReport(req),
    placeholderData: keepPreviousData,
  });
}

/** Basis points → "32,5%" (a margin; "−4,0%" when sold below cost). */
function margin(bps: number): string {
  return formatChange(bps).replace(/^\+/, '');
}

function Card({ label, value, testId, tone = 'text-slate-900' }: { label: string; value: string; testId?: string; tone?: string }) {
  return (
    <div className="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
      <p className="text-xs text-slate-500">{label}</p>
      <p className={`text-lg font-bold tabular-nums ${tone}`} data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

export function ProfitPanel() {
  const [req, setReq] = useState<PeriodRequest>({ preset: 'thisMonth' });
  const report = useProfitReport(req);
  const r = report.data;
  return (
    <div className="flex-1 overflow-y-auto bg-slate-50 p-5" data-testid="profit-panel">
      <div className="mx-auto flex max-w-6xl flex-col gap-4">
        <div>
          <h1 className="text-xl font-bold text-slate-900">Laba & Pajak</h1>
          <PeriodPicker value={req} resolved={r?.period} onChange={setReq} />
        </div>
        {report.error && (
          <p className="rounded-lg bg-rose-50 p-3 text-sm text-rose-700" data-testid="profit-error">
            {toAppError(report.error).message}
          </p>
        )}
        {!r && report.isLoading && <p className="text-sm text-slate-500">Memuat laporan…</p>}
        {r && (
          <div className={`flex flex-col gap-4 ${report.isPlaceholderData ? 'opacity-60' : ''}`}>
            <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-5">
              <Card label={`Omzet (${r.orders} transaksi)`} value={formatRupiah(r.omzet)} testId="profit-omzet" />
              <Card label="Diskon & promo" value={formatRupiah(r.discounts)} testId="profit-discounts" />
              <Card label="Service charge" value={formatRupiah(r.service)} testId="profit-service" />
              <Card label="Pajak" value={formatRupiah(r.tax)} testId="profit-tax" />
              <Card label="Pembulatan" value={formatRupiah(r.rounding)} testId="profit-rounding" />
              <Card label="Penjualan bersih (tanpa pajak)" value={formatRupiah(r.sales)} testId="profit-sales" />
              <Card label="HPP" value={formatRupiah(r.cost)} testId="profit-cost" />
              <Card
                label="Laba kotor"
                value={formatRupiah(r.grossProfit)}
                testId="profit-gross"
                tone={r.grossProfit < 0 ? 'text-rose-700' : 'text-emerald-700'}
              />
              <Card label="Margin" value={margin(r.marginBps)} testId="profit-margin" />
            </div>
            <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="mdr-estimate">
              <h2 className="text-sm font-bold uppercase tracking-wide text-slate-500">QRIS: perkiraan MDR</h2>
              <p className="mt-1 text-sm text-slate-700">
                QRIS dibayar {formatRupiah(r.qrisTotal)} · perkiraan MDR {formatRupiah(r.qrisMdrEstimate)} · perkiraan
                diterima {formatRupiah(r.qrisNetSettlement)}
              </p>
              <p className="mt-1 text-xs text-slate-500">
                Perkiraan menurut kategori merchant di Pajak & Harga. MDR tidak dibebankan ke pembeli (aturan Bank Indonesia).
              </p>
            </div>
            <div className="grid gap-4 lg:grid-cols-2">
              <ProfitTable title="Per barang" rows={r.byProduct} testId="profit-by-product" />
              <ProfitTable title="Per kategori" rows={r.byCategory} testId="profit-by-category" />
            </div>
            <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <h2 className="text-sm font-bold uppercase tracking-wide text-slate-500">Pajak per bulan</h2>
              <table className="mt-2 w-full text-sm">
                <thead className="text-left text-xs text-slate-500">
                  <tr>
                    <th className="py-1">Bulan</th>
                    <th className="py-1 text-right">Transaksi</th>
                    <th className="py-1 text-right">Pajak</th>
                    <th className="py-1 text-right">Service</th>
                  </tr>
                </thead>
                <tbody>
                  {r.taxByMonth.map((m) => (
                    <tr key={m.month} data-testid="tax-month-row" className="border-t border-slate-100">
                      <td className="py-1">{m.month}</td>
                      <td className="py-1 text-right tabular-nums">{m.orders}</td>
                      <td className="py-1 text-right tabular-nums">{formatRupiah(m.tax)}</td>
                      <td className="py-1 text-right tabular-nums">{formatRupiah(m.service)}</td>
                    </tr>
                  ))}
                  {r.taxByMonth.length === 0 && (
                    <tr>
                      <td colSpan={4} className="py-2 text-slate-500">
                        Belum ada penjualan.
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </div>
    </div>
  );
}

function ProfitTable({ title, rows, testId }: { title: string; rows: ProfitReport['byProduct']; testId: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <h2 className="text-sm font-bold uppercase tracking-wide text-slate-500">{title}</h2>
      <table className="mt-2 w-full text-sm">
        <thead className="text-left text-xs text-slate-500">
          <tr>
            <th className="py-1">Nama</th>
            <th className="py-1 text-right">Qty</th>
            <th className="py-1 text-right">Penjualan</th>
            <th className="py-1 text-right">HPP</th>
            <th className="py-1 text-right">Laba</th>
            <th className="py-1 text-right">Margin</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid="profit-row" className="border-t border-slate-100">
              <td className="max-w-[12rem] truncate py-1" title={row.key}>
                {row.label}
              </td>
              <td className="py-1 text-right tabular-nums">{row.qty}</td>
              <td className="py-1 text-right tabular-nums">{formatRupiah(row.sales)}</td>
              <td className="py-1 text-right tabular-nums">{formatRupiah(row.cost)}</td>
              <td className={`py-1 text-right tabular-nums ${row.grossProfit < 0 ? 'text-rose-700' : ''}`}>
                {formatRupiah(row.grossProfit)}
              </td>
              <td className="py-1 text-right tabular-nums">{margin(row.marginBps)}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="py-2 text-slate-500">
                Belum ada penjualan.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
