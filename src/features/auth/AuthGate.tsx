/**
 * Everything starts here: `get_auth_status` decides between the first-run setup, the PIN pad and
 * the app. A locked session keeps the app mounted under the lock screen. Mounts the session
 * guard (PIN pad back on `not_signed_in` / `screen_locked`), the idle lock and the owner-PIN
 * dialog.
 */
import { useMemo, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { toAppError } from '../../lib/ipc';
import { useShopProfile } from '../../lib/shop';
import { useAuthStatus, useLockScreen } from './api';
import { FirstRunScreen } from './FirstRunScreen';
import { OwnerOverrideProvider } from './OwnerOverrideProvider';
import { SessionContext, type SessionValue } from './session';
import { SignInScreen } from './SignInScreen';
import { useIdleLock } from './useIdleLock';
import { useSessionGuard } from './useSessionGuard';

export function AuthGate({ children }: { children: ReactNode }) {
  useSessionGuard();
  const status = useAuthStatus();
  const shop = useShopProfile();
  const lock = useLockScreen();
  const s = status.data;
  const session = s?.session ?? null;
  const locked = session?.locked ?? false;
  useIdleLock(s?.idleLockMinutes ?? 0, session !== null && !locked, () => lock.mutate(true));

  const value = useMemo<SessionValue | null>(
    () => (s && session ? { session, till: s.till } : null),
    [s, session],
  );
  const owners = useMemo(() => (s?.users ?? []).filter((u) => u.role === 'owner'), [s]);
  const shopName = shop.data?.name ?? '';

  if (status.isPending) {
    return <p className="p-10 text-center text-slate-500">Memuat…</p>;
  }
  if (!s) {
    return (
      <div className="p-10 text-center" data-testid="auth-error">
        <p className="text-red-700">{status.error ? toAppError(status.error).message : ''}</p>
        <Button className="mt-4" onClick={() => void status.refetch()}>
          Coba Lagi
        </Button>
      </div>
    );
  }
  if (s.needsSetup) return <FirstRunScreen defaultShopName={shopName} />;
  if (value === null) return <SignInScreen users={s.users} shopName={shopName} />;
  return (
    <SessionContext.Provider value={value}>
      <OwnerOverrideProvider owners={owners}>
        {children}
        {value.session.locked && (
          <SignInScreen
            users={s.users}
            shopName={shopName}
            locked={{ name: value.session.operator.name, userId: value.session.operator.userId }}
          />
        )}
      </OwnerOverrideProvider>
    </SessionContext.Provider>
  );
}
