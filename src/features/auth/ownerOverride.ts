/**
 * "Perlu PIN pemilik" for any command: `useOwnerOverride().run(command, fn)` calls `fn`; if Rust
 * answers `owner_pin_required`, the owner-PIN dialog opens, the owner's PIN grants that command
 * once (`grant_owner_override`) and `fn` is called again, once. Cancel gives up with the original
 * error (so the caller shows "Perlu PIN pemilik untuk …" where the action was).
 *
 * Without the provider (a page rendered alone in a test) `run` just calls `fn`.
 */
import { createContext, useContext } from 'react';
import { toAppError, type Command } from '../../lib/ipc';

export type RunWithOverride = <T>(command: Command, fn: () => Promise<T>) => Promise<T>;

export interface OverrideRequest {
  command: Command;
  /** Rust's message, e.g. "Perlu PIN pemilik untuk menyesuaikan stok." */
  message: string;
  grant: () => void;
  cancel: () => void;
}

/** Opens the dialog for one request; resolves when granted, rejects when cancelled. */
export type AskOwner = (command: Command, message: string) => Promise<void>;

export const OwnerOverrideContext = createContext<AskOwner | null>(null);

/** `run` with the given way of asking the owner (the provider's dialog). */
export function runWithOverride(ask: AskOwner | null): RunWithOverride {
  return async <T,>(command: Command, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const error = toAppError(e);
      if (error.kind !== 'owner_pin_required' || ask === null) throw error;
      try {
        await ask(command, error.message);
      } catch {
        throw error;
      }
      // The grant is for this command, once: one retry, whatever it answers.
      return fn();
    }
  };
}

export function useOwnerOverride(): { run: RunWithOverride } {
  const ask = useContext(OwnerOverrideContext);
  return { run: runWithOverride(ask) };
}
