/** What other modules may use of 客户分档 (the lint zones allow only this file across modules). */
export { computeGrades, type GradingInput, type GradingRow } from './compute';
export { effectiveDay, reviewWindow } from './store';
