/**
 * The PIN pad as a screen: signing in (nobody signed in) and the lock screen (over the app, which
 * stays mounted underneath so a cart in progress survives; any active user may unlock, which
 * switches cashier).
 */
import { useSignIn } from './api';
import { PinPad } from './PinPad';
import type { User } from '../../lib/ipc';

interface SignInScreenProps {
  users: User[];
  shopName: string;
  /** Lock screen: who locked it (picked first), shown over the app. */
  locked?: { name: string; userId: number } | null;
}

export function SignInScreen({ users, shopName, locked = null }: SignInScreenProps) {
  const signIn = useSignIn();
  return (
    <div
      data-testid={locked ? 'lock-screen' : 'sign-in'}
      className={
        locked
          ? 'fixed inset-0 z-[60] flex items-center justify-center bg-slate-900/90 p-6 backdrop-blur-sm'
          : 'flex h-full items-center justify-center bg-slate-100 p-6'
      }
    >
      <div className="w-full max-w-lg rounded-2xl bg-slate-50 p-8 shadow-2xl ring-1 ring-slate-200">
        <div className="mb-5 text-center">
          <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">{shopName}</p>
          <h1 className="text-xl font-bold text-slate-900">
            {locked ? `Layar dikunci · ${locked.name}` : 'Masuk dengan PIN'}
          </h1>
          {locked && (
            <p className="mt-1 text-sm text-slate-600">Masukkan PIN, atau pilih nama lain untuk ganti kasir.</p>
          )}
        </div>
        {users.length === 0 ? (
          <p className="text-center text-sm text-slate-600">Belum ada pengguna aktif.</p>
        ) : (
          <PinPad
            users={users}
            initialUserId={locked?.userId ?? null}
            onSubmit={(userId, pin) => signIn.mutateAsync({ userId, pin })}
          />
        )}
      </div>
    </div>
  );
}
