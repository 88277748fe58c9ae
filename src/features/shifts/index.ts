/** Public surface of the shifts feature (buka/tutup kasir, kas masuk/keluar, Laporan → Shift). */
export { currentShiftQuery } from './api';
export { ShiftControls } from './ShiftControls';
export { ShiftOpenPanel } from './ShiftOpenPanel';
export { ShiftReportView } from './ShiftReportView';
export { ShiftsPanel, type ShiftsPanelProps } from './ShiftsPanel';
export { useTillShift, type TillShift } from './tillShift';
