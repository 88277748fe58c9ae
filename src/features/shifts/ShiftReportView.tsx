/**
 * The close report (and, for an open shift, its running figures), per method: Tunai expected vs
 * counted with the difference (selisih) in colour; QRIS as verified by the gateway (never counted
 * by hand) with the gateway's transaction count, per issuer, late payments, anomalies and QRs still
 * open; the cash movements. Every figure comes from Rust.
 *
 * Test ids: shift-report, shift-report-expected, shift-report-counted, shift-report-difference,
 * shift-report-qris-total, shift-report-qris-txn, shift-report-movements.
 */
import type { ReactNode } from 'react';
import { formatDateTime, formatRupiah } from '../../lib/format';
import type { CashMovement, ShiftNote, ShiftReport } from '../../lib/ipc';
import { useShopTimeZone } from '../../lib/shop';

/** "Pas", "Kurang Rp 500", "Lebih Rp 2.000" with its colour. */
export function differenceView(difference: number | null): { text: string; tone: string; label: string } {
  if (difference === null) return { text: '—', tone: 'text-slate-500', label: '' };
  if (difference === 0) return { text: formatRupiah(0), tone: 'text-emerald-700', label: 'pas' };
  if (difference < 0) return { text: formatRupiah(difference), tone: 'text-red-700', label: 'kurang' };
  return { text: `+${formatRupiah(difference)}`, tone: 'text-amber-700', label: 'lebih' };
}

function Row({ label, value, testId, strong = false, tone = '' }: { label: string; value: ReactNode; testId?: string; strong?: boolean; tone?: string }) {
  return (
    <div className={`flex justify-between gap-4 py-0.5 ${strong ? 'font-semibold' : ''}`}>
      <span className="text-slate-600">{label}</span>
      <span className={`tabular-nums ${tone}`} data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

function Box({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200">
      <h4 className="mb-1 text-xs font-bold uppercase tracking-wide text-slate-500">{title}</h4>
      {children}
    </section>
  );
}

function Notes({ title, notes, testId, tone }: { title: string; notes: ShiftNote[]; testId: string; tone: string }) {
  if (notes.length === 0) return null;
  return (
    <div className="mt-2" data-testid={testId}>
      <p className={`text-xs font-semibold ${tone}`}>
        {title} ({notes.length})
      </p>
      <ul className="text-xs text-slate-600">
        {notes.map((n, i) => (
          <li key={`${n.orderNumber}-${i}`} className="flex justify-between gap-2">
            <span>
              {n.orderNumber} · {n.note}
            </span>
            <span className="tabular-nums">{formatRupiah(n.amount)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const MOVEMENT_LABEL: Record<CashMovement['kind'], string> = {
  in: 'Kas masuk',
  out: 'Kas keluar',
  refund: 'Refund tunai',
};

export function ShiftReportView({ report }: { report: ShiftReport }) {
  const timeZone = useShopTimeZone();
  const { shift, cash, qris } = report;
  const diff = differenceView(cash.difference);
  return (
    <div className="space-y-3 text-sm" data-testid="shift-report">
      <div className="text-slate-600">
        <p className="font-semibold text-slate-800">
          Shift #{shift.id} · {shift.cashierName} · {shift.till}
        </p>
        <p>
          Buka {formatDateTime(shift.openedAt, timeZone)}
          {shift.closedAt !== null
            ? ` · tutup ${formatDateTime(shift.closedAt, timeZone)}${shift.closedByName && shift.closedByName !== shift.cashierName ? ` oleh ${shift.closedByName}` : ''}`
            : ' · masih terbuka'}
        </p>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Box title="Tunai">
          <Row label="Modal awal" value={formatRupiah(cash.opening)} />
          <Row label={`Penjualan tunai (${cash.salesCount})`} value={formatRupiah(cash.sales)} />
          {cash.refunds !== 0 && <Row label="Refund tunai" value={formatRupiah(-cash.refunds)} />}
          <Row label="Kas masuk" value={formatRupiah(cash.cashIn)} />
          <Row label="Kas keluar" value={formatRupiah(-cash.cashOut)} />
          <div className="mt-1 border-t border-slate-200 pt-1">
            <Row label="Seharusnya" value={formatRupiah(cash.expected)} testId="shift-report-expected" strong />
            <Row
              label="Dihitung"
              value={cash.counted === null ? '—' : formatRupiah(cash.counted)}
              testId="shift-report-counted"
              strong
            />
            <Row
              label={`Selisih${diff.label ? ` (${diff.label})` : ''}`}
              value={diff.text}
              testId="shift-report-difference"
              tone={diff.tone}
              strong
            />
          </div>
          {report.countedDetail && report.countedDetail.some((d) => d.count > 0) && (
            <div className="mt-2 text-xs text-slate-500" data-testid="shift-report-denominations">
              <p className="font-semibold">Rincian hitungan</p>
              {report.countedDetail
                .filter((d) => d.count > 0)
                .map((d) => (
                  <p key={d.value} className="flex justify-between tabular-nums">
                    <span>
                      {formatRupiah(d.value)} × {d.count}
                    </span>
                    <span>{formatRupiah(d.value * d.count)}</span>
                  </p>
                ))}
            </div>
          )}
          {shift.closeNote && (
            <p className="mt-2 text-xs text-slate-700" data-testid="shift-report-note">
              Catatan: {shift.closeNote}
            </p>
          )}
        </Box>
        <Box title="QRIS (terverifikasi gateway)">
          <Row
            label={`Transaksi (${qris.count})`}
            value={formatRupiah(qris.total)}
            testId="shift-report-qris-total"
            strong
          />
          <Row label="ID transaksi gateway" value={qris.gatewayTxnCount} testId="shift-report-qris-txn" />
          {qris.byIssuer.map((i) => (
            <Row key={i.issuerLabel} label={`${i.issuerLabel} (${i.count})`} value={formatRupiah(i.total)} />
          ))}
          <Notes title="Pembayaran terlambat" notes={qris.late} testId="shift-report-late" tone="text-amber-700" />
          <Notes title="Anomali" notes={qris.anomalies} testId="shift-report-anomalies" tone="text-red-700" />
          <Notes
            title="QR masih terbuka (masuk shift berikutnya)"
            notes={qris.stillOpen}
            testId="shift-report-still-open"
            tone="text-slate-700"
          />
        </Box>
      </div>
      <Row
        label={`Total penjualan (${report.orderCount})`}
        value={formatRupiah(report.salesTotal)}
        testId="shift-report-sales-total"
        strong
      />
      {report.movements.length > 0 && (
        <Box title="Kas masuk/keluar">
          <ul data-testid="shift-report-movements">
            {report.movements.map((m) => (
              <li key={m.id} className="flex justify-between gap-2 py-0.5">
                <span>
                  {formatDateTime(m.createdAt, timeZone)} · {MOVEMENT_LABEL[m.kind]} · {m.reason}
                  {m.orderNumber ? ` (${m.orderNumber})` : ''} · {m.userName}
                </span>
                <span className="tabular-nums">{formatRupiah(m.kind === 'in' ? m.amount : -m.amount)}</span>
              </li>
            ))}
          </ul>
        </Box>
      )}
    </div>
  );
}
