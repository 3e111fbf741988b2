/** 按档位投放 for plans: the monotone-limit rule lives in the 货源投放 module (electron/domain/supply/limits.ts). */
export { defaultGradeWeights, gradeTable, type GradeRow, type GradeTable, type GradeTableInput } from '../supply';
