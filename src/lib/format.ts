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

/** Local time for people: "26/11/2026 14.05". */
export function formatDateTime(iso: string, timeZone = 'Asia/Jakarta'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '-';
  return new Intl.DateTimeFormat('id-ID', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}
