/** What other modules may use of plans (the lint zones allow only this file across modules). */
export { listPlans, type PlanRow } from './store';
export { planForMonth } from './monthPlan';
export { planProgress, progressSummary } from './progress';
export { springFestivalDay, springFestivalMonth } from './springFestival';
