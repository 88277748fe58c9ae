import { formatRupiah } from '../../lib/format';
import type { Dashboard } from '../../lib/ipc';
import { formatChange, formatRange } from './format';

interface CardProps {
  testId: string;
  label: string;
  value: string;
  previous: string;
  changeBp: number | null;
}

function Card({ testId, label, value, previous, changeBp }: CardProps) {
  const tone =
    changeBp === null ? 'text-slate-400' : changeBp >= 0 ? 'text-emerald-600' : 'text-rose-600';
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-bold text-slate-900" data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        <span className={`font-semibold ${tone}`} data-testid={`${testId}-change`}>
          {formatChange(changeBp)}
        </span>{' '}
        vs {previous}
      </p>
    </div>
  );
}

/** A figure of this period only (Rust gives no comparison for it). */
function Figure({ testId, label, value, note, tone }: { testId: string; label: string; value: string; note: string; tone: string }) {
  return (
    <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={`${testId}-card`}>
      <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</p>
      <p className={`mt-1 text-2xl font-bold ${tone}`} data-testid={testId}>
        {value}
      </p>
      <p className="mt-1 text-xs text-slate-500">{note}</p>
    </div>
  );
}

export function SummaryCards({ d }: { d: Dashboard }) {
  const prev = formatRange(d.previousPeriod.from, d.previousPeriod.to);
  const num = (n: number) => n.toLocaleString('id-ID');
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-3" title={`Pembanding: ${prev}`}>
      <Card
        testId="card-omzet"
        label="Omzet bruto"
        value={formatRupiah(d.summary.omzet)}
        previous={formatRupiah(d.previous.omzet)}
        changeBp={d.changes.omzetBp}
      />
      <Card
        testId="card-transactions"
        label="Transaksi"
        value={num(d.summary.transactions)}
        previous={num(d.previous.transactions)}
        changeBp={d.changes.transactionsBp}
      />
      <Card
        testId="card-average"
        label="Rata-rata per transaksi"
        value={formatRupiah(d.summary.averageTicket)}
        previous={formatRupiah(d.previous.averageTicket)}
        changeBp={d.changes.averageTicketBp}
      />
      <Card
        testId="card-items"
        label="Barang terjual"
        value={num(d.summary.itemsSold)}
        previous={num(d.previous.itemsSold)}
        changeBp={d.changes.itemsSoldBp}
      />
      <Figure
        testId="summary-refunds"
        label="Pengembalian"
        value={d.refunds > 0 ? `−${formatRupiah(d.refunds)}` : formatRupiah(0)}
        note="Dikembalikan atas pesanan periode ini"
        tone={d.refunds > 0 ? 'text-rose-700' : 'text-slate-900'}
      />
      <Figure
        testId="summary-net-omzet"
        label="Omzet bersih"
        value={formatRupiah(d.netOmzet)}
        note="Omzet bruto dikurangi pengembalian"
        tone="text-emerald-800"
      />
    </div>
  );
}
