/**
 * Who is at the till, for every screen under the auth gate: `useSession()` and `useCan()`.
 * Hiding what a role may not do is cosmetic (Rust checks every command); outside the gate (a
 * component test rendering one page) there is no session and `useCan` allows everything.
 */
import { createContext, useContext } from 'react';
import type { Permission, Role, SessionInfo } from '../../lib/ipc';

export interface SessionValue {
  session: SessionInfo;
  /** This till's name (shifts belong to a till). */
  till: string;
}

export const SessionContext = createContext<SessionValue | null>(null);

/** The signed-in session, or null outside the auth gate. */
export function useSession(): SessionValue | null {
  return useContext(SessionContext);
}

/** May the signed-in role do this? (Always true outside the gate; Rust decides anyway.) */
export function useCan(permission: Permission): boolean {
  const value = useContext(SessionContext);
  return value === null || value.session.permissions.includes(permission);
}

export const ROLE_LABEL: Record<Role, string> = { owner: 'Pemilik', cashier: 'Kasir' };
