/**
 * What the till may do about the open shift: sell into it, open one, or wait for its cashier to
 * close it (a cashier cannot sell into another cashier's shift; an owner can).
 */
import type { ShiftReport } from '../../lib/ipc';
import type { SessionValue } from '../auth';
import { useCan, useSession } from '../auth';
import { useCurrentShift } from './api';

export type TillShift =
  | { state: 'loading' }
  /** Could not be read: the till is not blocked here (Rust still refuses to sell without one). */
  | { state: 'unknown' }
  | { state: 'none' }
  | { state: 'open'; report: ShiftReport }
  | { state: 'foreign'; report: ShiftReport; message: string };

export function tillShiftOf(
  report: ShiftReport | null | undefined,
  session: SessionValue | null,
): TillShift {
  if (report === undefined) return { state: 'loading' };
  if (report === null) return { state: 'none' };
  const op = session?.session.operator;
  if (op && op.role !== 'owner' && report.shift.userId !== op.userId) {
    const name = report.shift.cashierName;
    return {
      state: 'foreign',
      report,
      // As Rust says it when selling is refused.
      message: `Shift ${name} masih terbuka di kasir ini; ${name} harus menutupnya dulu.`,
    };
  }
  return { state: 'open', report };
}

export function useTillShift(): TillShift {
  const can = useCan('shift');
  const session = useSession();
  const current = useCurrentShift(can);
  if (!can || current.isError) return { state: 'unknown' };
  return tillShiftOf(current.data, session);
}
