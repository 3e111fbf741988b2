/** What other modules may use of reports (the lint zones allow only this file across modules). */
export { activeRateBy, type ActiveCount } from './distribution';
export { shelfRate } from './formulas';
export { monthPeriod } from './periods';
export { shelfBy, type ShelfCount } from './shelf';
