/**
 * Keeps one payment attempt's state fresh: polls `check_payment_status` every `pollSeconds`
 * while `active`, and applies states the backend pushes (`attemptChanged` on the change feed).
 *
 * Checks never overlap: the poll loop, "Cek Status" and the expiry check all go through one
 * queue, and the loop only schedules the next check after the previous one answered.
 * On errors the wait doubles (pollSeconds × 2ⁿ, capped at 30 s) and resets after a success.
 * Nothing is reported after unmount or after the attempt changed.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { onAttemptChanged } from '../../lib/events';
import { toAppError, type AppError, type PaymentState } from '../../lib/ipc';
import { checkPaymentStatus } from './api';

export const MAX_BACKOFF_MS = 30_000;

/** Wait before the next poll after `failures` consecutive failed checks. */
export function pollDelayMs(pollSeconds: number, failures: number): number {
  const base = Math.max(1, pollSeconds) * 1000;
  return Math.min(base * 2 ** failures, Math.max(base, MAX_BACKOFF_MS));
}

export interface PaymentPollingOptions {
  /** The attempt to watch; null while the QR is being created. */
  attemptId: string | null;
  /** Poll only while the attempt can still change (pending, no anomaly). */
  active: boolean;
  pollSeconds: number;
  onState: (state: PaymentState) => void;
  onError: (error: AppError) => void;
}

export interface PaymentPolling {
  /** Check now (queued behind a check in flight, never concurrent). */
  checkNow: () => Promise<void>;
  /** A check is queued or in flight. */
  checking: boolean;
}

export function usePaymentPolling({
  attemptId,
  active,
  pollSeconds,
  onState,
  onError,
}: PaymentPollingOptions): PaymentPolling {
  const handlers = useRef({ onState, onError, active });
  useLayoutEffect(() => {
    handlers.current = { onState, onError, active };
  });

  /** Bumped when the attempt changes or the component unmounts: older replies are dropped. */
  const generation = useRef(0);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const failures = useRef(0);
  const [queued, setQueued] = useState(0);
  /** Bumped when a check succeeds after failures: the loop drops its backed-off timer. */
  const [recovered, setRecovered] = useState(0);

  useEffect(() => {
    generation.current += 1;
    failures.current = 0;
    return () => {
      generation.current += 1;
    };
  }, [attemptId]);

  const checkNow = useCallback((): Promise<void> => {
    if (attemptId === null) return Promise.resolve();
    const gen = generation.current;
    const current = () => gen === generation.current;
    setQueued((n) => n + 1);
    const task = queue.current.then(async () => {
      try {
        if (!current() || !handlers.current.active) return;
        const state = await checkPaymentStatus(attemptId);
        if (!current()) return;
        if (failures.current > 0) setRecovered((n) => n + 1);
        failures.current = 0;
        handlers.current.onState(state);
      } catch (error) {
        if (!current()) return;
        failures.current += 1;
        handlers.current.onError(toAppError(error));
      } finally {
        setQueued((n) => n - 1);
      }
    });
    queue.current = task;
    return task;
  }, [attemptId]);

  // The poll loop: one timer at a time, re-armed only after the previous check answered.
  useEffect(() => {
    if (!active || attemptId === null) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(() => {
        void checkNow().then(() => {
          if (!stopped) schedule();
        });
      }, pollDelayMs(pollSeconds, failures.current));
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, attemptId, pollSeconds, checkNow, recovered]);

  // States pushed by the backend (webhook, background check, another window) for this attempt.
  // Without the event bridge (e.g. a plain browser) polling alone keeps the state fresh.
  useEffect(() => {
    if (attemptId === null) return;
    return onAttemptChanged((state) => {
      if (state.attemptId === attemptId) handlers.current.onState(state);
    });
  }, [attemptId]);

  return { checkNow, checking: queued > 0 };
}
