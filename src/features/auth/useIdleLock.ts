/**
 * After `minutes` without mouse, touch or keyboard the screen locks (`lock_screen({ idle: true })`).
 * 0 = never. Rust also locks on the next command after the same idle time, so a sleeping window
 * cannot skip it.
 */
import { useEffect, useRef } from 'react';

const ACTIVITY = ['mousemove', 'mousedown', 'keydown', 'touchstart', 'wheel', 'pointerdown'] as const;

export function useIdleLock(minutes: number, enabled: boolean, onIdle: () => void): void {
  const handler = useRef(onIdle);
  useEffect(() => {
    handler.current = onIdle;
  });
  useEffect(() => {
    if (!enabled || minutes <= 0) return undefined;
    const ms = minutes * 60_000;
    let timer = window.setTimeout(() => handler.current(), ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => handler.current(), ms);
    };
    for (const type of ACTIVITY) window.addEventListener(type, reset, { passive: true });
    return () => {
      window.clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, reset);
    };
  }, [minutes, enabled]);
}
