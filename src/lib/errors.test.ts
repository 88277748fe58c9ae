import type { ErrorKind } from '../bindings/ErrorKind';
import { CONFIG_HINT, describeError, errorClass, HANDOVER_WARNING, needsSignIn } from './errors';
import { AppError, toAppError } from './ipc';

describe('describeError', () => {
  it('anomalies say what did not match and warn not to hand over the goods', () => {
    const v = describeError(new AppError('amount_mismatch', 'Nominal tidak cocok: Rp 1.500 ≠ Rp 15.000.'));
    expect(v.class).toBe('anomaly');
    expect(v.title).toBe('Anomali pembayaran: nominal tidak cocok');
    expect(v.message, "Rust's message is shown as it is").toBe('Nominal tidak cocok: Rp 1.500 ≠ Rp 15.000.');
    expect(v.warning).toBe(HANDOVER_WARNING);
    expect(v.retry).toBe(false);
    expect(describeError(new AppError('signature_mismatch', 'x')).title).toContain('tanda tangan');
    expect(describeError(new AppError('order_mismatch', 'x')).title).toContain('nomor pesanan');
  });

  it('connection kinds are "Koneksi Bermasalah" and may be retried', () => {
    const kinds: ErrorKind[] = [
      'gateway_unreachable',
      'gateway_timeout',
      'gateway_server_error',
      'gateway_rate_limited',
      'gateway_invalid_response',
    ];
    for (const kind of kinds) {
      const v = describeError(new AppError(kind, 'm'));
      expect(v.title, kind).toBe('Koneksi Bermasalah');
      expect(v.retry, kind).toBe(true);
      expect(v.warning, kind).toBeNull();
    }
  });

  it('config points at .env', () => {
    const v = describeError(new AppError('config', 'XENDIT_SECRET_KEY tidak valid.'));
    expect(v.class).toBe('config');
    expect(v.hint).toBe(CONFIG_HINT);
    expect(v.hint).toContain('.env');
    expect(v.retry).toBe(false);
  });

  it("everything else shows Rust's message", () => {
    const kinds: ErrorKind[] = ['validation', 'gateway_rejected', 'gateway_duplicate', 'printer_offline', 'internal'];
    for (const kind of kinds) {
      expect(errorClass(kind), kind).toBe('other');
      expect(describeError(new AppError(kind, 'Pesan dari Rust.')).message).toBe('Pesan dari Rust.');
    }
  });
});

describe('toAppError', () => {
  it('keeps a known kind and the message from Rust', () => {
    const e = toAppError({ kind: 'insufficient_stock', message: 'Stok Es Teh tinggal 2.' });
    expect(e).toBeInstanceOf(AppError);
    expect(e.kind).toBe('insufficient_stock');
    expect(e.message).toBe('Stok Es Teh tinggal 2.');
  });

  it("an unknown kind becomes 'internal' but keeps Rust's message; anything else is a generic internal error", () => {
    expect(toAppError({ kind: 'brand_new_kind', message: 'Pesan.' })).toMatchObject({ kind: 'internal', message: 'Pesan.' });
    expect(toAppError(new Error('boom')).kind).toBe('internal');
    expect(toAppError('boom').message).toBe('Terjadi kesalahan tak terduga. Coba lagi.');
  });
});

describe('sign-in and shift kinds', () => {
  it('not signed in and screen locked bring the PIN pad back', () => {
    for (const kind of ['not_signed_in', 'screen_locked'] as const) {
      expect(errorClass(kind), kind).toBe('session');
      expect(needsSignIn(kind), kind).toBe(true);
      expect(describeError(new AppError(kind, 'Layar terkunci.')).retry, kind).toBe(false);
    }
    expect(needsSignIn('owner_pin_required')).toBe(false);
    expect(needsSignIn('validation')).toBe(false);
  });

  it('PIN, owner-PIN and shift kinds have their own class and keep Rust\'s message', () => {
    expect(errorClass('wrong_pin')).toBe('pin');
    expect(errorClass('user_locked')).toBe('pin');
    expect(describeError(new AppError('user_locked', 'Akun Rina dikunci.')).title).toBe('Akun Terkunci');
    const owner = describeError(new AppError('owner_pin_required', 'Perlu PIN pemilik untuk menyesuaikan stok.'));
    expect(owner.class).toBe('permission');
    expect(owner.message).toBe('Perlu PIN pemilik untuk menyesuaikan stok.');
    expect(errorClass('shift_required')).toBe('shift');
    expect(errorClass('shift_already_open')).toBe('shift');
    expect(describeError(new AppError('shift_required', 'Belum ada shift.')).hint).toContain('Buka kasir');
  });
});
