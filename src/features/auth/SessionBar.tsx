/** Header: who is signed in ("Rina · Kasir"), "Kunci" and "Keluar". */
import { useLockScreen, useSignOut } from './api';
import { ROLE_LABEL, useSession } from './session';

export function SessionBar() {
  const value = useSession();
  const lock = useLockScreen();
  const signOut = useSignOut();
  if (value === null) return null;
  const op = value.session.operator;
  return (
    <div className="flex shrink-0 flex-nowrap items-center gap-2 whitespace-nowrap">
      <span
        data-testid="session-user"
        className="whitespace-nowrap rounded-full bg-white/15 px-3 py-1 text-sm font-semibold text-white"
        title={`Kasir ${value.till}`}
      >
        {op.name} · {ROLE_LABEL[op.role]}
      </span>
      <button
        type="button"
        data-testid="lock-button"
        onClick={() => lock.mutate(false)}
        disabled={lock.isPending}
        className="rounded-lg px-2.5 py-1.5 text-sm font-semibold text-brand-100 hover:bg-white/10"
      >
        Kunci
      </button>
      <button
        type="button"
        data-testid="sign-out-button"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
        className="rounded-lg px-2.5 py-1.5 text-sm font-semibold text-brand-100 hover:bg-white/10"
      >
        Keluar
      </button>
    </div>
  );
}
