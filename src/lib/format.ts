/** Display helpers. Money is whole rupiah (`number` holding an integer). */

/** 15000 → "Rp 15.000"; -2000 → "-Rp 2.000". Same output as Rust's `format_rupiah`. */
export function formatRupiah(amount: number): string {
  const abs = Math.abs(Math.trunc(amount));
  const grouped = abs.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return amount < 0 ? `-Rp ${grouped}` : `Rp ${grouped}`;
}

/** Parse what a cashier typed ("50.000", "50000", "Rp 50.000") into whole rupiah. */
export function parseRupiah(text: string): number | null {
  const digits = text.replace(/[^0-9]/g, '');
  if (digits.length === 0 || digits.length > 12) return null;
  return Number.parseInt(digits, 10);
}

/**
 * Times cross IPC as UTC unix milliseconds and are shown in the shop's timezone (`useShopTimeZone`
 * in lib/shop.ts), never the computer's.
 */

/** 1795662300000 in Asia/Jakarta → "26/11/2026 10.05". */
export function formatDateTime(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return '-';
  return new Intl.DateTimeFormat('id-ID', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

/** The header clock: "Kamis, 26 November 10.05". */
export function formatClock(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

/** 1795662300000 in Asia/Jakarta → "10.05" (the header's "sejak 10.05"). */
export function formatTime(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return '-';
  return new Intl.DateTimeFormat('id-ID', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(ms));
}

/** Rates (tax, service, discounts) cross IPC in basis points: 1100 = 11 %. */

/** What was typed as a percentage ("11", "12,5") → basis points; null when not a percentage in 0–100. Not money: a rate. */
export function percentToBps(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const bps = Math.round(Number.parseFloat(t) * 100);
  return bps >= 0 && bps <= 10_000 ? bps : null;
}

/** Basis points → "12,5" (for a percent field). */
export function bpsToPercent(bps: number): string {
  return (bps / 100).toLocaleString('id-ID', { maximumFractionDigits: 2, useGrouping: false });
}


/** A split order's tenders in one line: "Tunai Rp 20.000 + QRIS (GoPay) Rp 31.000" (labels from Rust). */
export function tendersLine(tenders: { label: string; amount: number }[]): string {
  return tenders.map((t) => `${t.label} ${formatRupiah(t.amount)}`).join(' + ');
}
