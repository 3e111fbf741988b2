/** What other modules may use of the audit log (the lint zones allow only this file across modules). */
export { auditFacets, auditFilterSchema, checkRange, countAudit, iterateAudit, queryAudit } from './query';
export { writeAuditXlsx } from './export';
export { auditExport } from './exported';
