/** What other modules may use of 客户分档 (the lint zones allow only this file across modules). */
export { computeGrades, type GradingInput, type GradingRow } from './compute';
export { effectiveDay, reviewWindow } from './store';
/** A retailer's 档位 on a day (the one home is masterdata/gradeHistory.ts; here for readers of grades). */
export { gradeAsOf, gradeAsOfSql } from '../masterdata';
