/** What other modules may use of master data (the lint zones allow only this file across modules). */
export {
  AREAS,
  FORMATS,
  PRICE_CLASSES,
  normaliseCategory,
  normaliseFlag,
  normaliseGrade,
  priceClassOf,
  type Category,
} from './categories';
export { registerDemoExtension, seededRandom, type DemoContext } from './demoHooks';
export {
  forgetBatchGrades,
  gradeAsOf,
  gradeAsOfSql,
  gradeDayToday,
  hasGradeHistory,
  recordGrades,
  type GradeChange,
  type GradeSource,
} from './gradeHistory';
export { EDIT_FIELDS, ENTITY_LABELS } from './masters';
export { ownerJoins, ownerManagerCode, ownerManagerId } from './ownership';
export { customerScope, productScope, productScopeAny, type Condition } from './scopes';
export { statusAsOfSql } from './statusHistory';
export { createSet } from './sets';
