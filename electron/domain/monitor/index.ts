/** What other modules may use of the 内管 module (the lint zones allow only this file across modules). */
export { RULES, RULE_LABELS, scanWarnings, type Rule, type ScanResult } from './scan';
export { type WarningRow, type LedgerRow } from './store';
