import { formatClock, formatDateTime, formatRupiah, formatTime, parseRupiah } from './format';

describe('formatRupiah', () => {
  it('groups thousands with dots like Rust does', () => {
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(15000)).toBe('Rp 15.000');
    expect(formatRupiah(1234567)).toBe('Rp 1.234.567');
    expect(formatRupiah(-2000)).toBe('-Rp 2.000');
  });
});

describe('parseRupiah', () => {
  it('accepts what cashiers type', () => {
    expect(parseRupiah('50.000')).toBe(50000);
    expect(parseRupiah('Rp 20.000')).toBe(20000);
    expect(parseRupiah('')).toBeNull();
    expect(parseRupiah('abc')).toBeNull();
  });
});

describe('formatDateTime', () => {
  const at = Date.parse('2026-11-26T17:30:00.000Z');

  it('shows UTC milliseconds in the shop timezone, not the computer\'s', () => {
    expect(formatDateTime(at, 'Asia/Jakarta'), 'WIB: 00:30 the next day').toBe('27/11/2026, 00.30');
    expect(formatDateTime(at, 'Asia/Makassar'), 'WITA').toBe('27/11/2026, 01.30');
    expect(formatDateTime(at, 'Asia/Jayapura'), 'WIT').toBe('27/11/2026, 02.30');
  });

  it('a missing or broken time is "-"', () => {
    expect(formatDateTime(Number.NaN, 'Asia/Jakarta')).toBe('-');
  });

  it('the header clock names the day in the shop timezone', () => {
    expect(formatClock(at, 'Asia/Jakarta')).toContain('Jumat');
    expect(formatClock(at, 'Asia/Jakarta')).toContain('00.30');
  });
});

describe('formatTime', () => {
  it('shows hours and minutes in the shop timezone', () => {
    const at = Date.parse('2026-11-26T15:05:00.000Z');
    expect(formatTime(at, 'Asia/Jakarta')).toBe('22.05');
    expect(formatTime(at, 'Asia/Makassar')).toBe('23.05');
  });
});
