/**
 * The PIN pad: pick your name, type 6 digits; it submits on the 6th. Digits and Backspace work on
 * the keyboard too (unless a text field has the focus). Used to sign in, to unlock / switch
 * cashier, and for "Perlu PIN pemilik" (with the owners only).
 *
 * Test ids: pin-pad, pin-user (data-user-name, aria-pressed), pin-key-0 … pin-key-9, pin-key-back,
 * pin-error.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toAppError, type User } from '../../lib/ipc';
import { ROLE_LABEL } from './session';

export const PIN_LENGTH = 6;

export interface PinPadProps {
  users: User[];
  /** Picked at first (e.g. the cashier whose screen is locked); with one user it is that one. */
  initialUserId?: number | null;
  /** Called on the 6th digit; a rejection shows its message and clears the digits. */
  onSubmit: (userId: number, pin: string) => Promise<unknown>;
  /** Shown above the pad, e.g. Rust's "Perlu PIN pemilik untuk …". */
  prompt?: string;
  /** Listen to the keyboard (off while another PIN pad is on top). */
  keyboard?: boolean;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

export function PinPad({ users, initialUserId = null, onSubmit, prompt, keyboard = true }: PinPadProps) {
  const only = users.length === 1 ? users[0].id : null;
  const [picked, setPicked] = useState<number | null>(
    initialUserId !== null && users.some((u) => u.id === initialUserId) ? initialUserId : only,
  );
  const userId = picked ?? only;
  const [digits, setDigitsState] = useState('');
  const digitsRef = useRef('');
  const setDigits = useCallback((value: string) => {
    digitsRef.current = value;
    setDigitsState(value);
  }, []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  // When the pad opened: enough to mark a user "terkunci" (Rust has the last word).
  const [openedAt] = useState(() => Date.now());

  const submit = useCallback(
    (pin: string) => {
      if (userId === null) return;
      busyRef.current = true;
      setBusy(true);
      onSubmit(userId, pin)
        .catch((e: unknown) => {
          setError(toAppError(e).message);
        })
        .finally(() => {
          busyRef.current = false;
          setBusy(false);
          setDigits('');
        });
    },
    [onSubmit, userId, setDigits],
  );

  const press = useCallback(
    (key: string) => {
      if (busyRef.current) return;
      if (key === 'back') {
        setDigits(digitsRef.current.slice(0, -1));
        return;
      }
      if (userId === null) {
        setError('Pilih nama Anda dulu.');
        return;
      }
      setError(null);
      const next = digitsRef.current + key;
      if (next.length > PIN_LENGTH) return;
      setDigits(next);
      if (next.length === PIN_LENGTH) submit(next);
    },
    [submit, userId, setDigits],
  );

  // A field behind the pad (the search box, a form under the owner-PIN dialog) must not keep
  // the focus, or typed digits would go there instead of the pad.
  useEffect(() => {
    const focused = document.activeElement;
    if (keyboard && focused instanceof HTMLElement && isTyping(focused)) focused.blur();
  }, [keyboard]);

  useEffect(() => {
    if (!keyboard) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (/^[0-9]$/.test(e.key)) {
        e.preventDefault();
        press(e.key);
      } else if (e.key === 'Backspace') {
        e.preventDefault();
        press('back');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, press]);

  const pick = (id: number) => {
    if (busyRef.current) return;
    setPicked(id);
    setDigits('');
    setError(null);
  };

  const key = (label: string, value: string, testId: string, aria?: string) => (
    <button
      key={testId}
      type="button"
      data-testid={testId}
      aria-label={aria}
      disabled={busy}
      onClick={() => press(value)}
      className="h-16 rounded-2xl bg-white text-2xl font-bold text-slate-800 shadow-sm ring-1 ring-slate-200 hover:bg-slate-50 active:bg-brand-50 disabled:opacity-50"
    >
      {label}
    </button>
  );

  return (
    <div data-testid="pin-pad" className="mx-auto flex w-full max-w-md flex-col items-center gap-5">
      {prompt && <p className="text-center text-sm font-medium text-slate-600">{prompt}</p>}
      <div className="flex flex-wrap justify-center gap-2" role="group" aria-label="Pilih pengguna">
        {users.map((u) => {
          const locked = u.lockedUntil !== null && u.lockedUntil > openedAt;
          return (
            <button
              key={u.id}
              type="button"
              data-testid="pin-user"
              data-user-name={u.name}
              aria-pressed={userId === u.id}
              onClick={() => pick(u.id)}
              className={`min-w-28 rounded-xl px-4 py-3 text-left ring-1 transition ${
                userId === u.id
                  ? 'bg-brand-700 text-white ring-brand-700'
                  : 'bg-white text-slate-800 ring-slate-200 hover:bg-slate-50'
              }`}
            >
              <span className="block font-semibold">{u.name}</span>
              <span className={`block text-xs ${userId === u.id ? 'text-brand-100' : 'text-slate-500'}`}>
                {ROLE_LABEL[u.role]}
                {locked && ' · terkunci'}
              </span>
            </button>
          );
        })}
      </div>
      <div className="flex gap-3" aria-label={`${digits.length} dari ${PIN_LENGTH} angka`} data-testid="pin-dots">
        {Array.from({ length: PIN_LENGTH }, (_, i) => (
          <span
            key={i}
            className={`h-4 w-4 rounded-full ${i < digits.length ? 'bg-brand-700' : 'bg-slate-300'}`}
          />
        ))}
      </div>
      <div className="min-h-5">
        {error && (
          <p role="alert" data-testid="pin-error" className="text-center text-sm font-medium text-red-700">
            {error}
          </p>
        )}
      </div>
      <div className="grid w-72 grid-cols-3 gap-3">
        {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((d) => key(d, d, `pin-key-${d}`))}
        <span />
        {key('0', '0', 'pin-key-0')}
        {key('⌫', 'back', 'pin-key-back', 'Hapus')}
      </div>
      {busy && <p className="text-xs text-slate-500">Memeriksa PIN…</p>}
    </div>
  );
}
