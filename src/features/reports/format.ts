/** Report display helpers (no arithmetic on orders: every figure comes from Rust). */

/** Basis points → "+12,3%" / "−4,0%"; null → "—". */
export function formatChange(bp: number | null): string {
  if (bp === null) return '—';
  const pct = (Math.abs(bp) / 100).toLocaleString('id-ID', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  if (bp > 0) return `+${pct}%`;
  if (bp < 0) return `−${pct}%`;
  return '0,0%';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

/** "2026-11-26" → "26 Nov 2026". */
export function formatDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map((x) => Number.parseInt(x, 10));
  if (!y || !m || !d) return ymd;
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "2026-11-26" → "26/11" (chart axis). */
export function shortDate(ymd: string): string {
  const [, m, d] = ymd.split('-');
  return `${d}/${m}`;
}

export function formatRange(from: string, to: string): string {
  return from === to ? formatDate(from) : `${formatDate(from)} – ${formatDate(to)}`;
}

/** Compact rupiah for chart axes: 1.250.000 → "1,3 jt". */
export function compactRupiah(n: number): string {
  if (Math.abs(n) >= 1_000_000_000) return `${(n / 1_000_000_000).toLocaleString('id-ID', { maximumFractionDigits: 1 })} M`;
  if (Math.abs(n) >= 1_000_000) return `${(n / 1_000_000).toLocaleString('id-ID', { maximumFractionDigits: 1 })} jt`;
  if (Math.abs(n) >= 1_000) return `${(n / 1_000).toLocaleString('id-ID', { maximumFractionDigits: 0 })} rb`;
  return String(n);
}
