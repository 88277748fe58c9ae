/**
 * "Bayar Terpisah": one order paid in parts — part cash, part QRIS for the rest, or shared
 * between customers (equal shares, or each one's items), each part with its own QR. The order
 * and every part's amount come from Rust (`get_order`, `get_part_amount`); the window only says
 * how to split and how much cash was handed over. The order is Lunas when the parts add up
 * exactly (Rust decides); a QR part that expires leaves the parts taken and the rest due.
 *
 * Test ids: split-dialog, split-total, split-paid, split-due, split-tenders, split-plan-*,
 * split-people, split-item-N, split-amount, split-part, split-tendered, split-pay-cash,
 * split-pay-qris, split-cancel, split-void, split-error, split-last-change.
 */
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { controlClass, errorBox } from '../../components/styles';
import { formatRupiah, parseRupiah } from '../../lib/format';
import { api, counterApi, toAppError, type Order, type PartPlan } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

type PlanKind = 'rest' | 'equal' | 'items' | 'amount';

const PLAN_LABELS: Record<PlanKind, string> = {
  rest: 'Sisa',
  equal: 'Bagi rata',
  items: 'Per barang',
  amount: 'Nominal tunai',
};

export function SplitDialog({
  orderId,
  qrisAvailable,
  onQr,
  onPaid,
  onCancelled,
  onVoid,
}: {
  orderId: number;
  qrisAvailable: boolean;
  /** Show the QR for the next part by `plan` (the parent opens the QRIS modal). */
  onQr: (plan: PartPlan) => void;
  onPaid: (order: Order) => void;
  /** Nothing was paid and the split was given up: the cart (or bill) is as it was. */
  onCancelled: () => void;
  /** Parts were taken: the order is voided with a reason (cash parts handed back). */
  onVoid: (order: Order) => void;
}) {
  const queryClient = useQueryClient();
  const order = useQuery({
    queryKey: queryKeys.counter.split(orderId),
    queryFn: () => api.getOrder(orderId),
  });
  const o = order.data;
  const [kind, setKind] = useState<PlanKind>('rest');
  const [people, setPeople] = useState(2);
  const [items, setItems] = useState<number[]>([]);
  const [amountText, setAmountText] = useState('');
  const [tenderedText, setTenderedText] = useState('');
  const [lastChange, setLastChange] = useState<number | null>(null);

  const plan = useMemo<PartPlan | null>(() => {
    if (kind === 'rest') return { kind: 'rest' };
    if (kind === 'equal') return { kind: 'equal', people };
    if (kind === 'items') return items.length > 0 ? { kind: 'items', lines: items } : null;
    return null;
  }, [kind, people, items]);

  const awaiting = o?.status === 'awaiting_payment';
  const part = useQuery({
    queryKey: queryKeys.counter.partAmount(orderId, plan ?? { kind: 'rest' }),
    queryFn: () => counterApi.getPartAmount(orderId, plan ?? { kind: 'rest' }),
    enabled: plan !== null && awaiting,
  });
  const typed = parseRupiah(amountText);
  // Display only: Rust computes and checks the part it takes.
  const partAmount = kind === 'amount' ? typed : plan ? (part.data ?? null) : null;
  const tendered = parseRupiah(tenderedText);

  const payCash = useMutation({
    mutationFn: () =>
      counterApi.payPartCash(
        orderId,
        kind === 'amount' ? { amount: typed ?? 0 } : { plan: plan ?? { kind: 'rest' } },
        tendered ?? 0,
      ),
    onSuccess: (next) => {
      const last = next.tenders[next.tenders.length - 1];
      setLastChange(last?.change ?? null);
      setTenderedText('');
      setAmountText('');
      setItems([]);
      // Rust's answer is the order as it now stands; once paid, the effect below hands it on.
      queryClient.setQueryData(queryKeys.counter.split(orderId), next);
    },
  });
  const cancel = useMutation({
    mutationFn: () => counterApi.cancelSplit(orderId),
    onSuccess: onCancelled,
  });

  // Lunas, by the last cash part here or a part paid elsewhere (the QR modal, the worker).
  useEffect(() => {
    if (o?.status === 'paid') onPaid(o);
  }, [o, onPaid]);

  const busy = payCash.isPending || cancel.isPending;
  const canCash =
    awaiting && partAmount !== null && partAmount > 0 && tendered !== null && tendered >= partAmount && !busy;
  const canQr = awaiting && qrisAvailable && plan !== null && partAmount !== null && !busy;
  const error =
    (payCash.error && toAppError(payCash.error).message) ||
    (cancel.error && toAppError(cancel.error).message) ||
    (part.error && toAppError(part.error).message) ||
    (order.error && toAppError(order.error).message) ||
    null;
  const paid = o ? o.total - o.due : 0;

  return (
    <Modal title="Bayar Terpisah" testId="split-dialog" width="max-w-2xl">
      {!o ? (
        <p className="p-6 text-center text-slate-500">{error ?? 'Memuat pesanan…'}</p>
      ) : (
        <div className="space-y-4">
          <div className="grid grid-cols-3 gap-3 text-center">
            <Figure label="Total" value={o.total} testId="split-total" />
            <Figure label="Sudah dibayar" value={paid} testId="split-paid" />
            <Figure label="Sisa" value={o.due} testId="split-due" strong />
          </div>
          {o.tenders.length > 0 && (
            <ul data-testid="split-tenders" className="divide-y rounded-xl bg-slate-50 px-4 text-sm">
              {o.tenders.map((t, i) => (
                <li key={i} className="flex justify-between py-2">
                  <span>
                    {t.label}
                    {t.change ? ` · kembalian ${formatRupiah(t.change)}` : ''}
                  </span>
                  <span className="font-semibold tabular-nums">{formatRupiah(t.amount)}</span>
                </li>
              ))}
            </ul>
          )}
          {lastChange !== null && lastChange > 0 && (
            <p data-testid="split-last-change" className="rounded-lg bg-green-50 px-3 py-2 text-green-800">
              Kembalian: <span className="font-bold">{formatRupiah(lastChange)}</span>
            </p>
          )}

          <div className="flex flex-wrap gap-2">
            {(Object.keys(PLAN_LABELS) as PlanKind[]).map((k) => (
              <button
                key={k}
                type="button"
                data-testid={`split-plan-${k}`}
                aria-pressed={kind === k}
                onClick={() => setKind(k)}
                className={`rounded-lg px-3 py-2 text-sm font-semibold ring-1 ${
                  kind === k ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-slate-700 ring-slate-300'
                }`}
              >
                {PLAN_LABELS[k]}
              </button>
            ))}
          </div>
          {kind === 'equal' && (
            <label className="flex items-center gap-3 text-sm">
              <span>Jumlah orang (yang belum bayar)</span>
              <select
                data-testid="split-people"
                value={people}
                onChange={(e) => setPeople(Number(e.target.value))}
                className={controlClass}
              >
                {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={n}>
                    {n} orang
                  </option>
                ))}
              </select>
            </label>
          )}
          {kind === 'items' && (
            <ul className="max-h-48 space-y-1 overflow-auto text-sm">
              {o.lines.map((l, i) => (
                <li key={i}>
                  <label className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      data-testid={`split-item-${i}`}
                      checked={items.includes(i)}
                      onChange={(e) =>
                        setItems((cur) => (e.target.checked ? [...cur, i] : cur.filter((x) => x !== i)))
                      }
                    />
                    <span className="flex-1">
                      {l.qty}× {l.name}
                    </span>
                    <span className="tabular-nums">{formatRupiah(l.lineTotal)}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {kind === 'amount' && (
            <label className="flex items-center gap-3 text-sm">
              <span>Nominal dibayar tunai</span>
              <input
                data-testid="split-amount"
                inputMode="numeric"
                value={typed === null ? '' : typed.toLocaleString('id-ID')}
                onChange={(e) => setAmountText(e.target.value)}
                className={`${controlClass} w-40 text-right`}
                placeholder="0"
              />
            </label>
          )}

          <div className="flex items-baseline justify-between rounded-xl bg-brand-50 px-4 py-3">
            <span className="text-sm text-slate-600">Bagian ini</span>
            <span className="text-3xl font-extrabold tabular-nums" data-testid="split-part">
              {partAmount !== null ? formatRupiah(partAmount) : '–'}
            </span>
          </div>

          <div className="grid grid-cols-2 gap-3">
            <div className="space-y-2">
              <input
                data-testid="split-tendered"
                inputMode="numeric"
                value={tendered === null ? '' : tendered.toLocaleString('id-ID')}
                onChange={(e) => setTenderedText(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && canCash) payCash.mutate();
                }}
                className={`${controlClass} w-full text-right text-lg`}
                placeholder="Uang diterima"
                aria-label="Uang diterima"
              />
              <Button testId="split-pay-cash" className="w-full py-3" disabled={!canCash} onClick={() => payCash.mutate()}>
                Bayar Tunai
              </Button>
            </div>
            <Button
              testId="split-pay-qris"
              variant="secondary"
              className="py-3 text-lg"
              disabled={!canQr}
              title={kind === 'amount' ? 'Nominal bebas hanya untuk tunai' : qrisAvailable ? '' : 'QRIS belum diaktifkan'}
              onClick={() => plan && onQr(plan)}
            >
              QRIS {partAmount !== null && plan ? formatRupiah(partAmount) : ''}
            </Button>
          </div>

          {error && (
            <p role="alert" data-testid="split-error" className={errorBox}>
              {error}
            </p>
          )}

          <div className="flex justify-end border-t pt-3">
            {o.tenders.length === 0 ? (
              <Button testId="split-cancel" variant="secondary" disabled={busy} onClick={() => cancel.mutate()}>
                Batal (kembali ke keranjang)
              </Button>
            ) : (
              <Button testId="split-void" variant="secondary" disabled={busy} onClick={() => onVoid(o)}>
                Batalkan pesanan & kembalikan tunai
              </Button>
            )}
          </div>
        </div>
      )}
    </Modal>
  );
}

function Figure({ label, value, testId, strong }: { label: string; value: number; testId: string; strong?: boolean }) {
  return (
    <div className="rounded-xl bg-slate-50 px-3 py-2">
      <p className="text-xs text-slate-500">{label}</p>
      <p className={`tabular-nums ${strong ? 'text-2xl font-extrabold' : 'text-lg font-semibold'}`} data-testid={testId}>
        {formatRupiah(value)}
      </p>
    </div>
  );
}
