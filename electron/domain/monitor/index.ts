/** What other modules may use of the 内管 module (the lint zones allow only this file across modules). */
export { RULES, RULE_LABELS, scanWarnings, type Rule, type ScanResult } from './scan';
export type { RebuildResult } from './api';
export { listWarnings, summarise, type WarningRow, type LedgerRow, type SummaryRow, type CheckDoc } from './store';
