/**
 * Esc for a dialog. The dialog's owner decides what Esc means (see components/Modal): close, or
 * ask first, or nothing while a save is in flight (`enabled`).
 *
 * `capture` listens in the capture phase and stops the event there, so no handler of the page
 * behind the dialog sees it (the QRIS modal: Esc must never close the sale behind it).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';

export interface EscapeOptions {
  enabled?: boolean;
  capture?: boolean;
}

export function useEscape(onEscape: () => void, { enabled = true, capture = false }: EscapeOptions = {}) {
  const handler = useRef(onEscape);
  useLayoutEffect(() => {
    handler.current = onEscape;
  });

  useEffect(() => {
    if (!enabled) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      if (capture) e.stopImmediatePropagation();
      handler.current();
    };
    window.addEventListener('keydown', onKey, capture);
    return () => window.removeEventListener('keydown', onKey, capture);
  }, [enabled, capture]);
}
