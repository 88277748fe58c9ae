/**
 * Seconds left until `expiresAt` (the gateway's expiry, UTC unix ms), recomputed from Date.now()
 * a few times a second so a slow render never drifts the display. Null without an expiry.
 */
import { useEffect, useState } from 'react';

const TICK_MS = 250;

export function useCountdown(expiresAt: number | null, running: boolean): number | null {
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (expiresAt === null || !running) return;
    const tick = () => setNow(Date.now());
    const id = setInterval(tick, TICK_MS);
    const first = setTimeout(tick, 0);
    return () => {
      clearInterval(id);
      clearTimeout(first);
    };
  }, [expiresAt, running]);

  if (expiresAt === null || !Number.isFinite(expiresAt)) return null;
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** 125 → "02:05". */
export function formatCountdown(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
