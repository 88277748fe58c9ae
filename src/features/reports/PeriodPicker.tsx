import { useState } from 'react';
import type { Period, PeriodRequest, Preset } from '../../lib/ipc';
import { formatRange } from './format';

const PRESETS: { preset: Exclude<Preset, 'custom'>; label: string }[] = [
  { preset: 'today', label: 'Hari ini' },
  { preset: 'yesterday', label: 'Kemarin' },
  { preset: 'last7Days', label: '7 hari terakhir' },
  { preset: 'thisMonth', label: 'Bulan ini' },
  { preset: 'lastMonth', label: 'Bulan lalu' },
];

interface Props {
  value: PeriodRequest;
  resolved: Period | undefined;
  onChange: (req: PeriodRequest) => void;
}

/** Presets and a custom range of business dates; Rust resolves them in the shop's timezone. */
export function PeriodPicker({ value, resolved, onChange }: Props) {
  const [from, setFrom] = useState(value.from ?? resolved?.from ?? '');
  const [to, setTo] = useState(value.to ?? resolved?.to ?? '');
  const customValid = from !== '' && to !== '' && from <= to;
  return (
    <div className="flex flex-wrap items-end gap-2" data-testid="period-picker">
      <div className="flex flex-wrap gap-1" role="group" aria-label="Periode">
        {PRESETS.map((p) => (
          <button
            key={p.preset}
            type="button"
            data-testid={`preset-${p.preset}`}
            aria-pressed={value.preset === p.preset}
            onClick={() => onChange({ preset: p.preset })}
            className={`rounded-lg px-3 py-1.5 text-sm font-medium ${
              value.preset === p.preset
                ? 'bg-brand-700 text-white'
                : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50'
            }`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <div className="flex items-end gap-1">
        <label className="text-xs text-slate-500">
          Dari
          <input
            type="date"
            data-testid="custom-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            className="block rounded-lg border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <label className="text-xs text-slate-500">
          Sampai
          <input
            type="date"
            data-testid="custom-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            className="block rounded-lg border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <button
          type="button"
          data-testid="custom-apply"
          disabled={!customValid}
          onClick={() => onChange({ preset: 'custom', from, to })}
          className={`rounded-lg px-3 py-1.5 text-sm font-medium ring-1 ring-slate-200 disabled:opacity-40 ${
            value.preset === 'custom' ? 'bg-brand-700 text-white' : 'bg-white text-slate-700'
          }`}
        >
          Terapkan
        </button>
      </div>
      {resolved && (
        <p className="w-full text-xs text-slate-500" data-testid="period-label">
          {formatRange(resolved.from, resolved.to)} · {resolved.zoneLabel}
          {resolved.cutoffMinutes > 0 &&
            ` · hari bisnis mulai ${String(Math.floor(resolved.cutoffMinutes / 60)).padStart(2, '0')}:${String(resolved.cutoffMinutes % 60).padStart(2, '0')}`}
        </p>
      )}
    </div>
  );
}
