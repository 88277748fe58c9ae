/**
 * Pengaturan → Toko & Waktu: the shop's timezone (WIB/WITA/WIT: day boundaries, order numbers,
 * times on screen and receipts) and when a business day starts (a café open past midnight
 * counts those sales in the previous day).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, reportsApi, toAppError, type ShopProfile } from '../../lib/ipc';

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

const input =
  'mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-200';

export function ShopClockPanel() {
  const client = useQueryClient();
  const profile = useQuery({ queryKey: ['shop-profile'], queryFn: api.getShopProfile });
  const reportSettings = useQuery({
    queryKey: ['report-settings'],
    queryFn: reportsApi.getReportSettings,
  });
  const [zone, setZone] = useState<string | null>(null);
  const [cutoff, setCutoff] = useState<number | null>(null);
  const save = useMutation<ShopProfile, Error, { zone: string; cutoff: number }>({
    mutationFn: async ({ zone: z, cutoff: c }) => {
      const saved = await api.setShopTimezone(z);
      await reportsApi.setBusinessDayCutoff(c);
      return saved;
    },
    onSuccess: () => {
      setZone(null);
      setCutoff(null);
      void client.invalidateQueries({ queryKey: ['shop-profile'] });
      void client.invalidateQueries({ queryKey: ['report-settings'] });
      void client.invalidateQueries({ queryKey: ['reports'] });
    },
  });

  if (profile.isPending || reportSettings.isPending) {
    return <p className="p-5 text-sm text-slate-500">Memuat pengaturan…</p>;
  }
  if (profile.error || reportSettings.error) {
    return (
      <p role="alert" className="p-5 text-sm text-red-700">
        {toAppError(profile.error ?? reportSettings.error).message}
      </p>
    );
  }
  const currentZone = zone ?? profile.data.timezone;
  const currentCutoff = cutoff ?? reportSettings.data.businessDayCutoffMinutes;
  const dirty = zone !== null || cutoff !== null;

  return (
    <div className="max-w-2xl space-y-4 p-5" data-testid="shop-clock">
      <section className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h3 className="text-sm font-bold uppercase tracking-wide text-slate-500">Waktu toko</h3>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Zona waktu</span>
          <select
            data-testid="shop-timezone"
            className={input}
            value={currentZone}
            onChange={(e) => setZone(e.target.value)}
          >
            {ZONES.map((z) => (
              <option key={z.value} value={z.value}>
                {z.label}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-500">
            Dipakai untuk jam di layar dan struk, nomor pesanan harian, dan batas hari di laporan.
          </span>
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">Hari bisnis dimulai pukul</span>
          <select
            data-testid="shop-cutoff"
            className={input}
            value={currentCutoff}
            onChange={(e) => setCutoff(Number(e.target.value))}
          >
            {CUTOFFS.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? '00:00 (tengah malam)' : hhmm(m)}
              </option>
            ))}
          </select>
          <span className="mt-1 block text-xs text-slate-500">
            Untuk toko yang buka lewat tengah malam: penjualan sebelum jam ini masuk ke hari
            sebelumnya di laporan.
          </span>
        </label>
        {save.error && (
          <p role="alert" className="text-sm text-red-700">
            {toAppError(save.error).message}
          </p>
        )}
        <div className="flex items-center gap-3">
          <button
            type="button"
            data-testid="shop-clock-save"
            disabled={!dirty || save.isPending}
            onClick={() => save.mutate({ zone: currentZone, cutoff: currentCutoff })}
            className="rounded-lg bg-brand-700 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-800 disabled:bg-slate-300"
          >
            {save.isPending ? 'Menyimpan…' : 'Simpan'}
          </button>
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
