/**
 * "Kembalikan" a paid order, whole or by line and quantity, with a reason. The amount shown is
 * the one Rust computes for the current lines (`plan_refund`, asked again on every change); the
 * window never adds money up. A cash sale is paid back from the drawer at once; a QRIS sale is
 * asked of its gateway, which may succeed, stay "diproses gateway" (followed by the worker; the
 * status here follows the change feed) or refuse with a reason, and then "Kembalikan tunai" pays
 * the same lines from the drawer instead, recorded as replacing the failed refund.
 *
 * Test ids: refund-dialog, refund-qty-<orderLineId>, refund-restock-<orderLineId> (the "rusak"
 * checkbox: checked = damaged, not restocked), refund-all, refund-reason, refund-amount,
 * refund-method, refund-cash-instead, refund-submit, refund-error, refund-result, refund-failure,
 * refund-to-cash, refund-done.
 */
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { controlClass, errorBox, inputClass } from '../../components/styles';
import { useEscape } from '../../components/useEscape';
import { formatRupiah } from '../../lib/format';
import { toAppError, type Refund, type RefundInput, type Refundable } from '../../lib/ipc';
import { useCan } from '../auth';
import { useRefundOrder, useRefundPlan, useRefundable } from './api';
import { refundMethodLabel, STATUS_TONE } from './labels';
import { RefundChain } from './RefundChain';

export function RefundDialog({ orderId, onClose }: { orderId: number; onClose: () => void }) {
  const refundable = useRefundable(orderId);
  const refund = useRefundOrder();
  useEscape(onClose, { enabled: !refund.isPending });
  const r = refundable.data;
  return (
    <Modal
      title={r ? `Pengembalian ${r.orderNumber}` : 'Pengembalian'}
      testId="refund-dialog"
      width="max-w-2xl"
      onClose={refund.isPending ? undefined : onClose}
    >
      {refundable.isPending && <p className="text-sm text-slate-500">Memuat pesanan…</p>}
      {refundable.error && (
        <p role="alert" data-testid="refund-error" className={errorBox}>
          {toAppError(refundable.error).message}
        </p>
      )}
      {r && <RefundForm refundable={r} refund={refund} onClose={onClose} />}
    </Modal>
  );
}

type RefundMutation = ReturnType<typeof useRefundOrder>;

function RefundForm({
  refundable: r,
  refund,
  onClose,
}: {
  refundable: Refundable;
  refund: RefundMutation;
  onClose: () => void;
}) {
  const canRefund = useCan('refund');
  const [qty, setQty] = useState<Record<number, number>>({});
  const [damaged, setDamaged] = useState<Record<number, boolean>>({});
  const [reason, setReason] = useState('');
  const [cashInstead, setCashInstead] = useState(false);
  const [result, setResult] = useState<Refund | null>(null);
  // A cashier's plan needs the owner's PIN each time: it is asked for on demand, not per keystroke.
  const [askedFor, setAskedFor] = useState<string | null>(null);

  const remaining = (lineId: number) => {
    const l = r.lines.find((x) => x.orderLineId === lineId);
    return l ? Math.max(0, l.sold - l.returned) : 0;
  };
  const lines = r.lines
    .filter((l) => (qty[l.orderLineId] ?? 0) > 0)
    .map((l) => ({ orderLineId: l.orderLineId, qty: qty[l.orderLineId], restock: !damaged[l.orderLineId] }));
  const toCash = r.method === 'qris' && cashInstead;
  // The plan does not depend on the reason: it is left out so typing it asks Rust nothing.
  const planReq: RefundInput | null =
    lines.length > 0 ? { orderId: r.orderId, lines, reason: '', toCash, replacesRefundId: null } : null;
  const planKey = planReq ? JSON.stringify(planReq) : null;
  const plan = useRefundPlan(planReq, canRefund || (planKey !== null && askedFor === planKey));
  const planFresh = plan.data !== undefined && !plan.isPlaceholderData && planReq !== null;
  const allReturned = r.lines.every((l) => l.returned >= l.sold);
  const reasonOk = reason.trim() !== '';
  const canSubmit = planFresh && reasonOk && !refund.isPending && !plan.isFetching;

  const setLineQty = (lineId: number, text: string) => {
    const n = Number.parseInt(text, 10);
    const clamped = Number.isFinite(n) ? Math.min(Math.max(n, 0), remaining(lineId)) : 0;
    setQty((q) => ({ ...q, [lineId]: clamped }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!canSubmit || planReq === null) return;
    refund.mutate({ ...planReq, reason: reason.trim() }, { onSuccess: setResult });
  };

  if (result) {
    return <RefundResult refundable={r} result={result} refund={refund} onResult={setResult} onClose={onClose} />;
  }

  return (
    <form className="space-y-4 text-sm" onSubmit={submit} noValidate>
      <p className="text-slate-600">
        Dibayar {formatRupiah(r.paidTotal)} · {r.method === 'qris' ? 'QRIS' : 'Tunai'}
        {r.refundedTotal > 0 && ` · sudah dikembalikan ${formatRupiah(r.refundedTotal)}`}
      </p>
      <table className="w-full text-left">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1">Barang</th>
            <th className="px-2 text-right">Terjual</th>
            <th className="px-2 text-right">Sudah kembali</th>
            <th className="px-2 text-right">Sisa</th>
            <th className="px-2 text-right">Kembalikan</th>
            <th className="pl-3">Rusak (tidak ke stok)</th>
          </tr>
        </thead>
        <tbody>
          {r.lines.map((l) => {
            const left = remaining(l.orderLineId);
            return (
              <tr key={l.orderLineId} className="border-t border-slate-100" data-testid={`refund-line-${l.orderLineId}`}>
                <td className="py-1">
                  {l.name}
                  <span className="block text-xs text-slate-500">{formatRupiah(l.unitPrice)}</span>
                </td>
                <td className="px-2 text-right">{l.sold}</td>
                <td className="px-2 text-right">{l.returned}</td>
                <td className="px-2 text-right" data-testid={`refund-left-${l.orderLineId}`}>
                  {left}
                </td>
                <td className="text-right">
                  <input
                    type="number"
                    min={0}
                    max={left}
                    step={1}
                    inputMode="numeric"
                    aria-label={`Jumlah ${l.name} dikembalikan`}
                    data-testid={`refund-qty-${l.orderLineId}`}
                    className={`${controlClass} w-20 text-right`}
                    disabled={left === 0 || refund.isPending}
                    value={String(qty[l.orderLineId] ?? 0)}
                    onChange={(e) => setLineQty(l.orderLineId, e.target.value)}
                  />
                </td>
                <td className="pl-3">
                  <label className="flex items-center gap-2 text-xs text-slate-700">
                    <input
                      type="checkbox"
                      className="h-4 w-4 accent-red-600"
                      data-testid={`refund-restock-${l.orderLineId}`}
                      disabled={left === 0 || refund.isPending}
                      checked={!!damaged[l.orderLineId]}
                      onChange={(e) => setDamaged((d) => ({ ...d, [l.orderLineId]: e.target.checked }))}
                    />
                    rusak
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          size="sm"
          testId="refund-all"
          disabled={allReturned || refund.isPending}
          onClick={() =>
            setQty(Object.fromEntries(r.lines.map((l) => [l.orderLineId, remaining(l.orderLineId)])))
          }
        >
          Kembalikan semua
        </Button>
        {allReturned && <span className="text-xs text-slate-500">Semua barang sudah dikembalikan.</span>}
        {r.method === 'qris' && (
          <label className="flex items-center gap-2 text-xs text-slate-700">
            <input
              type="checkbox"
              className="h-4 w-4 accent-brand-600"
              data-testid="refund-cash-instead"
              checked={cashInstead}
              disabled={refund.isPending}
              onChange={(e) => setCashInstead(e.target.checked)}
            />
            Kembalikan tunai dari laci (bukan lewat QRIS)
          </label>
        )}
      </div>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">Alasan (wajib)</span>
        <input
          data-testid="refund-reason"
          className={inputClass}
          value={reason}
          maxLength={200}
          placeholder="mis. barang rusak, salah pesan"
          onChange={(e) => setReason(e.target.value)}
        />
      </label>
      <div className="rounded-lg bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
        <p className="flex items-center justify-between">
          <span className="text-slate-600">Dikembalikan</span>
          {planReq === null ? (
            <span className="text-slate-400">Pilih barang yang dikembalikan</span>
          ) : plan.data ? (
            <span
              className={`text-lg font-bold text-slate-900 ${planFresh ? '' : 'opacity-50'}`}
              data-testid="refund-amount"
            >
              {formatRupiah(plan.data.amount)}
            </span>
          ) : !canRefund && askedFor !== planKey ? (
            <Button size="sm" variant="secondary" testId="refund-plan-ask" onClick={() => setAskedFor(planKey)}>
              Hitung jumlah
            </Button>
          ) : (
            <span className="text-slate-400">Menghitung…</span>
          )}
        </p>
        <p className="text-xs text-slate-600" data-testid="refund-method">
          {refundMethodLabel(plan.data && planFresh ? plan.data.method : toCash ? 'cash' : r.method, r.method)}
        </p>
        {plan.error && planReq !== null && (
          <p role="alert" className="mt-1 text-xs text-red-700" data-testid="refund-plan-error">
            {toAppError(plan.error).message}
          </p>
        )}
      </div>
      {refund.error && toAppError(refund.error).kind === 'gateway_refund_refused' ? (
        // The gateway (or the payer's app) said no before a refund was recorded as failed.
        <div className={errorBox} data-testid="refund-failure" role="alert">
          <p className="font-semibold">Pengembalian QRIS ditolak</p>
          <p>{toAppError(refund.error).message}</p>
          <Button
            size="sm"
            className="mt-2"
            testId="refund-to-cash"
            disabled={planReq === null || !reasonOk}
            onClick={() => {
              if (planReq === null) return;
              const failed = [...r.refunds].reverse().find((x) => x.status === 'failed');
              refund.mutate(
                { ...planReq, reason: reason.trim(), toCash: true, replacesRefundId: failed?.id ?? null },
                { onSuccess: setResult },
              );
            }}
          >
            Kembalikan tunai
          </Button>
        </div>
      ) : (
        refund.error && (
          <p role="alert" data-testid="refund-error" className={errorBox}>
            {toAppError(refund.error).message}
          </p>
        )
      )}
      <RefundChain refunds={r.refunds} />
      <div className="flex items-center justify-end gap-2">
        {!reasonOk && planReq !== null && <span className="mr-auto text-xs text-slate-500">Isi alasan pengembalian.</span>}
        <Button variant="secondary" size="sm" onClick={onClose} disabled={refund.isPending}>
          Batal
        </Button>
        <Button type="submit" variant="danger" size="sm" testId="refund-submit" disabled={!canSubmit}>
          {refund.isPending
            ? r.method === 'qris' && !toCash
              ? 'Menghubungi gateway…'
              : 'Memproses…'
            : planFresh
              ? `Kembalikan ${formatRupiah(plan.data.amount)}`
              : 'Kembalikan'}
        </Button>
      </div>
    </form>
  );
}

/**
 * What happened: done, "diproses gateway" (its live status from the refund chain, which the
 * change feed refreshes), or refused with the reason and "Kembalikan tunai".
 */
function RefundResult({
  refundable: r,
  result,
  refund,
  onResult,
  onClose,
}: {
  refundable: Refundable;
  result: Refund;
  refund: RefundMutation;
  onResult: (refund: Refund) => void;
  onClose: () => void;
}) {
  const live = r.refunds.find((x) => x.id === result.id) ?? result;
  const replaced = r.refunds.some((x) => x.replacesRefundId === live.id && x.status !== 'failed');
  const toCash = () =>
    refund.mutate(
      {
        orderId: r.orderId,
        lines: live.lines.map((l) => ({ orderLineId: l.orderLineId, qty: l.qty, restock: l.restock })),
        reason: live.reason,
        toCash: true,
        replacesRefundId: live.id,
      },
      { onSuccess: onResult },
    );
  return (
    <div className="space-y-3 text-sm" data-testid="refund-result" data-refund-status={live.status}>
      <p className="flex items-center gap-2">
        <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_TONE[live.status]}`}>
          {live.statusLabel}
        </span>
        <span className="font-semibold text-slate-900">{formatRupiah(live.amount)}</span>
        <span className="text-slate-600">{refundMethodLabel(live.method, r.method)}</span>
      </p>
      {live.status === 'succeeded' && live.method === 'cash' && (
        <p className="text-slate-600">Ambil uangnya dari laci; nota pengembalian dicetak.</p>
      )}
      {live.status === 'succeeded' && live.method === 'qris' && (
        <p className="text-slate-600">Gateway sudah mengembalikan dana ke aplikasi pembayar.</p>
      )}
      {live.status === 'pending' && (
        <p className="text-slate-600">
          Gateway sedang memproses pengembalian ini; statusnya diperbarui otomatis.
        </p>
      )}
      {live.status === 'failed' && (
        <div className={errorBox} data-testid="refund-failure" role="alert">
          <p className="font-semibold">Pengembalian QRIS ditolak</p>
          <p>{live.failureReason ?? 'Gateway tidak menjelaskan alasannya.'}</p>
          {!replaced && (
            <div className="mt-2 flex items-center gap-2">
              <Button size="sm" testId="refund-to-cash" disabled={refund.isPending} onClick={toCash}>
                {refund.isPending ? 'Memproses…' : `Kembalikan tunai ${formatRupiah(live.amount)}`}
              </Button>
              <span className="text-xs">dari laci kasir yang sedang buka</span>
            </div>
          )}
        </div>
      )}
      {refund.error && (
        <p role="alert" data-testid="refund-error" className={errorBox}>
          {toAppError(refund.error).message}
        </p>
      )}
      <RefundChain refunds={r.refunds} />
      <div className="flex justify-end">
        <Button size="sm" testId="refund-done" disabled={refund.isPending} onClick={onClose}>
          Selesai
        </Button>
      </div>
    </div>
  );
}
