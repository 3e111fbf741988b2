/** What other modules may use of reports (the lint zones allow only this file across modules). */
export { activeRateBy, type ActiveCount } from './distribution';
export { cumulativeDistribution, type CumulativeFigures, type CumulativePoint } from './cumulative';
export { distributionReport, type DistributionFigures, type DistributionRow } from './distribution';
export { shelfRate } from './formulas';
export { monthPeriod, weeksOf, type Week } from './periods';
export { countyFigures, lastOrderDay } from './query';
export { shelfBy, type ShelfCount } from './shelf';
