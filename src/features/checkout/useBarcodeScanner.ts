/**
 * Keyboard-wedge barcode scanners "type" the code very fast and press Enter. This hook listens
 * on the whole window, recognises such bursts wherever the focus is, keeps the digits out of
 * whatever field had focus, and reports the code.
 *
 * It stands aside while any modal dialog is open (`useModalOpen`): typing fast in Kas Masuk/Keluar,
 * Tutup Kasir or the discount dialog is typing, not a scan.
 */
import { useEffect, useRef } from 'react';
import { useModalOpen } from '../../components/Modal';

/** Keys closer together than this belong to one scan; people do not type this fast. */
export const SCAN_GAP_MS = 50;
export const MIN_SCAN_LENGTH = 6;

interface Burst {
  chars: string;
  lastAt: number;
  target: EventTarget | null;
  valueBefore: string | null;
}

function restoreValue(target: EventTarget | null, value: string | null) {
  if (value === null || !(target instanceof HTMLInputElement)) return;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(target, value);
  target.dispatchEvent(new Event('input', { bubbles: true }));
}

export function useBarcodeScanner(onScan: (code: string) => void, enabled = true) {
  const burst = useRef<Burst | null>(null);
  const handler = useRef(onScan);
  useEffect(() => {
    handler.current = onScan;
  }, [onScan]);

  const modalOpen = useModalOpen();
  const listening = enabled && !modalOpen;

  useEffect(() => {
    if (!listening) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      const now = event.timeStamp || performance.now();
      const current = burst.current;
      const continues = current !== null && now - current.lastAt <= SCAN_GAP_MS;
      if (event.key === 'Enter') {
        if (continues && current.chars.length >= MIN_SCAN_LENGTH) {
          event.preventDefault();
          event.stopPropagation();
          restoreValue(current.target, current.valueBefore);
          burst.current = null;
          handler.current(current.chars);
          return;
        }
        burst.current = null;
        return;
      }
      if (event.key.length !== 1 || event.ctrlKey || event.altKey || event.metaKey) {
        burst.current = null;
        return;
      }
      if (continues) {
        // Part of a scan: keep it out of the focused field.
        event.preventDefault();
        current.chars += event.key;
        current.lastAt = now;
      } else {
        const target = event.target;
        burst.current = {
          chars: event.key,
          lastAt: now,
          target,
          valueBefore: target instanceof HTMLInputElement ? target.value : null,
        };
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      burst.current = null;
    };
  }, [listening]);
}
