/**
 * TanStack Query hooks for sign-in, lock, users and till settings. Sign-in, lock and sign-out
 * send no domain event (the session lives in this process, not the database), so they refresh
 * the auth status themselves; users and till settings come back on the change feed
 * (`usersChanged`, `settingsChanged` section `till`, src/lib/events.ts).
 */
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import {
  authApi,
  type FirstRunSetup,
  type NewUser,
  type SessionInfo,
  type TillSettings,
  type User,
  type UserUpdate,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

/**
 * Who may sign in and who is signed in: what the first screen (PIN pad or first run) waits for,
 * so main.tsx starts it before React's first render. Every change to it is an invalidation
 * (sign-in, lock and sign-out here, `usersChanged` and till settings on the change feed); the
 * two seconds only keep the first screen from reading it twice at start.
 */
export const authStatusQuery = queryOptions({
  queryKey: queryKeys.auth.status,
  queryFn: authApi.getAuthStatus,
  staleTime: 2_000,
  retry: 1,
});

export function useAuthStatus() {
  return useQuery(authStatusQuery);
}

/**
 * What the first screen after a sign-in reads, asked for with sign_in's answer so it loads while
 * the app around it renders. The app registers it (App.tsx): this feature does not know screens.
 */
export type SignInPrefetch = (client: QueryClient, session: SessionInfo) => void;
let signInPrefetch: SignInPrefetch | null = null;

/** Set (or clear, with null) what a sign-in asks for at once. */
export function prefetchOnSignIn(prefetch: SignInPrefetch | null): void {
  signInPrefetch = prefetch;
}

/** Someone new (or the same person again) is at the till: everything is read again as them. */
function afterSignIn(client: QueryClient, session: SessionInfo) {
  void client.invalidateQueries();
  signInPrefetch?.(client, session);
}

/** Nobody is signed in: forget what the last person could see (the PIN pad needs only status). */
function afterSignOut(client: QueryClient) {
  client.removeQueries({
    predicate: (q) => q.queryKey[0] !== 'auth' && q.queryKey[0] !== 'shop-profile',
  });
  void client.invalidateQueries({ queryKey: queryKeys.auth.status });
}

export function useSetupFirstRun() {
  const client = useQueryClient();
  return useMutation<SessionInfo, Error, FirstRunSetup>({
    mutationFn: authApi.setupFirstRun,
    onSuccess: (session) => afterSignIn(client, session),
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation<SessionInfo, Error, { userId: number; pin: string }>({
    mutationFn: ({ userId, pin }) => authApi.signIn(userId, pin),
    onSuccess: (session) => afterSignIn(client, session),
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation<null, Error, void>({
    mutationFn: () => authApi.signOut(),
    onSettled: () => afterSignOut(client),
  });
}

export function useLockScreen() {
  const client = useQueryClient();
  return useMutation<null, Error, boolean>({
    mutationFn: (idle) => authApi.lockScreen(idle),
    onSettled: () => void client.invalidateQueries({ queryKey: queryKeys.auth.status }),
  });
}

export function useUsers(enabled = true) {
  return useQuery<User[], Error>({
    queryKey: queryKeys.auth.users,
    queryFn: authApi.listUsers,
    enabled,
  });
}

export function useAddUser() {
  return useMutation<User, Error, NewUser>({ mutationFn: authApi.addUser });
}

export function useUpdateUser() {
  return useMutation<User, Error, UserUpdate>({ mutationFn: authApi.updateUser });
}

export function useTillSettings() {
  return useQuery<TillSettings, Error>({
    queryKey: queryKeys.auth.tillSettings,
    queryFn: authApi.getTillSettings,
  });
}

export function useSaveTillSettings() {
  const client = useQueryClient();
  return useMutation<TillSettings, Error, TillSettings>({
    mutationFn: authApi.saveTillSettings,
    onSuccess: (saved) => client.setQueryData(queryKeys.auth.tillSettings, saved),
  });
}
