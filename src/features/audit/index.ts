/** Public surface of the audit feature (Laporan → Audit, owner only). */
export { AuditPanel } from './AuditPanel';
