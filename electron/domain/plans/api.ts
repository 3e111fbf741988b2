/** API methods and jobs of the plans module; merged into the contract in api/contract.ts. */
import { z } from 'zod';
import { method, type JobMap, type MethodMap } from '../../api/define';
import { METHOD_NAMES } from './breakdown';
import { computeBreakdown, type BreakdownParams } from './compute';
import {
  compareVersions,
  createPlan,
  decidePlan,
  explainCell,
  getPlan,
  listPlans,
  removePlan,
  saveVersion,
  submitPlan,
} from './store';
import { homeCard, planProgress, progressSummary } from './progress';
import { gradeTable } from './gradeTable';
import { retailersByGrade } from './sources';
import { gradeDayToday } from '../masterdata';
import { readSettings } from '../settings';
import { PLAN_UNITS, xiangToUnits, unitsToTiao } from './units';
import { AppError } from '../../api/errors';

const decimal = z.union([z.string().trim().max(24), z.number().min(0)]);
const dateText = z.string().regex(/^\d{4}-\d{1,2}-\d{1,2}$/, '日期应写成 YYYY-MM-DD');
/** floors and ceilings per cell: key → units of the split (the plan's unit, or 分 for 销售额) */
const bounds = z.record(
  z.string(),
  z
    .object({
      floor: z.number().int().min(0).nullable().optional(),
      ceiling: z.number().int().min(0).nullable().optional(),
    })
    .strict(),
);

export const methodSchema = z
  .object({
    method: z.enum(METHOD_NAMES),
    n: z.number().int().min(1).max(36).optional(),
    weight: decimal.default(1),
  })
  .strict();

export const breakdownParamsSchema = z
  .object({
    /** 目标 (箱) */
    target: decimal,
    level: z.enum(['month', 'manager', 'route', 'retailer', 'class', 'brand', 'spec']),
    year: z.number().int().min(2000).max(2100),
    month: z.number().int().min(1).max(12).nullable().default(null),
    unit: z.enum(PLAN_UNITS).default('0.01箱'),
    methods: z
      .array(methodSchema)
      .min(1)
      .max(6)
      .default([{ method: 'history', weight: 1 }]),
    baseFrom: dateText.nullable().optional(),
    baseTo: dateText.nullable().optional(),
    products: z.string().trim().max(2000).default('all'),
    /** locked cells: key → units in the plan's unit */
    locks: z.record(z.string(), z.number().int().min(0)).optional(),
    floorRatio: decimal.nullable().optional(),
    ceilingRatio: decimal.nullable().optional(),
    bounds: bounds.optional(),
    manualWeights: z.record(z.string(), z.number().min(0)).optional(),
    within: z.string().max(100).nullable().optional(),
    /** 销售额 target (万元), split like the quantity exact to the 分 */
    amount: decimal.nullable().optional(),
    /** locked 销售额 cells: key → 分 */
    amountLocks: z.record(z.string(), z.number().int().min(0)).optional(),
    /** 销售额 floor / ceiling as a ratio of last year's same-period 金额, and per cell in 分 */
    amountFloorRatio: decimal.nullable().optional(),
    amountCeilingRatio: decimal.nullable().optional(),
    amountBounds: bounds.optional(),
    /** 单箱值 target (元/箱) and 一类烟占比 target (percent) of every row, and a row's own */
    perCaseYuan: decimal.nullable().optional(),
    classOneShare: decimal.nullable().optional(),
    rowTargets: z
      .record(
        z.string(),
        z.object({ perCaseYuan: decimal.nullable().optional(), classOneShare: decimal.nullable().optional() }).strict(),
      )
      .optional(),
  })
  .strict();

const planId = z.number().int().positive();
const name = z.string().trim().min(1, '计划名称不能为空').max(60);

/** What a plan's version holds: the breakdown's parameters, a note and the 计划金额 in 元. */
const versionFields = {
  params: breakdownParamsSchema,
  note: z.string().max(500).nullable().optional(),
  targetAmountYuan: z.number().min(0).nullable().optional(),
};

/** A 计划金额 in 元 (as the page enters it) in 分; null and undefined pass through. */
const yuanToFen = <T extends number | null | undefined>(yuan: T) =>
  (typeof yuan === 'number' ? Math.round(yuan * 100) : yuan) as T extends number ? number : T;

export const plansMethods = {
  /** Computes a breakdown without saving it: the editor's instant re-spread, and the CLI. */
  'plans.breakdown': method({
    input: breakdownParamsSchema,
    perm: 'read',
    write: false,
    handler: (ctx, input) => computeBreakdown(ctx.db, input as BreakdownParams),
  }),
  'plans.create': method({
    input: z.object({ name, ...versionFields }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) =>
      createPlan(ctx, {
        name: input.name,
        params: input.params as BreakdownParams,
        note: input.note ?? null,
        targetAmountFen: yuanToFen(input.targetAmountYuan) ?? null,
      }),
  }),
  /** Saves the editor's state (target, methods, locks, bounds) as the plan's next version. */
  'plans.saveVersion': method({
    input: z.object({ planId, ...versionFields }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) =>
      saveVersion(ctx, {
        planId: input.planId,
        params: input.params as BreakdownParams,
        note: input.note ?? null,
        targetAmountFen: yuanToFen(input.targetAmountYuan),
      }),
  }),
  'plans.list': method({
    input: z.object({ year: z.number().int().min(2000).max(2100).optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => ({ plans: listPlans(ctx.db, input.year) }),
  }),
  'plans.get': method({
    input: z.object({ planId, versionNo: z.number().int().positive().optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => getPlan(ctx.db, input.planId, input.versionNo),
  }),
  'plans.compare': method({
    input: z.object({ planId, a: z.number().int().positive(), b: z.number().int().positive() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => compareVersions(ctx.db, input.planId, input.a, input.b),
  }),
  'plans.explain': method({
    input: z.object({ planId, key: z.string().max(100), versionNo: z.number().int().positive().optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => explainCell(ctx.db, input.planId, input.key, input.versionNo),
  }),
  'plans.submit': method({
    input: z.object({ planId }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => submitPlan(ctx, input.planId),
  }),
  /** 主任 approves: the plan becomes read-only. */
  'plans.approve': method({
    input: z.object({ planId }).strict(),
    perm: 'approve',
    write: true,
    handler: (ctx, input) => decidePlan(ctx, input.planId, 'approve'),
  }),
  'plans.return': method({
    input: z.object({ planId, reason: z.string().trim().min(1, '退回计划需要写明原因').max(500) }).strict(),
    perm: 'approve',
    write: true,
    handler: (ctx, input) => decidePlan(ctx, input.planId, 'return', input.reason),
  }),
  'plans.remove': method({
    input: z.object({ planId }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => removePlan(ctx, input.planId),
  }),
  'plans.progress': method({
    input: z
      .object({
        planId,
        asOf: dateText.nullable().optional(),
        workingDays: z.boolean().optional(),
        versionNo: z.number().int().positive().nullable().optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => planProgress(ctx.db, input.planId, input),
  }),
  /** This month's county plan vs actual: the 首页 card and the monthly pack. */
  'plans.progressSummary': method({
    input: z.object({ asOf: dateText.nullable().optional(), workingDays: z.boolean().optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => progressSummary(ctx.db, input),
  }),
  /** The 首页 card (renderer/pages/core/HomePage.tsx HomeCard). */
  'plans.homeCard': method({
    input: z.object({ asOf: dateText.nullable().optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => homeCard(progressSummary(ctx.db, input)),
  }),
  /** 按档位投放: per-retailer 条 per 档位 for a quantity of one spec in a scope. */
  'plans.gradeTable': method({
    input: z
      .object({
        quantityXiang: decimal,
        within: z.string().max(100).nullable().optional(),
        capTiao: z.number().int().min(0).nullable().optional(),
        weights: z.array(z.number().min(0)).length(30).optional(),
      })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      const units = xiangToUnits(input.quantityXiang, '条', '投放量');
      // the 档位 each retailer holds today (a review approved for next month is not yet in force)
      const retailers = retailersByGrade(ctx.db, input.within ?? undefined, gradeDayToday());
      if (retailers.every((n) => n === 0)) throw new AppError('no_retailers', '范围内没有带档位的正常经营零售客户');
      return {
        ...gradeTable({
          quantityTiao: unitsToTiao(units, '条'),
          retailers,
          weights: input.weights ?? readSettings(ctx.db).gradeWeights,
          capTiao: input.capTiao ?? null,
        }),
        within: input.within ?? null,
      };
    },
  }),
} satisfies MethodMap;

export const plansJobs = {} satisfies JobMap;
