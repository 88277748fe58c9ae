import type { PaymentState, QrPayment } from '../../lib/ipc';
import { AppError } from '../../lib/ipc';
import { initialQrisState, phaseOf, qrisReducer, shouldPoll, type QrisState } from './qrisState';

const payment: QrPayment = {
  attemptId: 'att-1',
  orderId: 7,
  orderNumber: 'INV-261126-0007',
  qrSvg: '<svg/>',
  qrImageUrl: null,
  qrImageDataUrl: null,
  expiresInMs: 15 * 60_000,
  amount: 15000,
  expiresAt: Date.parse('2026-11-26T03:15:00.000Z'),
  provider: 'emulator',
  merchantName: 'Warung Alpiant',
  status: 'pending',
};

function reply(status: PaymentState['status'], extra: Partial<PaymentState> = {}): PaymentState {
  return {
    attemptId: 'att-1',
    orderId: 7,
    status,
    issuer: null,
    issuerLabel: null,
    anomaly: null,
    late: false,
    expiresAt: null,
    paidAt: null,
    processing: false,
    setAside: false,
    ...extra,
  };
}

const pending: QrisState = qrisReducer(initialQrisState, { type: 'qr', payment });

describe('qrisReducer', () => {
  it('a pending reply that was in flight during cancel does not reopen the attempt', () => {
    const cancelled = qrisReducer(pending, { type: 'state', state: reply('cancelled') });
    const stale = qrisReducer(cancelled, { type: 'state', state: reply('pending') });
    expect(phaseOf(stale)).toBe('cancelled');
    expect(shouldPoll(stale)).toBe(false);
  });

  it('paid after cancel or expiry still wins (late payment), and paid is final', () => {
    const expired = qrisReducer(pending, { type: 'state', state: reply('expired') });
    const paid = qrisReducer(expired, { type: 'state', state: reply('paid', { late: true, issuer: 'gopay', issuerLabel: 'GoPay' }) });
    expect(phaseOf(paid)).toBe('paid');
    expect(paid.late).toBe(true);
    const after = qrisReducer(paid, { type: 'state', state: reply('cancelled') });
    expect(after).toBe(paid);
    expect(qrisReducer(paid, { type: 'failed', op: 'check', error: new AppError('internal', 'y') })).toBe(paid);
  });

  it('ignores replies for another attempt', () => {
    expect(qrisReducer(pending, { type: 'state', state: { ...reply('paid'), attemptId: 'att-9' } })).toBe(pending);
  });

  it('an error is "Koneksi Bermasalah" but an anomaly outranks it', () => {
    const err = qrisReducer(pending, { type: 'failed', op: 'check', error: new AppError('gateway_unreachable', 'x') });
    expect(phaseOf(err)).toBe('error');
    expect(shouldPoll(err), 'keep polling (with backoff) through connection errors').toBe(true);
    const anomaly = qrisReducer(err, { type: 'state', state: reply('pending', { anomaly: 'Nominal tidak cocok' }) });
    expect(phaseOf(anomaly)).toBe('failed');
    expect(shouldPoll(anomaly)).toBe(false);
  });
});
