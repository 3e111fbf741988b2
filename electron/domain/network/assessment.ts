/**
 * 月度考核表: a configurable scheme of economic indicators (上柜率, 覆盖率, 品牌动销率,
 * 计划完成率) and basic ones (客户拜访, 信息采集, 专销结合) with weights and a scoring
 * rule per item, giving a score and a rank per customer manager for a month.
 *
 * Item score = weight × factor, factor in [0, 1]:
 * - linear (线性到目标): factor = min(1, max(0, value / target));
 * - stepped (阶梯): the factor of the highest step whose threshold the value reaches, else 0;
 * - passfail (达标/不达标): 1 when value ≥ threshold, else 0.
 * A missing value (no data, nothing entered) scores 0 and is flagged.
 * Ranking is by total, highest first; equal totals share a rank (1, 2, 2, 4).
 *
 * 计划完成率 (source 'plan') comes from the plans module: the month's plan broken
 * down by 客户经理 (approved first, then submitted, then the latest draft), its
 * 完成率 per manager at the month end. A month without such a plan takes the
 * value entered by hand for the item, and the table says so.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../api/errors';
import { groupsOf, indicatorValue, loadPeriod, type PeriodData } from './compute';
import { listIndicators } from './indicators';
import { parseMonth, shiftMonth } from './period';
import { listPlans, type PlanRow } from '../plans/store';
import { planProgress } from '../plans/progress';
import { productScopeAny, type Condition } from '../masterdata/scopes';

/** The plan of a month broken down by 客户经理: approved first, then submitted, then the latest. */
export function monthPlanByManager(db: Database, year: number, month: number): PlanRow | null {
  const rank = (p: PlanRow) => (p.status === 'approved' ? 0 : p.status === 'submitted' ? 1 : 2);
  const list = listPlans(db, year)
    .filter((p) => p.month === month && p.level === 'manager')
    .sort((a, b) => rank(a) - rank(b) || b.id - a.id);
  return list[0] ?? null;
}

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

export function validateItems(db: Database, items: SchemeItem[]): void {
  if (!items.length) throw new AppError('empty_scheme', '考核方案至少需要一个考核项目');
  const codes = new Set<string>();
  for (const it of items) {
    if (codes.has(it.code)) throw new AppError('duplicate_item', `考核项目代码“${it.code}”重复`);
    codes.add(it.code);
    if (it.source.startsWith('indicator:')) {
      const code = it.source.slice('indicator:'.length);
      if (!listIndicators(db).some((i) => i.code === code))
        throw new AppError('unknown_indicator', `考核项目“${it.name}”引用的网建指标“${code}”不存在`);
    }
    // Product scopes are checked now, not when the month is computed.
    if (it.products) productIds(db, it.products);
    if (it.source === 'plan' && it.unit === 'score')
      throw new AppError('manual_unit', `考核项目“${it.name}”取计划完成率，手工补录时应按比率录入`);
    if (it.source === 'manual' && !it.unit)
      throw new AppError('manual_unit', `手工录入的考核项目“${it.name}”需要说明录入的是比率还是分值`);
  }
  const sum = items.reduce((s, i) => s + i.weight, 0);
  if (Math.abs(sum - 100) > 1e-6)
    throw new AppError('weights_not_100', `各考核项目权重合计应为 100，当前为 ${+sum.toFixed(4)}`);
}

export interface Scheme {
  id: number | null;
  name: string;
  items: SchemeItem[];
  active: boolean;
  note: string | null;
}

export function listSchemes(db: Database): Scheme[] {
  const rows = db.prepare('SELECT id, name, items, active, note FROM assessment_schemes ORDER BY id').all() as {
    id: number;
    name: string;
    items: string;
    active: number;
    note: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    items: JSON.parse(r.items),
    active: r.active === 1,
    note: r.note,
  }));
}

/** The active scheme; the built-in default until the clerk saves one. */
export function activeScheme(db: Database): Scheme {
  const list = listSchemes(db);
  return (
    list.find((s) => s.active) ?? {
      id: null,
      name: DEFAULT_SCHEME_NAME,
      items: DEFAULT_ITEMS,
      active: true,
      note: '内置默认方案',
    }
  );
}

export function saveScheme(
  db: Database,
  s: { id?: number; name: string; items: SchemeItem[]; note?: string | null; active?: boolean },
): { before: Scheme | null; after: Scheme } {
  validateItems(db, s.items);
  const clash = db
    .prepare('SELECT id FROM assessment_schemes WHERE name = ? AND id IS NOT ?')
    .get(s.name, s.id ?? null);
  if (clash) throw new AppError('duplicate_scheme', `已有名为“${s.name}”的考核方案`);
  let before: Scheme | null = null;
  let id = s.id;
  if (id !== undefined) {
    before = listSchemes(db).find((x) => x.id === id) ?? null;
    if (!before) throw new AppError('unknown_scheme', `考核方案 ${id} 不存在`);
    db.prepare(
      `UPDATE assessment_schemes SET name = ?, items = ?, note = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
    ).run(s.name, JSON.stringify(s.items), s.note ?? null, id);
  } else {
    id = Number(
      db
        .prepare('INSERT INTO assessment_schemes(name, items, note) VALUES (?, ?, ?)')
        .run(s.name, JSON.stringify(s.items), s.note ?? null).lastInsertRowid,
    );
    // The first saved scheme becomes the active one.
    if ((db.prepare('SELECT COUNT(*) AS n FROM assessment_schemes WHERE active = 1').get() as { n: number }).n === 0)
      s.active = true;
  }
  if (s.active) {
    db.prepare('UPDATE assessment_schemes SET active = 0').run();
    db.prepare('UPDATE assessment_schemes SET active = 1 WHERE id = ?').run(id);
  }
  return { before, after: listSchemes(db).find((x) => x.id === id)! };
}

export function activateScheme(db: Database, id: number): Scheme {
  const s = listSchemes(db).find((x) => x.id === id);
  if (!s) throw new AppError('unknown_scheme', `考核方案 ${id} 不存在`);
  db.prepare('UPDATE assessment_schemes SET active = CASE WHEN id = ? THEN 1 ELSE 0 END').run(id);
  return { ...s, active: true };
}

export function deleteScheme(db: Database, id: number): Scheme {
  const s = listSchemes(db).find((x) => x.id === id);
  if (!s) throw new AppError('unknown_scheme', `考核方案 ${id} 不存在`);
  db.prepare('DELETE FROM assessment_schemes WHERE id = ?').run(id);
  return s;
}

/** Hand-entered item values per manager; null removes. Only manual items of the active scheme. */
export function setAssessmentValues(
  db: Database,
  period: string,
  rows: { itemCode: string; managerCode: string; value: number | null }[],
) {
  parseMonth(period);
  const scheme = activeScheme(db);
  const before: { itemCode: string; managerCode: string; value: number }[] = [];
  const get = db.prepare(
    'SELECT value FROM assessment_manual_values WHERE period = ? AND item_code = ? AND manager_code = ?',
  );
  const up = db.prepare(
    `INSERT INTO assessment_manual_values(period, item_code, manager_code, value) VALUES (?, ?, ?, ?)
     ON CONFLICT(period, item_code, manager_code) DO UPDATE SET value = excluded.value, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  );
  const del = db.prepare(
    'DELETE FROM assessment_manual_values WHERE period = ? AND item_code = ? AND manager_code = ?',
  );
  for (const r of rows) {
    const item = scheme.items.find((i) => i.code === r.itemCode);
    if (!item) throw new AppError('unknown_item', `当前考核方案中没有项目“${r.itemCode}”`);
    if (item.source !== 'manual' && item.source !== 'plan')
      throw new AppError('not_manual', `考核项目“${item.name}”由系统计算，不能手工录入`);
    if (!db.prepare('SELECT 1 FROM managers WHERE code = ?').get(r.managerCode))
      throw new AppError('unknown_scope', `未知的客户经理工号 ${r.managerCode}`);
    if (r.value !== null) {
      if (!Number.isFinite(r.value) || r.value < 0)
        throw new AppError('invalid_value', `“${item.name}”的录入值应为非负数`);
      if (item.unit === 'rate' && r.value > 5)
        throw new AppError('invalid_value', `“${item.name}”按比率录入（如 0.95 表示 95%），收到 ${r.value}`);
    }
    const old = get.get(period, r.itemCode, r.managerCode) as { value: number } | undefined;
    if (old) before.push({ itemCode: r.itemCode, managerCode: r.managerCode, value: old.value });
    if (r.value === null) del.run(period, r.itemCode, r.managerCode);
    else up.run(period, r.itemCode, r.managerCode, r.value);
  }
  return { before };
}

export function listAssessmentValues(db: Database, period: string) {
  return db
    .prepare(
      'SELECT item_code AS itemCode, manager_code AS managerCode, value FROM assessment_manual_values WHERE period = ? ORDER BY manager_code, item_code',
    )
    .all(period) as { itemCode: string; managerCode: string; value: number }[];
}

/** A 考核 item's product scope as the shared condition over products `p` (any of its parts). */
export function productCondition(db: Database, scope: ProductScope | undefined): Condition {
  const specs: string[] = [];
  if (scope?.brand) specs.push(`brand:${scope.brand}`);
  if (scope?.codes?.length) specs.push(`codes:${scope.codes.join(',')}`);
  if (scope?.set) specs.push(`set:${scope.set}`);
  return productScopeAny(db, specs);
}

/** Product ids of a scope, or null for every spec. */
export function productIds(db: Database, scope: ProductScope | undefined): number[] | null {
  const c = productCondition(db, scope);
  if (c.all) return null;
  return db
    .prepare(`SELECT p.id FROM products p WHERE ${c.sql}`)
    .pluck()
    .all(...c.params) as number[];
}

function orderingRetailers(db: Database, dayFrom: number, dayTo: number, products: number[] | null): Set<number> {
  const sql = products
    ? 'SELECT DISTINCT retailer_id AS id FROM order_lines WHERE day BETWEEN ? AND ? AND qty_tiao > 0 AND product_id IN (SELECT value FROM json_each(?))'
    : 'SELECT DISTINCT retailer_id AS id FROM order_lines WHERE day BETWEEN ? AND ? AND qty_tiao > 0';
  const rows = (
    products ? db.prepare(sql).all(dayFrom, dayTo, JSON.stringify(products)) : db.prepare(sql).all(dayFrom, dayTo)
  ) as { id: number }[];
  return new Set(rows.map((r) => r.id));
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

/** Computes a month's assessment with the active scheme (nothing is stored). */
export function computeAssessment(db: Database, period: string, scheme: Scheme = activeScheme(db)): AssessmentReport {
  const pd: PeriodData = loadPeriod(db, period);
  const managers = groupsOf(db, pd, 'manager');
  const indicators = listIndicators(db);
  const manual = new Map(listAssessmentValues(db, period).map((v) => [`${v.itemCode}|${v.managerCode}`, v.value]));
  const notes: string[] = [];
  const m = pd.month;

  // 上柜率: the latest inspection of each retailer in the month, and the specs it saw on the shelf.
  let shelf: Map<number, Set<number>> | null = null;
  const needShelf = scheme.items.some((i) => i.source === 'shelf');
  if (needShelf) {
    shelf = new Map();
    const rows = db
      .prepare(
        `SELECT s.inspection_id AS iid, s.product_id AS pid FROM inspection_shelf s
         JOIN inspection_records i ON i.id = s.inspection_id WHERE i.day BETWEEN ? AND ?`,
      )
      .all(m.dayFrom, m.dayTo) as { iid: number; pid: number }[];
    for (const r of rows) {
      const set = shelf.get(r.iid) ?? new Set<number>();
      set.add(r.pid);
      shelf.set(r.iid, set);
    }
    if (pd.inspectionsByRetailer.size === 0) notes.push('上柜率：本月没有检查记录，尚未导入检查数据');
  }

  // 品牌动销率: ordering this month among retailers who ordered in the previous three months.
  const moving = new Map<string, { now: Set<number>; before: Set<number> }>();
  for (const it of scheme.items) {
    if (it.source !== 'brand_moving') continue;
    const pids = productIds(db, it.products);
    const first = parseMonth(shiftMonth(period, 3));
    const prevLast = parseMonth(shiftMonth(period, 1));
    moving.set(it.code, {
      now: orderingRetailers(db, m.dayFrom, m.dayTo, pids),
      before: orderingRetailers(db, first.dayFrom, prevLast.dayTo, pids),
    });
  }

  // 计划完成率: the month's plan by 客户经理, as of the month end.
  let planCompletion: Map<string, number | null> | null = null;
  if (scheme.items.some((i) => i.source === 'plan')) {
    const plan = monthPlanByManager(db, m.year, m.month);
    if (plan) {
      const progress = planProgress(db, plan.id, { asOf: m.endDate });
      planCompletion = new Map(progress.rows.map((r) => [r.key, r.completion]));
      notes.push(`计划完成率取自计划“${plan.name}”（${plan.statusLabel}），截至 ${m.endDate}`);
    } else {
      notes.push('本月没有按客户经理分解的销售计划，计划完成率为手工录入值');
    }
  }

  const rows: Omit<AssessmentRow, 'rank'>[] = managers.map((g) => {
    const items: ItemResult[] = scheme.items.map((it) => {
      let numerator: number | null = null;
      let denominator: number | null = null;
      let value: number | null = null;
      if (it.source === 'coverage') {
        const cov = indicators.find((i) => i.formula === 'visit_coverage')!;
        ({ numerator, denominator, value } = indicatorValue(cov, g.retailers, pd, 'manager', g.key));
      } else if (it.source === 'shelf') {
        const pids = productIds(db, it.products);
        let inspected = 0;
        let onShelf = 0;
        for (const r of g.retailers) {
          const list = pd.inspectionsByRetailer.get(r.id);
          if (!list?.length) continue;
          inspected++;
          const latest = list[list.length - 1];
          const seen = shelf!.get(latest.id);
          if (seen && (pids === null ? seen.size > 0 : pids.some((p) => seen.has(p)))) onShelf++;
        }
        numerator = onShelf;
        denominator = inspected;
        value = inspected ? onShelf / inspected : null;
      } else if (it.source === 'brand_moving') {
        const mv = moving.get(it.code)!;
        let before = 0;
        let now = 0;
        for (const r of g.retailers) {
          if (!mv.before.has(r.id)) continue;
          before++;
          if (mv.now.has(r.id)) now++;
        }
        numerator = now;
        denominator = before;
        value = before ? now / before : null;
      } else if (it.source === 'manual') {
        value = manual.get(`${it.code}|${g.key}`) ?? null;
      } else if (it.source === 'plan') {
        value = planCompletion ? (planCompletion.get(g.key) ?? null) : (manual.get(`${it.code}|${g.key}`) ?? null);
      } else {
        const ind = indicators.find((i) => i.code === it.source.slice('indicator:'.length));
        if (!ind) throw new AppError('unknown_indicator', `考核项目“${it.name}”引用的网建指标不存在`);
        ({ numerator, denominator, value } = indicatorValue(ind, g.retailers, pd, 'manager', g.key));
      }
      const factor = ruleFactor(it.rule, value);
      return {
        code: it.code,
        name: it.name,
        group: it.group,
        weight: it.weight,
        numerator,
        denominator,
        value,
        factor,
        score: it.weight * factor,
        missing: value === null,
      };
    });
    return { key: g.key, name: g.label, total: items.reduce((s, i) => s + i.score, 0), items };
  });
  const ranks = rankTotals(rows.map((r) => r.total));
  const ranked = rows
    .map((r, i) => ({ ...r, rank: ranks[i] }))
    .sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const itemUnit = (it: SchemeItem): 'rate' | 'score' | 'count' => {
    if (it.source === 'manual') return it.unit ?? 'score';
    if (it.source === 'plan') return 'rate';
    if (it.source.startsWith('indicator:'))
      return indicators.find((i) => i.code === it.source.slice(10))?.unit ?? 'rate';
    return 'rate';
  };
  if (scheme.items.some((i) => i.code === 'plan_completion' && i.source === 'manual'))
    notes.push('计划完成率为手工录入值');
  return {
    report: 'assessment',
    period,
    source: 'computed',
    basis: pd.basis,
    savedAt: null,
    savedBy: null,
    scheme: { name: scheme.name, items: scheme.items.map((i) => ({ ...i, ruleText: ruleText(i.rule, itemUnit(i)) })) },
    notes,
    rows: ranked,
  };
}

/** Stores a month's assessment as computed now, replacing an earlier save of that month. */
export function saveAssessment(
  db: Database,
  period: string,
  savedBy: string,
): { before: AssessmentReport | null; after: AssessmentReport } {
  const before = savedAssessment(db, period);
  const r = computeAssessment(db, period);
  db.prepare('DELETE FROM assessment_runs WHERE period = ?').run(period);
  db.prepare('INSERT INTO assessment_runs(period, scheme_name, items, saved_by) VALUES (?, ?, ?, ?)').run(
    period,
    r.scheme.name,
    JSON.stringify({ items: r.scheme.items, notes: r.notes, basis: r.basis }),
    savedBy,
  );
  const ins = db.prepare(
    'INSERT INTO assessment_results(period, manager_code, manager_name, total, rank, detail) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const row of r.rows) ins.run(period, row.key, row.name, row.total, row.rank, JSON.stringify(row.items));
  return { before, after: savedAssessment(db, period)! };
}

export function savedAssessment(db: Database, period: string): AssessmentReport | null {
  const run = db
    .prepare('SELECT period, scheme_name, items, saved_at, saved_by FROM assessment_runs WHERE period = ?')
    .get(period) as
    { period: string; scheme_name: string; items: string; saved_at: string; saved_by: string } | undefined;
  if (!run) return null;
  const meta = JSON.parse(run.items) as {
    items: (SchemeItem & { ruleText: string })[];
    notes: string[];
    basis: 'snapshot' | 'current';
  };
  const rows = db
    .prepare(
      'SELECT manager_code, manager_name, total, rank, detail FROM assessment_results WHERE period = ? ORDER BY rank, manager_code',
    )
    .all(period) as {
    manager_code: string;
    manager_name: string;
    total: number;
    rank: number;
    detail: string;
  }[];
  return {
    report: 'assessment',
    period,
    source: 'saved',
    basis: meta.basis,
    savedAt: run.saved_at,
    savedBy: run.saved_by,
    scheme: { name: run.scheme_name, items: meta.items },
    notes: meta.notes,
    rows: rows.map((r) => ({
      key: r.manager_code,
      name: r.manager_name,
      total: r.total,
      rank: r.rank,
      items: JSON.parse(r.detail),
    })),
  };
}

/** The saved month if there is one, otherwise computed now. */
export function assessment(db: Database, period: string): AssessmentReport {
  parseMonth(period);
  return savedAssessment(db, period) ?? computeAssessment(db, period);
}

export function deleteSavedAssessment(db: Database, period: string): boolean {
  return db.prepare('DELETE FROM assessment_runs WHERE period = ?').run(period).changes > 0;
}

/** Saved months between two periods: total and rank per manager. */
export function assessmentHistory(db: Database, from: string, to: string) {
  parseMonth(from);
  parseMonth(to);
  const rows = db
    .prepare(
      'SELECT period, manager_code AS managerCode, manager_name AS managerName, total, rank FROM assessment_results WHERE period BETWEEN ? AND ? ORDER BY period, rank, manager_code',
    )
    .all(from, to) as { period: string; managerCode: string; managerName: string; total: number; rank: number }[];
  const periods = [...new Set(rows.map((r) => r.period))];
  return { from, to, periods, rows };
}
