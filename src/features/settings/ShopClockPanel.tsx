/**
 * Pengaturan → Toko & Waktu: the shop's timezone (WIB/WITA/WIT: day boundaries, order numbers,
 * times on screen and receipts) and when a business day starts (a café open past midnight
 * counts those sales in the previous day).
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { inputClass } from '../../components/styles';
import { toAppError } from '../../lib/ipc';
import { useSaveShopClock, useShopClock } from './api';

const ZONES = [
  { value: 'Asia/Jakarta', label: 'WIB — Waktu Indonesia Barat (UTC+7)' },
  { value: 'Asia/Makassar', label: 'WITA — Waktu Indonesia Tengah (UTC+8)' },
  { value: 'Asia/Jayapura', label: 'WIT — Waktu Indonesia Timur (UTC+9)' },
];

/** Business day start options, in minutes after midnight. */
const CUTOFFS = [0, 60, 120, 150, 180, 240, 300, 360];

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function ShopClockPanel({ readOnly = false }: { readOnly?: boolean }) {
  const clock = useShopClock();
  const [zone, setZone] = useState<string | null>(null);
  const [cutoff, setCutoff] = useState<number | null>(null);
  const save = useSaveShopClock();

  if (clock.isPending) {
    return <p className="p-5 text-sm text-slate-500">Memuat pengaturan…</p>;
  }
  if (clock.error) {
    return (
      <p role="alert" className="p-5 text-sm text-red-700">
        {toAppError(clock.error).message}
      </p>
    );
  }
  const currentZone = zone ?? clock.data.timezone;
  const currentCutoff = cutoff ?? clock.data.businessDayCutoffMinutes;
  const dirty = zone !== null || cutoff !== null;

  return (
    <div className="max-w-2xl space-y-4 p-5" data-testid="shop-clock">
      <section className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Waktu toko</h3>
        <Field
          label="Zona waktu"
          hint="Dipakai untuk jam di layar dan struk, nomor pesanan harian, dan batas hari di laporan."
        >
          <select
            disabled={readOnly}
            data-testid="shop-timezone"
            className={inputClass}
            value={currentZone}
            onChange={(e) => setZone(e.target.value)}
          >
            {ZONES.map((z) => (
              <option key={z.value} value={z.value}>
                {z.label}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Hari bisnis dimulai pukul"
          hint="Untuk toko yang buka lewat tengah malam: penjualan sebelum jam ini masuk ke hari sebelumnya di laporan."
        >
          <select
            disabled={readOnly}
            data-testid="shop-cutoff"
            className={inputClass}
            value={currentCutoff}
            onChange={(e) => setCutoff(Number(e.target.value))}
          >
            {CUTOFFS.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? '00:00 (tengah malam)' : hhmm(m)}
              </option>
            ))}
          </select>
        </Field>
        {save.error && (
          <p role="alert" className="text-sm text-red-700">
            {toAppError(save.error).message}
          </p>
        )}
        <div className="flex items-center gap-3">
          <Button
            size="sm"
            testId="shop-clock-save"
            disabled={readOnly || !dirty || save.isPending}
            onClick={() =>
              save.mutate(
                { ...clock.data, timezone: currentZone, businessDayCutoffMinutes: currentCutoff },
                {
                  onSuccess: () => {
                    setZone(null);
                    setCutoff(null);
                  },
                },
              )
            }
          >
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </Button>
          {save.isSuccess && !dirty && (
            <span className="text-sm text-green-700" data-testid="shop-clock-saved">
              Tersimpan.
            </span>
          )}
        </div>
      </section>
    </div>
  );
}
