/**
 * The QRIS modal's markup, driven entirely by `useQrisPayment` (no IPC, no timers here).
 * Every `data-testid` is used by the e2e tests (e2e/qris.e2e.mjs): keep them.
 */
import type { ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Modal } from '../../components/Modal';
import { SuccessCheck } from '../../components/SuccessCheck';
import { describeError, HANDOVER_WARNING, type ErrorView } from '../../lib/errors';
import { formatRupiah } from '../../lib/format';
import type { AttemptStatus, ErrorKind, PaymentMode, QrPayment } from '../../lib/ipc';
import { DemoPanel } from './DemoPanel';
import type { QrisPhase } from './qrisState';
import { formatCountdown } from './useCountdown';
import type { Busy, QrisPayment } from './useQrisPayment';

/** The countdown turns amber below this. */
const LOW_TIME_SECONDS = 60;
const WALLETS = ['GoPay', 'OVO', 'DANA', 'ShopeePay', 'm-banking'];

export function QrisView({ q, mode, partial = false }: { q: QrisPayment; mode: PaymentMode; partial?: boolean }) {
  const { state, phase, payment, busy } = q;
  return (
    <Modal
      title="Pembayaran QRIS"
      testId="qris-modal"
      width="max-w-3xl"
      onClose={q.closable && busy === null ? q.close : undefined}
    >
      <div className="space-y-4">
        <StatusBadge phase={phase} label={q.label} />

        {q.errorView && phase !== 'paid' && (
          <ErrorBox view={q.errorView} disabled={busy !== null || q.checking} onRetry={q.retry} />
        )}

        {q.canSetAside && (
          <div className="rounded-xl border border-slate-200 bg-slate-50 px-4 py-3">
            <Button variant="secondary" testId="qris-set-aside" disabled={busy !== null} onClick={q.setAside}>
              {busy === 'setAside' ? 'Menyimpan…' : 'Simpan & tutup'}
            </Button>
            <p className="mt-1 text-xs text-slate-600">Dicek otomatis saat koneksi kembali.</p>
          </div>
        )}

        {payment === null ? (
          state.error ? (
            <Actions>
              <Button variant="secondary" testId="qris-close" onClick={q.close}>
                Tutup
              </Button>
            </Actions>
          ) : (
            <Creating />
          )
        ) : phase === 'paid' ? (
          <Paid payment={payment} issuerLabel={state.issuerLabel} late={state.late} partial={partial} />
        ) : q.waiting ? (
          <div className="grid gap-6 md:grid-cols-[auto_1fr]">
            <QrImage payment={payment} />
            <div className="flex flex-col gap-4">
              <PaymentSummary payment={payment} remaining={q.remaining} />
              {q.processing && (
                <p
                  role="status"
                  data-testid="qris-processing"
                  className="rounded-xl bg-brand-50 px-4 py-3 font-semibold text-brand-900 ring-1 ring-brand-200"
                >
                  Pembayaran sedang diproses, tunggu sebentar
                </p>
              )}
              <div>
                <p className="font-medium text-slate-700">Scan dengan aplikasi e-wallet / m-banking</p>
                <p className="mt-1 text-xs text-slate-500">{WALLETS.join(' · ')}</p>
              </div>
              {q.confirmingCancel ? (
                <div className="rounded-xl bg-slate-100 px-4 py-3" data-testid="qris-cancel-confirm">
                  <p className="font-semibold text-slate-800">Batalkan pembayaran QRIS ini?</p>
                  <Actions>
                    <Button
                      variant="danger"
                      testId="qris-cancel-yes"
                      disabled={busy !== null}
                      onClick={q.confirmCancel}
                    >
                      {busy === 'cancel' ? 'Membatalkan…' : 'Ya, batalkan'}
                    </Button>
                    <Button
                      variant="secondary"
                      testId="qris-cancel-no"
                      disabled={busy !== null}
                      onClick={q.keepWaiting}
                    >
                      Tidak
                    </Button>
                  </Actions>
                </div>
              ) : (
                <Actions>
                  <Button testId="qris-check" disabled={q.checking} onClick={q.checkNow}>
                    {q.checking ? 'Mengecek…' : 'Cek Status'}
                  </Button>
                  <Button variant="secondary" testId="qris-cancel" onClick={q.askCancel}>
                    Batal
                  </Button>
                </Actions>
              )}
              {mode.demo && q.attemptId !== null && (
                <DemoPanel issuers={mode.demoIssuers} busy={busy === 'demo'} onPay={q.demoPay} />
              )}
            </div>
          </div>
        ) : (
          <Closed
            phase={phase}
            status={state.status}
            anomaly={state.anomaly}
            anomalyKind={state.anomalyKind}
            busy={busy}
            processing={q.processing}
            onNewQr={q.newQr}
            onClose={q.close}
          />
        )}
      </div>
    </Modal>
  );
}

const BADGE_TONE: Record<QrisPhase, string> = {
  creating: 'bg-slate-100 text-slate-700',
  pending: 'bg-brand-50 text-brand-800 ring-1 ring-brand-200',
  paid: 'bg-green-100 text-green-800',
  expired: 'bg-amber-100 text-amber-900',
  failed: 'bg-red-100 text-red-800',
  cancelled: 'bg-slate-200 text-slate-700',
  error: 'bg-red-100 text-red-800',
};

function StatusBadge({ phase, label }: { phase: QrisPhase; label: string }) {
  return (
    <p
      data-testid="qris-status"
      data-state={phase}
      aria-live="polite"
      className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${BADGE_TONE[phase]}`}
    >
      {label}
    </p>
  );
}

/** A failed call, shown by its kind: connection problems offer "Coba Lagi", config points at .env. */
function ErrorBox({ view, disabled, onRetry }: { view: ErrorView; disabled: boolean; onRetry: () => void }) {
  return (
    <div
      role="alert"
      data-testid="qris-error-box"
      data-error-class={view.class}
      className="rounded-xl border border-red-200 bg-red-50 px-4 py-3"
    >
      <p className="font-semibold text-red-800">{view.title}</p>
      <p className="text-sm text-red-700" data-testid="qris-error">
        {view.message}
      </p>
      {view.hint && (
        <p className="mt-1 text-sm font-medium text-red-900" data-testid="qris-error-hint">
          {view.hint}
        </p>
      )}
      {view.warning && <p className="mt-2 font-bold text-red-900">⚠ {view.warning}</p>}
      {view.retry && (
        <Button variant="danger" testId="qris-retry" className="mt-2 text-sm" onClick={onRetry} disabled={disabled}>
          Coba Lagi
        </Button>
      )}
    </div>
  );
}

function Creating() {
  return (
    <div className="flex flex-col items-center gap-3 py-16 text-slate-600">
      <span
        aria-hidden
        className="h-10 w-10 animate-spin rounded-full border-4 border-brand-200 border-t-brand-700"
      />
      <p>Membuat QR…</p>
    </div>
  );
}

/** Only local sources: the CSP allows no remote images, so `qrImageUrl` is never loaded. */
function qrSource(payment: QrPayment): string | null {
  if (payment.qrSvg) return `data:image/svg+xml;utf8,${encodeURIComponent(payment.qrSvg)}`;
  if (payment.qrImageDataUrl?.startsWith('data:')) return payment.qrImageDataUrl;
  return null;
}

function QrImage({ payment }: { payment: QrPayment }) {
  const src = qrSource(payment);
  return (
    <div className="flex h-[352px] w-[352px] shrink-0 items-center justify-center rounded-2xl bg-white p-4 ring-1 ring-slate-200">
      {src ? (
        <img
          data-testid="qris-image"
          src={src}
          width={320}
          height={320}
          alt={`QRIS ${formatRupiah(payment.amount)} untuk pesanan ${payment.orderNumber}`}
          className="h-80 w-80 bg-white [image-rendering:pixelated]"
        />
      ) : (
        <p className="text-center text-sm text-red-700">Gambar QR tidak tersedia. Cek Status atau buat QR baru.</p>
      )}
    </div>
  );
}

function PaymentSummary({ payment, remaining }: { payment: QrPayment; remaining: number | null }) {
  const low = remaining !== null && remaining < LOW_TIME_SECONDS;
  return (
    <div>
      <p className="text-sm text-slate-500">Total bayar</p>
      <p className="text-4xl font-extrabold tabular-nums text-slate-900" data-testid="qris-amount">
        {formatRupiah(payment.amount)}
      </p>
      <p className="mt-2 font-semibold text-slate-800">{payment.merchantName}</p>
      <p className="text-sm text-slate-500">
        No. pesanan <span className="font-mono">{payment.orderNumber}</span>
      </p>
      {remaining !== null && (
        <p className="mt-3 text-sm text-slate-600">
          Berlaku{' '}
          <span
            data-testid="qris-countdown"
            data-low={low ? 'true' : 'false'}
            className={`rounded-md px-2 py-0.5 font-mono text-lg font-bold tabular-nums ${
              low ? 'bg-amber-100 text-amber-800' : 'text-slate-900'
            }`}
          >
            {formatCountdown(remaining)}
          </span>
        </p>
      )}
    </div>
  );
}

function Paid({
  payment,
  issuerLabel,
  late,
  partial,
}: {
  payment: QrPayment;
  issuerLabel: string | null;
  late: boolean;
  /** One part of a split order: the rest may still be due. */
  partial: boolean;
}) {
  return (
    <div data-testid="qris-success" className="flex flex-col items-center gap-2 py-8 text-center">
      <SuccessCheck size={112} />
      <p className="mt-2 text-2xl font-bold text-green-700">
        {partial ? 'Bagian QRIS Terbayar' : 'Pembayaran Berhasil — Lunas'}
      </p>
      <p className="text-3xl font-extrabold tabular-nums">{formatRupiah(payment.amount)}</p>
      {issuerLabel && <p className="text-slate-600">via {issuerLabel}</p>}
      <p className="text-sm text-slate-500">
        No. pesanan <span className="font-mono">{payment.orderNumber}</span>
      </p>
      {late && (
        <p className="text-sm text-amber-800">Dibayar setelah QR kedaluwarsa/dibatalkan — tetap lunas.</p>
      )}
    </div>
  );
}

interface ClosedProps {
  phase: QrisPhase;
  status: AttemptStatus;
  anomaly: string | null;
  anomalyKind: ErrorKind | null;
  busy: Busy;
  processing: boolean;
  onNewQr: () => void;
  onClose: () => void;
}

/** Expired, failed (an anomaly or a gateway refusal) or cancelled. */
function Closed({ phase, status, anomaly, anomalyKind, busy, processing, onNewQr, onClose }: ClosedProps) {
  const failed = anomaly !== null || status === 'failed';
  const title =
    anomaly === null
      ? 'Pembayaran Gagal'
      : anomalyKind !== null
        ? describeError({ kind: anomalyKind, message: anomaly }).title
        : 'Anomali pembayaran';
  return (
    <div className="space-y-4 py-4">
      {failed ? (
        <div
          className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-4"
          data-testid="qris-failed"
          data-anomaly={anomaly !== null ? 'true' : 'false'}
        >
          <p className="text-xl font-bold text-red-800">{title}</p>
          <p className="mt-1 text-red-800">{anomaly ?? 'Gateway menolak atau gagal memproses pembayaran ini.'}</p>
          <p className="mt-3 font-bold text-red-900">⚠ {HANDOVER_WARNING}</p>
        </div>
      ) : status === 'expired' ? (
        <div className="text-center">
          <p className="text-2xl font-bold text-amber-800">QR Kedaluwarsa</p>
          <p className="text-slate-600">Pelanggan belum membayar. Buat QR baru untuk pesanan yang sama.</p>
        </div>
      ) : (
        <p className="text-center text-xl font-semibold text-slate-700">Pembayaran dibatalkan</p>
      )}
      <Actions>
        {!failed && !processing && status === 'expired' && (
          <Button testId="qris-new-qr" disabled={busy !== null} onClick={onNewQr}>
            {busy === 'generate' ? 'Membuat QR…' : 'Buat QR Baru'}
          </Button>
        )}
        <Button variant="secondary" testId="qris-close" disabled={busy !== null} onClick={onClose}>
          {phase === 'failed' && busy === 'cancel' ? 'Membatalkan…' : 'Tutup'}
        </Button>
      </Actions>
    </div>
  );
}

function Actions({ children }: { children: ReactNode }) {
  return <div className="mt-2 flex flex-wrap justify-end gap-2">{children}</div>;
}
