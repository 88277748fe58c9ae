/**
 * A fake Rust side for component tests: `mockIPC` with Tauri's event bridge mocked, so the app's
 * change feed (`domain-event`) can be driven exactly as the backend drives it.
 */
import { emit } from '@tauri-apps/api/event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { DOMAIN_EVENT, type DomainEvent } from '../lib/ipc';

export type Args = Record<string, unknown>;

/** Route every command to `handler`; `listen`/`emit` work like the real event bridge. */
export function mockBackend(handler: (cmd: string, args: Args) => unknown): void {
  mockIPC((cmd, args) => handler(cmd, (args ?? {}) as Args), { shouldMockEvents: true });
}

/** What Rust does after a commit: push one change to the window. */
export function emitDomainEvent(event: DomainEvent): Promise<void> {
  return emit(DOMAIN_EVENT, event);
}
