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
  type CellExplain,
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
  type Measure,
  ymd,
  type CellRef,
  type Level,
  type Period,
} from './sources';
import {
  formatUnits,
  parseRatio,
  percentToBp,
  tiaoToUnitsCeil,
  tiaoToUnitsFloor,
  wanToFen,
  unitsToTiao,
  type SplitUnit,
  xiangToUnits,
  yuanToFen,
  type PlanUnit,
} from './units';

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
  /** 销售额 target in 万元 (decimal, exact to the 分): split like the quantity, on 同期/近N月 金额 */
  amount?: string | number | null;
  /** locked 销售额 cells: key → 分 */
  amountLocks?: Record<string, number>;
  /** 销售额 floor / ceiling = ratio × last year's same-period 金额 of the cell (e.g. 0.9) */
  amountFloorRatio?: string | number | null;
  amountCeilingRatio?: string | number | null;
  /** explicit 销售额 bounds per cell, in 分 */
  amountBounds?: Record<string, { floor?: number | null; ceiling?: number | null }>;
  /** 单箱值 target (元/箱) of every row; default 销售额 ÷ 目标箱数 */
  perCaseYuan?: string | number | null;
  /** 一类烟占比 target (percent, e.g. 45.5) of every row */
  classOneShare?: string | number | null;
  /** a row's own 单箱值 / 一类烟占比 targets, overriding the plan's */
  rowTargets?: Record<string, { perCaseYuan?: string | number | null; classOneShare?: string | number | null }>;
}

/** A row's money targets: its share of the 销售额 and its own 单箱值 and 一类烟占比. */
export interface MoneyRow {
  /** the row's 销售额 target in 分; null when the plan has no 销售额 target */
  amountFen: number | null;
  amountExact: number | null;
  amountLocked: boolean;
  amountExplain: CellExplain | null;
  /** 单箱值 target, 分 per 箱; null when the plan has neither a 单箱值 nor a 销售额 target */
  perCaseFen: number | null;
  /** 一类烟占比 target in 0.01% (4550 = 45.50%); null when none */
  classOneBp: number | null;
}

export interface ComputedBreakdown extends Omit<BreakdownResult, 'rows'> {
  rows: (BreakdownResult['rows'][number] & { money: MoneyRow | null })[];
  /** the 销售额 target in 分 and the plan's 单箱值 (分/箱) and 一类烟占比 (0.01%) targets; null when not given */
  amountFen: number | null;
  perCaseFen: number | null;
  classOneBp: number | null;
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
  const listed = listCells(db, p.level, period, p.within ?? undefined, p.products);
  const base = resolveBase(p, period);
  const bases = collectBases(db, p, listed, base, period, 'tiao', notes);
  const cellsRef = withoutIdleStopped(listed, bases.byKey, notes);
  const inPlan = new Set(cellsRef.map((c) => c.key));
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

  const baseNotes = bases.baseNotes;

  const floors = cellBounds(db, p, period, inPlan, 'tiao');
  for (const k of [
    ...Object.keys(p.locks ?? {}),
    ...Object.keys(p.amountLocks ?? {}),
    ...Object.keys(p.rowTargets ?? {}),
  ]) {
    if (!inPlan.has(k))
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
      bases: bases.byKey.get(c.key)!,
      lock: lock === undefined ? null : lock,
      floor: b?.floor,
      ceiling: b?.ceiling ?? null,
      boundNote: b?.note.length ? b.note.join('；') : undefined,
      baseNote: baseNotes.get(c.key),
    };
  });
  // Thousands of retailer or spec cells: the texts are built on demand (plans.explain) instead.
  const texts = cellsRef.length <= 2000;
  const r = breakdown({ totalUnits, unit, methods: p.methods, cells, texts });
  const money = moneyTargets(db, p, { cellsRef, base, period, cells, texts, totalTiao: unitsToTiao(totalUnits, unit) });
  return {
    ...r,
    rows: r.rows.map((row, i) => ({ ...row, money: money?.rows[i] ?? null })),
    amountFen: money?.amountFen ?? null,
    perCaseFen: money?.perCaseFen ?? null,
    classOneBp: money?.classOneBp ?? null,
    level: p.level,
    period: { from: dayText(period.from), to: dayText(period.to) },
    base: base ? { from: dayText(base.from), to: dayText(base.to) } : null,
    notes,
  };
}

const given = (v: string | number | null | undefined): v is string | number =>
  v !== undefined && v !== null && String(v).trim() !== '';

/**
 * The plan's own money targets: 销售额 (分), 单箱值 (分/箱) and 一类烟占比 (0.01%), each null when
 * not given. 单箱值 (元/箱) = 销售额 ÷ 箱 (1 箱 = 250 条): without its own target it is the
 * 销售额 target over the 销量 target, to the 分.
 */
export function planMoneyTargets(p: BreakdownParams, totalTiao: number) {
  const amountFen = given(p.amount) ? wanToFen(p.amount, '销售额目标') : null;
  const perCaseFen = given(p.perCaseYuan)
    ? yuanToFen(p.perCaseYuan, '单箱值目标')
    : amountFen !== null && totalTiao > 0
      ? Math.round((amountFen * 250) / totalTiao)
      : null;
  const classOneBp = given(p.classOneShare) ? percentToBp(p.classOneShare, '一类烟占比目标') : null;
  return { amountFen, perCaseFen, classOneBp };
}

/**
 * The money targets of a breakdown (DOMAIN.md "Plans in money"): the 销售额 split over the
 * same cells with the same methods, locks and sum-preserving rounding as the quantity —
 * the one breakdown() in 分, its history/recent bases taken from 金额 instead of 订购量, with
 * its own floors and ceilings (cellBounds: a ratio of last year's 金额, or 分 per cell) — and
 * each row's 单箱值 and 一类烟占比 targets (the plan's,
 * or the row's own). Null when the plan has none of them.
 */
function moneyTargets(
  db: Database,
  p: BreakdownParams,
  q: {
    cellsRef: { key: string; label: string }[];
    base: Period | null;
    period: Period;
    cells: BreakdownCellInput[];
    texts: boolean;
    totalTiao: number;
  },
) {
  const hasLocks = Object.keys(p.amountLocks ?? {}).length > 0;
  if (!given(p.amount) && hasLocks) throw new AppError('invalid_lock', '没有销售额目标，不能锁定销售额');
  if (
    !given(p.amount) &&
    (given(p.amountFloorRatio) || given(p.amountCeilingRatio) || Object.keys(p.amountBounds ?? {}).length)
  )
    throw new AppError('invalid_args', '没有销售额目标，不能设销售额的上下限');
  if (!given(p.amount) && !given(p.perCaseYuan) && !given(p.classOneShare) && !Object.keys(p.rowTargets ?? {}).length)
    return null;
  const { amountFen, perCaseFen, classOneBp } = planMoneyTargets(p, q.totalTiao);
  let split: BreakdownResult | null = null;
  if (amountFen !== null) {
    const bases = collectBases(db, p, q.cellsRef, q.base, q.period, 'fen', []);
    const bounds = cellBounds(db, p, q.period, new Set(q.cellsRef.map((c) => c.key)), 'fen');
    const cells: BreakdownCellInput[] = q.cells.map((c) => {
      const lock = p.amountLocks?.[c.key];
      const b = bounds.get(c.key);
      return {
        key: c.key,
        label: c.label,
        bases: bases.byKey.get(c.key)!,
        lock: lock ?? null,
        floor: b?.floor,
        ceiling: b?.ceiling ?? null,
        boundNote: b?.note.length ? b.note.join('；') : undefined,
        baseNote: c.baseNote,
      };
    });
    try {
      split = breakdown({ totalUnits: amountFen, unit: '分', methods: p.methods, cells, texts: q.texts });
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, `销售额分解：${e.message}`, e.details);
      throw e;
    }
  }
  const rows: MoneyRow[] = q.cells.map((c, i) => {
    const own = p.rowTargets?.[c.key] ?? {};
    const a = split?.rows[i] ?? null;
    return {
      amountFen: a?.units ?? null,
      amountExact: a?.exact ?? null,
      amountLocked: a?.locked ?? false,
      amountExplain: a?.explain ?? null,
      perCaseFen: given(own.perCaseYuan) ? yuanToFen(own.perCaseYuan, `“${c.label ?? c.key}”的单箱值目标`) : perCaseFen,
      classOneBp: given(own.classOneShare)
        ? percentToBp(own.classOneShare, `“${c.label ?? c.key}”的一类烟占比目标`)
        : classOneBp,
    };
  });
  return { amountFen, perCaseFen, classOneBp, rows };
}

/**
 * The 销售额 split of a version saved before plans carried money per cell (migration 031): the
 * plan's 销售额 target spread over the version's own cells by its own methods, computed when read
 * (the next saved version stores it). Null when the version's methods give no base to split the
 * money by (the page then says 未分解).
 */
export function amountSplitOnRead(
  db: Database,
  p: BreakdownParams,
  cells: { key: string; label: string }[],
  totalTiao: number,
): MoneyRow[] | null {
  if (!given(p.amount)) return null;
  const period = planPeriod(p.year, p.month);
  const q = {
    cellsRef: cells,
    base: resolveBase(p, period),
    period,
    cells: cells.map((c) => ({ key: c.key, label: c.label, bases: {} })),
    texts: true,
    totalTiao,
  };
  try {
    return moneyTargets(db, p, q)?.rows ?? null;
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}

/**
 * Each cell's base per method: sales in 条 (measure 'tiao') or in 分 ('fen', for the 销售额
 * split), retailers counted, grade weights, manual weights; notes on the 春节 alignment.
 */
function collectBases(
  db: Database,
  p: BreakdownParams,
  cellsRef: { key: string; label: string }[],
  base: Period | null,
  period: Period,
  measure: Measure,
  notes: string[],
) {
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
        const hist = salesByMonth(db, base!, p.products, measure);
        const a = alignedMonthlyBases(p.year, hist);
        a.months.forEach((v, i) => put(cellsRef[i].key, name, v));
        for (const y of measure === 'tiao' ? a.swappedYears : [])
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
        const total = salesByMonth(db, r, p.products, measure).reduce((s, x) => s + x.tiao, 0);
        for (const c of cellsRef) put(c.key, name, total);
      }
      continue;
    }
    const lvl = p.level;
    let map: Map<string, number>;
    if (m.method === 'history') map = salesByKey(db, lvl, base!, p.products, measure);
    else if (m.method === 'recent') map = salesByKey(db, lvl, recentPeriod(period, m.n ?? 3), p.products, measure);
    else if (lvl === 'class' || lvl === 'brand' || lvl === 'spec')
      throw new AppError('method_not_applicable', `按卷烟（价类、品牌、规格）分解不能使用“${methodLabel(m)}”法`);
    else if (m.method === 'customers') map = customersByKey(db, lvl);
    else map = gradeWeightByKey(db, lvl, readSettings(db).gradeWeights, period.from);
    for (const [k, v] of map) put(k, name, v);
  }
  return { byKey: bases, baseNotes };
}

/**
 * Stopped 线路 (停用) leave new breakdowns, except one that still holds base data (a base figure
 * above 0 for a method of the plan, e.g. 同期销量 in the base period): it stays, marked 已停用, so
 * its share of the base is not silently handed to the others.
 */
function withoutIdleStopped(cells: CellRef[], bases: Map<string, Record<string, number>>, notes: string[]) {
  const kept: CellRef[] = [];
  const marked: string[] = [];
  for (const c of cells) {
    if (!c.stopped) kept.push(c);
    else if (Object.values(bases.get(c.key) ?? {}).some((v) => v > 0)) {
      kept.push({ ...c, label: `${c.label}（已停用）` });
      marked.push(c.label);
    }
  }
  if (marked.length) notes.push(`已停用的线路${marked.join('、')}在基期仍有基数，照常参与分解（标为“已停用”）`);
  return kept;
}

type CellBound = { floor?: number; ceiling?: number | null; note: string[] };

/**
 * The floors and ceilings of a split, per cell: from a ratio of last year's same period
 * (订购量 for 销量, 金额 for 销售额; floors rounded up, ceilings down, to the unit or the 分),
 * then the cell's own bounds typed by the clerk. The 销量 and the 销售额 split each take theirs.
 */
function cellBounds(
  db: Database,
  p: BreakdownParams,
  period: Period,
  inPlan: Set<string>,
  measure: Measure,
): Map<string, CellBound> {
  const money = measure === 'fen';
  const o = money
    ? { floor: p.amountFloorRatio, ceiling: p.amountCeilingRatio, bounds: p.amountBounds, what: '销售额' }
    : { floor: p.floorRatio, ceiling: p.ceilingRatio, bounds: p.bounds, what: '' };
  const unit: SplitUnit = money ? '分' : p.unit;
  const fr = given(o.floor) ? parseRatio(o.floor, `${o.what}下限比例`) : null;
  const cr = given(o.ceiling) ? parseRatio(o.ceiling, `${o.what}上限比例`) : null;
  const out = new Map<string, CellBound>();
  if (fr || cr) {
    const last = lastYearByKey(db, p, period, measure);
    const up = (x: number, r: { num: bigint; den: bigint }) =>
      money ? Number((BigInt(x) * r.num + r.den - 1n) / r.den) : tiaoToUnitsCeil(BigInt(x) * r.num, r.den, p.unit);
    const down = (x: number, r: { num: bigint; den: bigint }) =>
      money ? Number((BigInt(x) * r.num) / r.den) : tiaoToUnitsFloor(BigInt(x) * r.num, r.den, p.unit);
    for (const key of inPlan) {
      const x = last.get(key) ?? 0;
      const shown = money ? formatUnits(x, '分') : `${x}条`;
      const e: CellBound = { note: [] };
      if (fr) {
        e.floor = up(x, fr);
        e.note.push(`${o.what}下限 = 去年同期 ${shown} × ${o.floor}`);
      }
      if (cr) {
        e.ceiling = down(x, cr);
        e.note.push(`${o.what}上限 = 去年同期 ${shown} × ${o.ceiling}`);
      }
      out.set(key, e);
    }
  }
  for (const [k, b] of Object.entries(o.bounds ?? {})) {
    if (!inPlan.has(k)) throw new AppError('unknown_key', `${o.what}上下限中的“${k}”不是本次分解的对象`);
    const e = out.get(k) ?? { note: [] };
    if (b.floor !== undefined && b.floor !== null) {
      e.floor = b.floor;
      e.note.push(`${o.what}手工下限 ${formatUnits(b.floor, unit)}`);
    }
    if (b.ceiling !== undefined && b.ceiling !== null) {
      e.ceiling = b.ceiling;
      e.note.push(`${o.what}手工上限 ${formatUnits(b.ceiling, unit)}`);
    }
    out.set(k, e);
  }
  return out;
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

/** Last year's same-period 订购量 (条) or 金额 (分) per cell (months: aligned for 春节 like the history shares). */
function lastYearByKey(db: Database, p: BreakdownParams, period: Period, measure: Measure): Map<string, number> {
  const last = samePeriodLastYear(period);
  if (p.level === 'month') {
    const a = alignedMonthlyBases(p.year, salesByMonth(db, last, p.products, measure));
    return new Map(a.months.map((v, i) => [`${p.year}-${String(i + 1).padStart(2, '0')}`, v]));
  }
  return salesByKey(db, p.level, last, p.products, measure);
}
