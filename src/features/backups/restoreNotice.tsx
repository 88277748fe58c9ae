/**
 * "Data dipulihkan": what came back and where the safety copy of the replaced database is. A
 * restore signs everyone out, so the sign-in screen replaces Pengaturan at once; the notice lives
 * here (outside the auth gate, mounted once in App.tsx) until the owner closes it.
 *
 * Test ids: backup-restore-done, backup-restore-safety, backup-restore-done-close.
 */
import { useSyncExternalStore } from 'react';
import type { Restored } from '../../lib/ipc';

let current: Restored | null = null;
const listeners = new Set<() => void>();

export function showRestoreNotice(restored: Restored | null): void {
  current = restored;
  for (const l of [...listeners]) l();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function RestoreNotice() {
  const restored = useSyncExternalStore(subscribe, () => current, () => null);
  if (restored === null) return null;
  const info = restored.restored;
  return (
    <div
      role="status"
      data-testid="backup-restore-done"
      className="fixed bottom-4 left-1/2 z-[60] w-[min(40rem,calc(100%-2rem))] -translate-x-1/2 rounded-xl bg-emerald-50 px-4 py-3 text-sm text-emerald-950 shadow-lg ring-1 ring-emerald-300"
    >
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1 space-y-1">
          <p className="font-semibold">
            Data dipulihkan: {info.shopName} · {info.orders.toLocaleString('id-ID')} pesanan
          </p>
          <p className="break-all text-xs">Dari {info.path}</p>
          <p className="break-all text-xs" data-testid="backup-restore-safety">
            Data sebelumnya disimpan sebagai cadangan pengaman di {restored.safetyCopy.path}
          </p>
          <p className="text-xs">Semua pengguna perlu masuk lagi dengan PIN.</p>
        </div>
        <button
          type="button"
          data-testid="backup-restore-done-close"
          onClick={() => showRestoreNotice(null)}
          aria-label="Tutup"
          className="rounded-lg px-2 py-1 text-emerald-800 hover:bg-emerald-100"
        >
          ✕
        </button>
      </div>
    </div>
  );
}
