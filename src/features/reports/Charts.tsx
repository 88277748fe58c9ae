import { useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatRupiah } from '../../lib/format';
import type { Dashboard } from '../../lib/ipc';
import { compactRupiah, formatDate, shortDate } from './format';

const COLORS = ['#0f766e', '#2563eb', '#f59e0b', '#db2777', '#7c3aed', '#059669', '#dc2626', '#64748b'];

function Panel({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid={testId}>
      <h3 className="mb-2 text-sm font-semibold text-slate-700">{title}</h3>
      {children}
    </section>
  );
}

const money = (v: unknown) => formatRupiah(Number(v));

export function DailyChart({ d }: { d: Dashboard }) {
  return (
    <Panel title="Penjualan per hari" testId="chart-daily">
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={d.byDay} margin={{ left: 8, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="date" tickFormatter={shortDate} fontSize={11} minTickGap={12} />
            <YAxis tickFormatter={compactRupiah} fontSize={11} width={56} />
            <Tooltip formatter={money} labelFormatter={(l) => formatDate(String(l))} />
            <Bar
              dataKey="omzet"
              name="Omzet"
              fill="#0f766e"
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Panel>
  );
}

export function HourlyChart({ d }: { d: Dashboard }) {
  const busiest = d.byHour.reduce((a, b) => (b.transactions > a.transactions ? b : a), d.byHour[0]);
  return (
    <Panel title={`Penjualan per jam (${d.period.zoneLabel})`} testId="chart-hourly">
      <div className="h-56">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={d.byHour} margin={{ left: 8, right: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="hour" tickFormatter={(h) => `${String(h).padStart(2, '0')}`} fontSize={11} />
            <YAxis tickFormatter={compactRupiah} fontSize={11} width={56} />
            <Tooltip formatter={money} labelFormatter={(h) => `Jam ${String(h).padStart(2, '0')}:00`} />
            <Bar
              dataKey="omzet"
              name="Omzet"
              fill="#2563eb"
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      </div>
      {busiest && busiest.transactions > 0 && (
        <p className="mt-1 text-xs text-slate-500" data-testid="busiest-hour">
          Jam tersibuk: {String(busiest.hour).padStart(2, '0')}:00 ({busiest.transactions} transaksi)
        </p>
      )}
    </Panel>
  );
}

/** Refunds and net (both from Rust) under a method's or issuer's omzet. */
function NetLine({ testId, refunds, net }: { testId: string; refunds: number; net: number }) {
  return (
    <span className="block text-xs text-slate-500">
      kembali{' '}
      <span className={refunds > 0 ? 'text-rose-700' : ''} data-testid={`${testId}-refunds`}>
        {refunds > 0 ? `−${formatRupiah(refunds)}` : formatRupiah(0)}
      </span>{' '}
      · bersih{' '}
      <span className="font-semibold text-slate-700" data-testid={`${testId}-net`}>
        {formatRupiah(net)}
      </span>
    </span>
  );
}

export function PaymentBreakdown({ d }: { d: Dashboard }) {
  const methods = d.byMethod.filter((m) => m.transactions > 0);
  return (
    <Panel title="Metode pembayaran" testId="payment-breakdown">
      <div className="flex flex-col gap-3 md:flex-row">
        <div className="h-40 md:w-1/2">
          <ResponsiveContainer width="100%" height="100%">
            <PieChart>
              <Pie
                data={methods}
                dataKey="omzet"
                nameKey="label"
                innerRadius={35}
                outerRadius={60}
                isAnimationActive={false}
              >
                {methods.map((m, i) => (
                  <Cell key={m.method} fill={COLORS[i % COLORS.length]} />
                ))}
              </Pie>
              <Tooltip formatter={money} />
            </PieChart>
          </ResponsiveContainer>
        </div>
        <div className="flex-1 text-sm">
          <ul>
            {d.byMethod.map((m) => (
              <li key={m.method} className="flex justify-between py-0.5" data-testid={`method-${m.method}`}>
                <span className="font-medium">{m.label}</span>
                <span className="text-right">
                  {m.transactions.toLocaleString('id-ID')} trx · {formatRupiah(m.omzet)}
                  <NetLine testId={`method-${m.method}`} refunds={m.refunds} net={m.net} />
                </span>
              </li>
            ))}
          </ul>
          <p className="mt-2 text-xs font-semibold uppercase text-slate-500">QRIS per penerbit</p>
          {d.byIssuer.length === 0 ? (
            <p className="text-xs text-slate-400">Belum ada pembayaran QRIS.</p>
          ) : (
            <ul>
              {d.byIssuer.map((i) => (
                <li
                  key={i.issuer ?? 'unknown'}
                  className="flex justify-between py-0.5"
                  data-testid={`issuer-${i.issuer ?? 'unknown'}`}
                >
                  <span>{i.label}</span>
                  <span className="text-right">
                    {i.transactions.toLocaleString('id-ID')} trx · {formatRupiah(i.omzet)}
                    <NetLine testId={`issuer-${i.issuer ?? 'unknown'}`} refunds={i.refunds} net={i.net} />
                  </span>
                </li>
              ))}
            </ul>
          )}
          <p className="mt-2 text-xs font-semibold uppercase text-slate-500">Per kasir</p>
          {d.byCashier.length === 0 ? (
            <p className="text-xs text-slate-400">Belum ada penjualan.</p>
          ) : (
            <ul data-testid="cashier-breakdown">
              {d.byCashier.map((c) => (
                <li
                  key={c.cashierId ?? 'none'}
                  className="flex justify-between py-0.5"
                  data-testid="cashier-row"
                >
                  <span>{c.name}</span>
                  <span className="text-right">
                    {c.transactions.toLocaleString('id-ID')} trx · {formatRupiah(c.omzet)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </Panel>
  );
}

export function TopProducts({ d }: { d: Dashboard }) {
  const [group, setGroup] = useState<'product' | 'variant'>('product');
  const list = (testId: string, title: string, rows: Dashboard['topByQty'], metric: 'qty' | 'revenue') => (
    <div className="flex-1" data-testid={testId}>
      <p className="mb-1 text-xs font-semibold uppercase text-slate-500">{title}</p>
      {rows.length === 0 ? (
        <p className="text-xs text-slate-400">Belum ada penjualan.</p>
      ) : (
        <ol className="text-sm">
          {rows.map((p, i) => (
            <li key={p.sku} className="flex justify-between py-0.5">
              <span>
                {i + 1}. {p.name}
              </span>
              <span className="font-medium">
                {metric === 'qty' ? `${p.qty.toLocaleString('id-ID')} pcs` : formatRupiah(p.revenue)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
  const toggle = (value: 'product' | 'variant', label: string) => (
    <button
      type="button"
      data-testid={`top-group-${value}`}
      aria-pressed={group === value}
      onClick={() => setGroup(value)}
      className={`rounded px-2 py-0.5 text-xs font-semibold ${
        group === value ? 'bg-slate-800 text-white' : 'bg-slate-100 text-slate-600'
      }`}
    >
      {label}
    </button>
  );
  return (
    <Panel title="Produk terlaris" testId="top-products">
      <div className="mb-2 flex gap-1" role="group" aria-label="Kelompokkan">
        {toggle('product', 'Per barang')}
        {toggle('variant', 'Per varian')}
      </div>
      {group === 'product' ? (
        <div className="flex flex-col gap-4 md:flex-row">
          {list('top-by-qty', 'Menurut jumlah', d.topByQty, 'qty')}
          {list('top-by-revenue', 'Menurut omzet', d.topByRevenue, 'revenue')}
        </div>
      ) : d.topVariants.length === 0 ? (
        <p className="text-xs text-slate-400">Belum ada penjualan.</p>
      ) : (
        <ol className="text-sm" data-testid="top-variants">
          {d.topVariants.map((v, i) => (
            <li key={`${v.sku}|${v.options}`} className="flex justify-between gap-2 py-0.5">
              <span>
                {i + 1}. {v.name}
                {v.options && <span className="block pl-4 text-xs text-slate-500">{v.options}</span>}
              </span>
              <span className="whitespace-nowrap text-right font-medium">
                {v.qty.toLocaleString('id-ID')} pcs
                <span className="block text-xs font-normal text-slate-500">{formatRupiah(v.revenue)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
