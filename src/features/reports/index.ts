/** Public surface of the owner's report feature (Laporan). */
export { ReportsPage } from './ReportsPage';
