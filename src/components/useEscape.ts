/** Close a dialog with Esc (the dialog's owner decides; see components/Modal). */
import { useEffect } from 'react';

export function useEscape(onEscape: () => void, enabled = true) {
  useEffect(() => {
    if (!enabled) return undefined;
    const handler = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onEscape();
      }
    };
    window.addEventListener('keydown', handler);
    return () => window.removeEventListener('keydown', handler);
  }, [onEscape, enabled]);
}
