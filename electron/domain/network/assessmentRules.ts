/**
 * 月度考核表 — the scheme's shape and its scoring rules (pure): a configurable
 * list of economic indicators (上柜率, 覆盖率, 品牌动销率, 计划完成率) and basic ones
 * (客户拜访, 信息采集, 专销结合) with weights and a scoring rule per item.
 *
 * Item score = weight × factor, factor in [0, 1]:
 * - linear (线性到目标): factor = min(1, max(0, value / target));
 * - stepped (阶梯): the factor of the highest step whose threshold the value reaches, else 0;
 * - passfail (达标/不达标): 1 when value ≥ threshold, else 0.
 * A missing value (no data, nothing entered) scores 0 and is flagged.
 * Ranking is by total, highest first; equal totals share a rank (1, 2, 2, 4).
 */
import { z } from 'zod';

export const ruleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('linear'), target: z.number().positive() }).strict(),
  z
    .object({
      type: z.literal('stepped'),
      steps: z
        .array(z.object({ atLeast: z.number(), factor: z.number().min(0).max(1) }).strict())
        .min(1)
        .max(20),
    })
    .strict(),
  z.object({ type: z.literal('passfail'), threshold: z.number() }).strict(),
]);
export type Rule = z.infer<typeof ruleSchema>;

export const productScopeSchema = z
  .object({
    brand: z.string().trim().min(1).max(40).optional(),
    codes: z.array(z.string().trim().min(1).max(40)).max(500).optional(),
    set: z.string().trim().min(1).max(60).optional(),
  })
  .strict();
export type ProductScope = z.infer<typeof productScopeSchema>;

const sourceSchema = z.union([
  z.literal('shelf'), // 上柜率, from inspections
  z.literal('coverage'), // 覆盖率, from visits
  z.literal('brand_moving'), // 品牌动销率, from order lines
  z.literal('manual'), // entered by hand per manager
  z.literal('plan'), // 计划完成率 from the month's plan by 客户经理 (hand-entered when there is none)
  z.literal('plan_amount'), // 销售额完成率 from the same plan's 销售额 targets (hand-entered when there are none)
  z.string().regex(/^indicator:[A-Za-z0-9_]+$/), // a 网建 indicator of the catalogue
]);

export const itemSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_]{1,30}$/, '项目代码应为字母、数字或下划线'),
    name: z.string().trim().min(1).max(30),
    group: z.enum(['economic', 'basic']),
    source: sourceSchema,
    /** for manual items: 'rate' (a fraction, e.g. 计划完成率) or 'score' (a mark, e.g. 0–100) */
    unit: z.enum(['rate', 'score']).optional(),
    weight: z.number().positive().max(100),
    rule: ruleSchema,
    products: productScopeSchema.optional(),
  })
  .strict();
export type SchemeItem = z.infer<typeof itemSchema>;

export const GROUP_LABELS = { economic: '经济指标', basic: '基础指标' } as const;
export const RULE_LABELS = { linear: '线性到目标', stepped: '阶梯计分', passfail: '达标得分' } as const;

export const DEFAULT_SCHEME_NAME = '默认考核方案';
export const DEFAULT_ITEMS: SchemeItem[] = [
  {
    code: 'shelf',
    name: '上柜率',
    group: 'economic',
    source: 'shelf',
    weight: 15,
    rule: { type: 'linear', target: 0.9 },
  },
  {
    code: 'coverage',
    name: '覆盖率',
    group: 'economic',
    source: 'coverage',
    weight: 20,
    rule: { type: 'linear', target: 0.95 },
  },
  {
    code: 'brand_moving',
    name: '品牌动销率',
    group: 'economic',
    source: 'brand_moving',
    weight: 15,
    rule: {
      type: 'stepped',
      steps: [
        { atLeast: 0.9, factor: 1 },
        { atLeast: 0.8, factor: 0.8 },
        { atLeast: 0.7, factor: 0.6 },
      ],
    },
  },
  {
    code: 'plan_completion',
    name: '计划完成率',
    group: 'economic',
    source: 'plan',
    unit: 'rate',
    weight: 20,
    rule: { type: 'linear', target: 1 },
  },
  {
    code: 'visit',
    name: '客户拜访',
    group: 'basic',
    source: 'manual',
    unit: 'score',
    weight: 10,
    rule: { type: 'linear', target: 100 },
  },
  {
    code: 'info',
    name: '信息采集',
    group: 'basic',
    source: 'indicator:info_collection',
    weight: 10,
    rule: { type: 'passfail', threshold: 0.9 },
  },
  {
    code: 'combined',
    name: '专销结合',
    group: 'basic',
    source: 'manual',
    unit: 'score',
    weight: 10,
    rule: { type: 'linear', target: 100 },
  },
];

const EPS = 1e-9;

/** The factor in [0, 1] an item's rule gives a value. */
export function ruleFactor(rule: Rule, value: number | null): number {
  if (value === null || Number.isNaN(value)) return 0;
  switch (rule.type) {
    case 'linear':
      return Math.min(1, Math.max(0, value / rule.target));
    case 'stepped': {
      const steps = [...rule.steps].sort((a, b) => b.atLeast - a.atLeast);
      for (const s of steps) if (value >= s.atLeast - EPS) return s.factor;
      return 0;
    }
    case 'passfail':
      return value >= rule.threshold - EPS ? 1 : 0;
  }
}

/** Competition ranking (1, 2, 2, 4) of totals, highest first. */
export function rankTotals(totals: number[]): number[] {
  return totals.map((t) => 1 + totals.filter((o) => o > t + EPS).length);
}

export function ruleText(rule: Rule, unit: 'rate' | 'score' | 'count' = 'rate'): string {
  const f = (v: number) => (unit === 'rate' ? `${+(v * 100).toFixed(4)}%` : String(+v.toFixed(4)));
  switch (rule.type) {
    case 'linear':
      return `线性到目标：实际/${f(rule.target)}，封顶满分`;
    case 'stepped':
      return (
        '阶梯计分：' +
        [...rule.steps]
          .sort((a, b) => b.atLeast - a.atLeast)
          .map((s) => `≥${f(s.atLeast)}得${+(s.factor * 100).toFixed(2)}%`)
          .join('，') +
        '，以下不得分'
      );
    case 'passfail':
      return `达标得分：≥${f(rule.threshold)}得满分，否则不得分`;
  }
}

export interface ItemResult {
  code: string;
  name: string;
  group: 'economic' | 'basic';
  weight: number;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  factor: number;
  score: number;
  missing: boolean;
}

export interface AssessmentRow {
  key: string; // 工号
  name: string;
  total: number;
  rank: number;
  items: ItemResult[];
}

export interface AssessmentReport {
  report: 'assessment';
  period: string;
  source: 'computed' | 'saved';
  basis: 'snapshot' | 'current';
  savedAt: string | null;
  savedBy: string | null;
  scheme: { name: string; items: (SchemeItem & { ruleText: string })[] };
  notes: string[];
  rows: AssessmentRow[];
}
