/** What other modules may use of 货源投放 (the lint zones allow only this file across modules). */
export {
  defaultGradeWeights,
  gradeTable,
  segmentLimits,
  type GradeRow,
  type GradeTable,
  type GradeTableInput,
  type LimitsResult,
  type SegmentInput,
} from './limits';
export { type SpecPlan, type WeekPlan } from './plan';
export { type WeekReview } from './review';
