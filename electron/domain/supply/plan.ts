/**
 * The week's 货源投放 plan (DOMAIN.md "货源投放"): per spec the quantity available, the
 * 机动量 kept back, its customer segments and the limits per 档位, computed with
 * limits.ts and saved (migration 085). A week is an ISO week (common/days.ts).
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { MAX_SUPPLY_TIAO } from '../../../common/supply';
import { addIsoWeeks, dayText, isoWeekOf, isoWeekText, parseIsoWeek, type IsoWeek } from '../../../common/days';
import { customerScope, gradeAsOfSql, statusAsOfSql, type Condition } from '../masterdata';
import { readSettings } from '../settings';
import { segmentLimits } from './limits';

export const GRADES = 30;

/** 'YYYY-Www' → the week, or a Chinese refusal. */
export function parseWeek(text: string): IsoWeek {
  const w = parseIsoWeek(text);
  if (!w) throw new AppError('invalid_period', `周次“${text}”无效，应写成 YYYY-Www（如 2026-W49）`);
  return w;
}

export const weekOfMonday = (monday: number): IsoWeek => isoWeekOf(monday);

/**
 * The condition "retailer r was 正常经营 on the Monday" (masterdata statusAsOfSql: the dated
 * 经营状态 history of migration 071; today's status for days before it was kept).
 */
export const operatingOn = (monday: number) => `${statusAsOfSql(monday, 'r.id', 'r.status')} = '正常'`;

/**
 * Retailers per 档位 in a scope that were 正常经营 on the Monday of the week, each by the 档位 it
 * held that day (masterdata gradeAsOfSql: the grade history of 客户分档, imports and edits).
 */
export function gradeCounts(db: Database, scope: Condition, monday: number): number[] {
  const g = gradeAsOfSql(db, monday);
  const rows = db
    .prepare(
      `SELECT grade, COUNT(*) AS n FROM (SELECT ${g} AS grade FROM retailers r
        WHERE ${operatingOn(monday)} AND (${scope.sql})) WHERE grade IS NOT NULL GROUP BY grade`,
    )
    .all(...scope.params) as { grade: number; n: number }[];
  const out = new Array<number>(GRADES).fill(0);
  for (const r of rows) out[r.grade - 1] = r.n;
  return out;
}

/** Refuses segments that share a retailer (a retailer must have one limit per spec). */
function checkDisjoint(db: Database, conds: Condition[], monday: number): void {
  if (conds.length < 2) return;
  const sum = conds.map((c) => `(CASE WHEN (${c.sql}) THEN 1 ELSE 0 END)`).join(' + ');
  const hit = db
    .prepare(
      `SELECT r.code AS code, r.name AS name FROM retailers r
        WHERE ${operatingOn(monday)} AND ${gradeAsOfSql(db, monday)} IS NOT NULL AND (${sum}) > 1 LIMIT 1`,
    )
    .get(...conds.flatMap((c) => c.params)) as { code: string; name: string } | undefined;
  if (hit)
    throw new AppError(
      'invalid_scope',
      `投放范围有重叠：客户 ${hit.name}（${hit.code}）同时属于多个范围（${conds.map((c) => c.label).join('、')}）`,
    );
}

export interface SegmentEntry {
  /** customer scope (masterdata/scopes.ts); default county */
  scope?: string;
  /** weights per 档位 1–30; null/absent = Settings 档位权重 */
  weights?: number[] | null;
  /** limits per 档位 1–30 typed by the clerk; null/absent = computed */
  limits?: number[] | null;
}

export interface SpecEntry {
  spec: string;
  availableTiao: number;
  reserveTiao?: number;
  capTiao?: number | null;
  segments?: SegmentEntry[];
}

export interface SegmentPlan {
  seq: number;
  scope: string;
  label: string;
  /** null = Settings 档位权重 */
  weights: number[] | null;
  manual: boolean;
  /** per 档位, index 0 = D1 */
  retailers: number[];
  limits: number[];
  retailerCount: number;
  allocatedTiao: number;
}

export interface SpecPlan {
  spec: string;
  name: string;
  availableTiao: number;
  reserveTiao: number;
  capTiao: number | null;
  allocatedTiao: number;
  /** available − reserve − allocated: what the limits leave unused */
  remainderTiao: number;
  segments: SegmentPlan[];
  updatedBy: string;
  updatedAt: string;
}

export interface WeekPlan {
  week: string;
  from: string;
  to: string;
  plans: SpecPlan[];
  totals: { availableTiao: number; reserveTiao: number; allocatedTiao: number; remainderTiao: number };
}

const int = (v: unknown, what: string, min = 0) => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min)
    throw new AppError('invalid_quantity', `${what}必须是不小于 ${min} 的整数（条），收到“${String(v)}”`);
  if (v > MAX_SUPPLY_TIAO)
    throw new AppError('invalid_quantity', `${what}不能超过 ${MAX_SUPPLY_TIAO.toLocaleString('en-US')} 条，收到“${v}”`);
  return v;
};

interface Computed {
  productId: number;
  entry: Required<Omit<SpecEntry, 'segments'>> & { segments: SegmentEntry[] };
  conds: Condition[];
  counts: number[][];
  limits: number[][];
  allocated: number[];
}

/** Computes one spec's limits (nothing saved); refuses bad input in Chinese. */
/** Retailers per 档位 of a scope, counted once per save for the many specs that share it. */
type CountCache = Map<string, number[]>;

function compute(
  db: Database,
  week: IsoWeek,
  e: SpecEntry,
  defaultWeights: number[],
  cache: CountCache = new Map(),
): Computed {
  const p = db.prepare('SELECT id FROM products WHERE code = ?').get(e.spec) as { id: number } | undefined;
  if (!p) throw new AppError('unknown_product', `没有编码为“${e.spec}”的卷烟规格`);
  const available = int(e.availableTiao, `${e.spec} 的可用量`);
  const reserve = int(e.reserveTiao ?? 0, `${e.spec} 的机动量`);
  if (reserve > available)
    throw new AppError('invalid_quantity', `${e.spec} 的机动量 ${reserve} 条超过可用量 ${available} 条`);
  const cap = e.capTiao === null || e.capTiao === undefined ? null : int(e.capTiao, `${e.spec} 的单户上限`);
  const segments = e.segments?.length ? e.segments : [{ scope: 'county' }];
  if (segments.length > 20) throw new AppError('invalid_scope', '一个规格最多分 20 个投放范围');
  const conds = segments.map((s) => customerScope(db, s.scope, week.from));
  const specs = conds.map((c) => c.spec);
  if (new Set(specs).size !== specs.length) throw new AppError('invalid_scope', `${e.spec} 的投放范围有重复`);
  if (conds.length > 1) {
    const key = '\u0000' + specs.join('\u0000');
    if (!cache.has(key)) {
      checkDisjoint(db, conds, week.from);
      cache.set(key, []);
    }
  }
  const counts = conds.map((c) => {
    let n = cache.get(c.spec);
    if (!n) cache.set(c.spec, (n = gradeCounts(db, c, week.from)));
    return n;
  });
  counts.forEach((n, k) => {
    if (n.every((x) => x === 0))
      throw new AppError('no_retailers', `投放范围“${conds[k].label}”内没有带档位的正常经营零售客户`);
  });
  let r;
  try {
    r = segmentLimits({
      quantityTiao: available - reserve,
      capTiao: cap,
      segments: segments.map((s, k) => ({
        retailers: counts[k],
        weights: s.weights ?? defaultWeights,
        fixed: s.limits ?? null,
        label: conds[k].label,
      })),
    });
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, `${e.spec}：${err.message}`);
    throw err;
  }
  return {
    productId: p.id,
    entry: {
      spec: e.spec,
      availableTiao: available,
      reserveTiao: reserve,
      capTiao: cap,
      segments: segments.map((s, k) => ({
        scope: conds[k].spec,
        weights: s.weights ?? null,
        limits: s.limits ?? null,
      })),
    },
    conds,
    counts,
    limits: r.segments.map((s) => s.limits),
    allocated: r.segments.map((s) => s.allocatedTiao),
  };
}

/**
 * Saves the given specs' plans for the week, each replacing the spec's earlier plan.
 * All are computed first: one refusal saves nothing.
 */
export function saveSpecs(db: Database, week: IsoWeek, entries: SpecEntry[], who: string): SpecPlan[] {
  if (!entries.length) throw new AppError('invalid_args', '没有要保存的规格');
  const codes = entries.map((e) => e.spec);
  const dup = codes.find((c, i) => codes.indexOf(c) !== i);
  if (dup) throw new AppError('invalid_args', `规格 ${dup} 出现了两次`);
  const weights = readSettings(db).gradeWeights;
  const cache: CountCache = new Map();
  const done = entries.map((e) => compute(db, week, e, weights, cache));
  const now = new Date().toISOString();
  const del = db.prepare('DELETE FROM supply_plans WHERE week = ? AND product_id = ?');
  const insPlan = db.prepare(
    `INSERT INTO supply_plans (week, product_id, available_tiao, reserve_tiao, cap_tiao, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insSeg = db.prepare(
    'INSERT INTO supply_segments (plan_id, seq, scope, weights_json, manual) VALUES (?, ?, ?, ?, ?)',
  );
  const insLim = db.prepare('INSERT INTO supply_limits (segment_id, grade, retailers, limit_tiao) VALUES (?, ?, ?, ?)');
  for (const c of done) {
    del.run(week.from, c.productId);
    const planId = Number(
      insPlan.run(week.from, c.productId, c.entry.availableTiao, c.entry.reserveTiao, c.entry.capTiao, who, now)
        .lastInsertRowid,
    );
    c.entry.segments.forEach((s, k) => {
      const segId = Number(
        insSeg.run(planId, k + 1, s.scope ?? 'county', s.weights ? JSON.stringify(s.weights) : null, s.limits ? 1 : 0)
          .lastInsertRowid,
      );
      for (let g = 0; g < GRADES; g++)
        if (c.counts[k][g] > 0 || c.limits[k][g] > 0) insLim.run(segId, g + 1, c.counts[k][g], c.limits[k][g]);
    });
  }
  return readWeek(db, week, codes).plans;
}

/** The week's saved plans (all specs, or the given ones), ordered by 卷烟编码. */
export function readWeek(db: Database, week: IsoWeek, specs?: string[]): WeekPlan {
  const plans = db
    .prepare(
      `SELECT sp.id, p.code AS spec, p.name, sp.available_tiao AS availableTiao, sp.reserve_tiao AS reserveTiao,
              sp.cap_tiao AS capTiao, sp.updated_by AS updatedBy, sp.updated_at AS updatedAt
         FROM supply_plans sp JOIN products p ON p.id = sp.product_id
        WHERE sp.week = ? ORDER BY p.code`,
    )
    .all(week.from) as (Omit<SpecPlan, 'segments' | 'allocatedTiao' | 'remainderTiao'> & { id: number })[];
  const segs = db.prepare(
    'SELECT id, seq, scope, weights_json AS weights, manual FROM supply_segments WHERE plan_id = ? ORDER BY seq',
  );
  const lims = db.prepare('SELECT grade, retailers, limit_tiao AS lim FROM supply_limits WHERE segment_id = ?');
  const want = specs ? new Set(specs) : null;
  const out: SpecPlan[] = [];
  for (const p of plans) {
    if (want && !want.has(p.spec)) continue;
    const segments = (
      segs.all(p.id) as { id: number; seq: number; scope: string; weights: string | null; manual: number }[]
    ).map((s): SegmentPlan => {
      const retailers = new Array<number>(GRADES).fill(0);
      const limits = new Array<number>(GRADES).fill(0);
      for (const l of lims.all(s.id) as { grade: number; retailers: number; lim: number }[]) {
        retailers[l.grade - 1] = l.retailers;
        limits[l.grade - 1] = l.lim;
      }
      return {
        seq: s.seq,
        scope: s.scope,
        label: scopeLabel(db, s.scope),
        weights: s.weights ? (JSON.parse(s.weights) as number[]) : null,
        manual: s.manual === 1,
        retailers,
        limits,
        retailerCount: retailers.reduce((a, b) => a + b, 0),
        allocatedTiao: retailers.reduce((a, n, g) => a + n * limits[g], 0),
      };
    });
    const allocatedTiao = segments.reduce((a, s) => a + s.allocatedTiao, 0);
    out.push({
      spec: p.spec,
      name: p.name,
      availableTiao: p.availableTiao,
      reserveTiao: p.reserveTiao,
      capTiao: p.capTiao,
      allocatedTiao,
      remainderTiao: p.availableTiao - p.reserveTiao - allocatedTiao,
      segments,
      updatedBy: p.updatedBy,
      updatedAt: p.updatedAt,
    });
  }
  const sum = (f: (p: SpecPlan) => number) => out.reduce((a, p) => a + f(p), 0);
  return {
    week: isoWeekText(week),
    from: dayText(week.from),
    to: dayText(week.to),
    plans: out,
    totals: {
      availableTiao: sum((p) => p.availableTiao),
      reserveTiao: sum((p) => p.reserveTiao),
      allocatedTiao: sum((p) => p.allocatedTiao),
      remainderTiao: sum((p) => p.remainderTiao),
    },
  };
}

/** The Chinese label of a saved scope (a scope whose route or set has gone keeps its text). */
function scopeLabel(db: Database, scope: string): string {
  try {
    return customerScope(db, scope).label;
  } catch {
    return scope;
  }
}

/** Deletes the given specs' plans of the week; returns how many there were. */
export function removeSpecs(db: Database, week: IsoWeek, specs: string[]): number {
  const del = db.prepare(
    'DELETE FROM supply_plans WHERE week = ? AND product_id = (SELECT id FROM products WHERE code = ?)',
  );
  return specs.reduce((n, s) => n + del.run(week.from, s).changes, 0);
}

/** The entry that makes a saved spec plan again (limits recomputed unless typed by the clerk). */
export function entryOf(p: SpecPlan, availableTiao = p.availableTiao): SpecEntry {
  return {
    spec: p.spec,
    availableTiao,
    reserveTiao: Math.min(p.reserveTiao, availableTiao),
    capTiao: p.capTiao,
    segments: p.segments.map((s) => ({ scope: s.scope, weights: s.weights, limits: s.manual ? s.limits : null })),
  };
}

export const previousWeek = (w: IsoWeek): IsoWeek => addIsoWeeks(w, -1);
