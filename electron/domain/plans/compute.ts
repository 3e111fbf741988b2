/**
 * A breakdown against the database: resolves the period, the cells of the level, each
 * cell's bases for the chosen methods (with the Spring Festival alignment for months),
 * the floors/ceilings from last year's same period, the locks — then runs the pure
 * breakdown. Used by plans.breakdown (preview), plans.create / plans.saveVersion and the CLI.
 */
import type { Database } from 'better-sqlite3';
import { shiftMonth } from '../../../common/days';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings';
import {
  baseKey,
  breakdown,
  methodLabel,
  type BreakdownCellInput,
  type BreakdownResult,
  type MethodSpec,
} from './breakdown';
import { alignedMonthlyBases, springFestivalMonth } from './springFestival';
import {
  customersByKey,
  dayText,
  daysInMonth,
  gradeWeightByKey,
  listCells,
  parseDay,
  planPeriod,
  productFilter,
  salesByKey,
  salesByMonth,
  samePeriodLastYear,
  ymd,
  type Level,
  type Period,
} from './sources';
import { formatUnits, parseRatio, tiaoToUnitsCeil, tiaoToUnitsFloor, xiangToUnits, type PlanUnit } from './units';

export interface BreakdownParams {
  /** the target in 箱 (decimal text or number) */
  target: string | number;
  level: Level;
  year: number;
  /** 1–12 for a monthly plan (organisation levels); null for the year */
  month: number | null;
  unit: PlanUnit;
  methods: MethodSpec[];
  /** base period for 同期销量占比, 'YYYY-MM-DD'; default: the same period last year */
  baseFrom?: string | null;
  baseTo?: string | null;
  products: string;
  /** locked cells: key → units (already in the plan's unit) */
  locks?: Record<string, number>;
  /** floor = ratio × last year's same-period sales of the cell (e.g. 0.9) */
  floorRatio?: string | number | null;
  ceilingRatio?: string | number | null;
  /** explicit bounds per cell, in units */
  bounds?: Record<string, { floor?: number | null; ceiling?: number | null }>;
  /** 手工 weights per key (method 'manual') */
  manualWeights?: Record<string, number>;
  /** retailer level: restrict to 'manager:<工号>' or 'route:<编码>' */
  within?: string | null;
}

export interface ComputedBreakdown extends BreakdownResult {
  level: Level;
  period: { from: string; to: string };
  base: { from: string; to: string } | null;
  /** Chinese notes: which years were aligned for 春节, the 参考 label, … */
  notes: string[];
}

export function validateParams(p: BreakdownParams): void {
  if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100)
    throw new AppError('invalid_year', `年度“${p.year}”无效`);
  if (p.level === 'month' && p.month !== null)
    throw new AppError('invalid_args', '按月分解针对全年目标，不能同时指定月份');
}

export function computeBreakdown(db: Database, p: BreakdownParams): ComputedBreakdown {
  validateParams(p);
  const unit = p.unit;
  const totalUnits = xiangToUnits(p.target, unit, '目标');
  const period = planPeriod(p.year, p.month);
  const notes: string[] = [];
  productFilter(db, p.products); // refuses an unknown scope before any work
  const cellsRef = listCells(db, p.level, p.year, p.within ?? undefined, p.products);
  if (cellsRef.length === 0) {
    const what = {
      month: '月份',
      manager: '在岗客户经理',
      route: '线路',
      retailer: '正常经营的零售客户',
      class: '在销卷烟的价类',
      brand: '在销卷烟的品牌',
      spec: '在销卷烟规格',
    }[p.level];
    throw new AppError('no_cells', `没有可分解的${what}，请先导入基础资料`);
  }
  if (p.level === 'retailer') notes.push('零售客户层级的分解仅供参考（按政策不对零售客户下达最低任务）');

  const base = resolveBase(p, period);
  const bases = new Map<string, Record<string, number>>(cellsRef.map((c) => [c.key, {}]));
  const baseNotes = new Map<string, string>();
  const put = (key: string, name: string, v: number) => {
    const b = bases.get(key);
    if (b) b[name] = v;
  };
  for (const m of p.methods) {
    const name = baseKey(m);
    if (m.method === 'equal') continue;
    if (m.method === 'manual') {
      const w = p.manualWeights ?? {};
      for (const [k, v] of Object.entries(w)) {
        if (!bases.has(k)) throw new AppError('unknown_key', `手工权重中的“${k}”不是本次分解的对象`);
        if (!Number.isFinite(v) || v < 0) throw new AppError('invalid_weights', `“${k}”的手工权重无效`);
        put(k, name, Math.round(v * 10000));
      }
      continue;
    }
    if (p.level === 'month') {
      if (m.method === 'customers' || m.method === 'grade')
        throw new AppError('method_not_applicable', `按月分解不能使用“${methodLabel(m)}”法`);
      if (m.method === 'history') {
        const hist = salesByMonth(db, base!, p.products);
        const a = alignedMonthlyBases(p.year, hist);
        a.months.forEach((v, i) => put(cellsRef[i].key, name, v));
        for (const y of a.swappedYears)
          notes.push(`${y}年春节与${p.year}年春节不在同一月份：该年1月、2月的基期销量已对调后再计算占比`);
        if (a.swappedYears.length) {
          const fm = springFestivalMonth(p.year);
          const years = a.swappedYears.join('、');
          baseNotes.set(
            cellsRef[0].key,
            `春节对齐：${p.year}年春节在${fm}月，${years}年春节在${3 - fm}月，基数取${years}年2月的销量`,
          );
          baseNotes.set(
            cellsRef[1].key,
            `春节对齐：${p.year}年春节在${fm}月，${years}年春节在${3 - fm}月，基数取${years}年1月的销量`,
          );
        }
      } else {
        // 近N月均值 gives every month the same average: the same as 平均.
        const r = recentPeriod(period, m.n ?? 3);
        const total = salesByMonth(db, r, p.products).reduce((s, x) => s + x.tiao, 0);
        for (const c of cellsRef) put(c.key, name, total);
      }
      continue;
    }
    const lvl = p.level;
    let map: Map<string, number>;
    if (m.method === 'history') map = salesByKey(db, lvl, base!, p.products);
    else if (m.method === 'recent') map = salesByKey(db, lvl, recentPeriod(period, m.n ?? 3), p.products);
    else if (lvl === 'class' || lvl === 'brand' || lvl === 'spec')
      throw new AppError('method_not_applicable', `按卷烟（价类、品牌、规格）分解不能使用“${methodLabel(m)}”法`);
    else if (m.method === 'customers') map = customersByKey(db, lvl);
    else map = gradeWeightByKey(db, lvl, readSettings(db).gradeWeights);
    for (const [k, v] of map) put(k, name, v);
  }

  // Bounds from last year's same period (ratio), then explicit bounds per cell.
  const floors = new Map<string, { floor?: number; ceiling?: number | null; note: string[] }>();
  const fr =
    p.floorRatio === undefined || p.floorRatio === null || p.floorRatio === ''
      ? null
      : parseRatio(p.floorRatio, '下限比例');
  const cr =
    p.ceilingRatio === undefined || p.ceilingRatio === null || p.ceilingRatio === ''
      ? null
      : parseRatio(p.ceilingRatio, '上限比例');
  if (fr || cr) {
    const last = lastYearByKey(db, p, period);
    for (const c of cellsRef) {
      const tiao = last.get(c.key) ?? 0;
      const e = { note: [] as string[] } as { floor?: number; ceiling?: number | null; note: string[] };
      if (fr) {
        e.floor = tiaoToUnitsCeil(BigInt(tiao) * fr.num, fr.den, unit);
        e.note.push(`下限 = 去年同期 ${tiao}条 × ${p.floorRatio}`);
      }
      if (cr) {
        e.ceiling = tiaoToUnitsFloor(BigInt(tiao) * cr.num, cr.den, unit);
        e.note.push(`上限 = 去年同期 ${tiao}条 × ${p.ceilingRatio}`);
      }
      floors.set(c.key, e);
    }
  }
  for (const [k, b] of Object.entries(p.bounds ?? {})) {
    if (!bases.has(k)) throw new AppError('unknown_key', `上下限中的“${k}”不是本次分解的对象`);
    const e = floors.get(k) ?? { note: [] };
    if (b.floor !== undefined && b.floor !== null) {
      e.floor = b.floor;
      e.note.push(`手工下限 ${formatUnits(b.floor, unit)}`);
    }
    if (b.ceiling !== undefined && b.ceiling !== null) {
      e.ceiling = b.ceiling;
      e.note.push(`手工上限 ${formatUnits(b.ceiling, unit)}`);
    }
    floors.set(k, e);
  }
  for (const k of Object.keys(p.locks ?? {})) {
    if (!bases.has(k))
      throw new AppError(
        'unknown_key',
        `锁定的“${k}”不是本次分解的对象（${p.level === 'manager' ? '客户经理工号' : p.level === 'route' ? '线路编码' : p.level === 'month' ? 'YYYY-MM' : '客户编码'}）`,
      );
  }

  const cells: BreakdownCellInput[] = cellsRef.map((c) => {
    const b = floors.get(c.key);
    const lock = p.locks?.[c.key];
    return {
      key: c.key,
      label: c.label,
      bases: bases.get(c.key)!,
      lock: lock === undefined ? null : lock,
      floor: b?.floor,
      ceiling: b?.ceiling ?? null,
      boundNote: b?.note.length ? b.note.join('；') : undefined,
      baseNote: baseNotes.get(c.key),
    };
  });
  // Thousands of retailer or spec cells: the texts are built on demand (plans.explain) instead.
  const r = breakdown({ totalUnits, unit, methods: p.methods, cells, texts: cellsRef.length <= 2000 });
  return {
    ...r,
    level: p.level,
    period: { from: dayText(period.from), to: dayText(period.to) },
    base: base ? { from: dayText(base.from), to: dayText(base.to) } : null,
    notes,
  };
}

function resolveBase(p: BreakdownParams, period: Period): Period | null {
  if (!p.methods.some((m) => m.method === 'history')) return null;
  if (p.baseFrom || p.baseTo) {
    if (!p.baseFrom || !p.baseTo) throw new AppError('invalid_args', '基期需要同时给出开始日期和结束日期');
    const from = parseDay(p.baseFrom, '基期开始日期');
    const to = parseDay(p.baseTo, '基期结束日期');
    if (from > to) throw new AppError('invalid_args', '基期开始日期晚于结束日期');
    return { from, to };
  }
  return samePeriodLastYear(period);
}

/** N whole months before the start of the plan period. */
function recentPeriod(period: Period, n: number): Period {
  const y = Math.floor(period.from / 10000);
  const m = Math.floor(period.from / 100) % 100;
  const start = shiftMonth(y, m, -n);
  const end = shiftMonth(y, m, -1);
  return { from: ymd(start.y, start.m, 1), to: ymd(end.y, end.m, daysInMonth(end.y, end.m)) };
}

/** Last year's same-period sales per cell (months: aligned for 春节 like the history shares). */
function lastYearByKey(db: Database, p: BreakdownParams, period: Period): Map<string, number> {
  const last = samePeriodLastYear(period);
  if (p.level === 'month') {
    const a = alignedMonthlyBases(p.year, salesByMonth(db, last, p.products));
    return new Map(a.months.map((v, i) => [`${p.year}-${String(i + 1).padStart(2, '0')}`, v]));
  }
  return salesByKey(db, p.level, last, p.products);
}
