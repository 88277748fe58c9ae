/**
 * TanStack Query hooks for shifts. Every change (opened, kas masuk/keluar, closed) comes back on
 * the change feed as `shiftChanged`, and sales as `orderPaid`, which refresh the open shift, the
 * list of closes and the reports (src/lib/events.ts); the mutations invalidate nothing by hand.
 *
 * Closing another cashier's shift needs the owner's PIN: `close_shift` goes through the owner
 * override (`useOwnerOverride`).
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  shiftsApi,
  type CashMovement,
  type CashMovementInput,
  type CloseShiftInput,
  type PrintJob,
  type Shift,
  type ShiftQuery,
  type ShiftReport,
} from '../../lib/ipc';
import { queryKeys } from '../../lib/queryKeys';
import { useOwnerOverride } from '../auth';

/**
 * The open shift on this till (null: "Buka Kasir"); also asked for with the sign-in's answer.
 * Every change is an invalidation (the change feed); the two seconds only keep the till, mounting
 * just after that answer, from reading it twice.
 */
export const currentShiftQuery = queryOptions<ShiftReport | null, Error>({
  queryKey: queryKeys.shifts.current,
  queryFn: shiftsApi.getCurrentShift,
  staleTime: 2_000,
});

export function useCurrentShift(enabled = true) {
  return useQuery({ ...currentShiftQuery, enabled });
}

export function useOpenShift() {
  const client = useQueryClient();
  return useMutation<Shift, Error, number>({
    mutationFn: (openingCash) => shiftsApi.openShift(openingCash),
    // The event does it too; this makes the grid appear without waiting for it.
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.shifts.current }),
  });
}

export function useCashMovement() {
  const { run } = useOwnerOverride();
  return useMutation<CashMovement, Error, CashMovementInput>({
    mutationFn: (movement) =>
      run('record_cash_movement', () => shiftsApi.recordCashMovement(movement)),
  });
}

export function useCloseShift() {
  const { run } = useOwnerOverride();
  return useMutation<ShiftReport, Error, CloseShiftInput>({
    mutationFn: (req) => run('close_shift', () => shiftsApi.closeShift(req)),
  });
}

export function useShiftList(query: ShiftQuery) {
  return useQuery<Shift[], Error>({
    queryKey: queryKeys.shifts.list(query),
    queryFn: () => shiftsApi.listShifts(query),
    staleTime: 0,
  });
}

export function useShiftReport(shiftId: number | null) {
  return useQuery<ShiftReport, Error>({
    queryKey: queryKeys.shifts.report(shiftId ?? 0),
    queryFn: () => shiftsApi.getShiftReport(shiftId!),
    enabled: shiftId !== null,
  });
}

export function useReprintShiftClose() {
  return useMutation<PrintJob, Error, number>({
    mutationFn: (shiftId) => shiftsApi.reprintShiftClose(shiftId),
  });
}
