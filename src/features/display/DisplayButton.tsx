/**
 * The header's "Layar Pelanggan" button: opens the customer display on a chosen monitor
 * (fullscreen or not), moves it, or closes it. Rust remembers the choice per till and opens the
 * display again at the next start when it was open.
 */
import { useState } from 'react';
import { Button } from '../../components/Button';
import { controlClass, errorBox } from '../../components/styles';
import type { DisplayMonitor } from '../../lib/ipc';
import { useCloseDisplay, useDisplayWindow, useOpenDisplay } from './api';

function monitorLabel(m: DisplayMonitor, index: number): string {
  const name = m.name ?? `Monitor ${index + 1}`;
  return `${name} · ${m.width}×${m.height}${m.hasTill ? ' (layar kasir)' : ''}`;
}

export function DisplayButton() {
  const [menuOpen, setMenuOpen] = useState(false);
  const status = useDisplayWindow();
  const open = useOpenDisplay();
  const close = useCloseDisplay();
  const shown = status.data?.shown ?? false;
  const [monitorChoice, setMonitor] = useState<string | null>(null);
  const [fullscreenChoice, setFullscreen] = useState<boolean | null>(null);
  const monitors = status.data?.monitors ?? [];
  const monitor = monitorChoice ?? status.data?.settings.monitor ?? '';
  const fullscreen = fullscreenChoice ?? status.data?.settings.fullscreen ?? true;
  const busy = open.isPending || close.isPending;
  const error = open.error ?? close.error ?? status.error;

  return (
    <div className="relative">
      <button
        type="button"
        data-testid="display-toggle"
        data-open={shown ? 'true' : 'false'}
        aria-expanded={menuOpen}
        onClick={() => {
          setMenuOpen((o) => !o);
          void status.refetch();
        }}
        className={`rounded-full px-3 py-1 text-xs font-bold ${
          shown ? 'bg-white text-brand-800' : 'bg-white/15 text-white hover:bg-white/25'
        }`}
      >
        Layar Pelanggan{shown ? ' · aktif' : ''}
      </button>
      {menuOpen && (
        <div
          data-testid="display-menu"
          className="absolute right-0 z-40 mt-2 w-80 space-y-3 rounded-xl bg-white p-4 text-sm text-slate-800 shadow-lg ring-1 ring-slate-200"
        >
          <p className="font-bold">Layar Pelanggan</p>
          <label className="block font-medium text-slate-700">
            Monitor
            <select
              data-testid="display-monitor"
              className={`mt-1 w-full ${controlClass}`}
              value={monitor}
              onChange={(e) => setMonitor(e.target.value)}
            >
              <option value="">Otomatis (bukan layar kasir)</option>
              {monitors.map((m, i) =>
                m.name ? (
                  <option key={`${m.name}-${i}`} value={m.name}>
                    {monitorLabel(m, i)}
                  </option>
                ) : null,
              )}
            </select>
          </label>
          <label className="flex items-center gap-2 font-medium text-slate-700">
            <input
              type="checkbox"
              data-testid="display-fullscreen"
              className="h-4 w-4 accent-brand-600"
              checked={fullscreen}
              onChange={(e) => setFullscreen(e.target.checked)}
            />
            Layar penuh
          </label>
          <div className="flex flex-wrap gap-2">
            <Button
              size="sm"
              testId="display-open"
              disabled={busy}
              onClick={() =>
                open.mutate(
                  { open: true, monitor: monitor === '' ? null : monitor, fullscreen },
                  { onSuccess: () => setMenuOpen(false) },
                )
              }
            >
              {shown ? 'Pindahkan' : 'Buka'}
            </Button>
            {shown && (
              <Button
                size="sm"
                variant="secondary"
                testId="display-close"
                disabled={busy}
                onClick={() => close.mutate(undefined, { onSuccess: () => setMenuOpen(false) })}
              >
                Tutup
              </Button>
            )}
          </div>
          {error && (
            <p role="alert" className={errorBox}>
              {error.message}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
