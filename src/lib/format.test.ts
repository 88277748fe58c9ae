import { formatRupiah, parseRupiah } from './format';

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
