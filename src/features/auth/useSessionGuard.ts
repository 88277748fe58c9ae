/**
 * One handler for the whole app: whenever a query or a mutation fails because nobody is signed in
 * or the screen is locked (idle in Rust, another window, a restart), read the auth status again so
 * the PIN pad comes back. A `shift_required` refusal means the shift was closed meanwhile: read
 * the open shift again so the till shows "Buka Kasir".
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { needsSignIn } from '../../lib/errors';
import { toAppError } from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';

export function useSessionGuard(): void {
  const client = useQueryClient();
  useEffect(() => {
    const onError = (error: unknown) => {
      const kind = toAppError(error).kind;
      if (needsSignIn(kind)) {
        void client.invalidateQueries({ queryKey: queryKeys.auth.status });
      } else if (kind === 'shift_required') {
        void client.invalidateQueries({ queryKey: queryKeys.shifts.current });
      }
    };
    const stopQueries = client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') {
        // The auth status itself never answers with these; skip it so nothing loops.
        if (event.query.queryKey[0] !== 'auth' || event.query.queryKey[1] !== 'status') {
          onError(event.action.error);
        }
      }
    });
    const stopMutations = client.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [client]);
}
