/**
 * 计划编制's draft and its conversions, without React: the form's fields (Draft), a new plan's
 * defaults, the draft a child breakdown's address describes, the address of a cell's child
 * breakdown, and the plans.breakdown parameters a draft sends and a saved version comes back as.
 */
import type { Input as In } from '@contract';
import { isOrgLevel, type Level, type METHOD_OPTIONS, type PlanUnit } from './common';

export type Params = In<'plans.breakdown'>;
export type MethodRow = { method: (typeof METHOD_OPTIONS)[number]['value']; n?: number; weight: number };

export interface Draft {
  name: string;
  year: number;
  month: number | null;
  level: Level;
  unit: PlanUnit;
  target: string;
  methods: MethodRow[];
  baseFrom: string | null;
  baseTo: string | null;
  products: string;
  floorRatio: string;
  locks: Record<string, number>;
  /** retailer level (参考): 'manager:<工号>' or 'route:<线路编码>' */
  within: string | null;
  /** 金额目标 (万元), optional */
  amountWan: string;
  /** 销售额 floor as a ratio of last year's same-period 金额 (e.g. 0.9), optional */
  amountFloorRatio: string;
  /** locked 销售额 cells: key → 分 */
  amountLocks: Record<string, number>;
  /** 单箱值 target (元/箱) and 一类烟占比 target (%) of every row, optional */
  perCaseYuan: string;
  classOneShare: string;
  /** a row's own 单箱值 (元/箱) / 一类烟占比 (%) targets */
  rowTargets: Record<string, RowTarget>;
}

export type RowTarget = { perCaseYuan?: number; classOneShare?: number };

/** Whether the draft carries money targets (the grid then shows the money columns). */
export function hasMoney(d: Draft): boolean {
  return d.amountWan.trim() !== '' || d.perCaseYuan.trim() !== '' || d.classOneShare.trim() !== '';
}

export function defaultDraft(year: number): Draft {
  return {
    name: '',
    year,
    month: null,
    level: 'manager',
    unit: '0.01箱',
    target: '',
    methods: [{ method: 'history', weight: 1 }],
    baseFrom: null,
    baseTo: null,
    products: 'all',
    floorRatio: '',
    locks: {},
    within: null,
    amountWan: '',
    amountFloorRatio: '',
    amountLocks: {},
    perCaseYuan: '',
    classOneShare: '',
    rowTargets: {},
  };
}

/**
 * The next level down from a cell, so that a scheme is a tree whose parts add up at every
 * level: a month → its 客户经理; a 客户经理 or 线路 → its retailers (参考); a 价类 → its brands;
 * a brand → its specs. The child plan's target is the cell's value, exactly.
 */
export function childOf(
  parent: {
    level: Level;
    year: number;
    month: number | null;
    unit: PlanUnit;
    products: string;
    name: string;
    methods: MethodRow[];
  },
  cell: { key: string; label: string; units: number },
) {
  const target =
    parent.unit === '0.01箱'
      ? (cell.units / 100).toFixed(2)
      : parent.unit === '箱'
        ? String(cell.units)
        : (cell.units / 250).toFixed(3);
  const q: Record<string, string> = {
    target,
    unit: parent.unit,
    year: String(parent.year),
    products: parent.products,
    methods: JSON.stringify(parent.methods),
  };
  if (parent.month) q.month = String(parent.month);
  switch (parent.level) {
    case 'month':
      Object.assign(q, {
        level: 'manager',
        month: String(Number(cell.key.slice(5, 7))),
        name: `${parent.year}年${Number(cell.key.slice(5, 7))}月客户经理计划`,
      });
      break;
    case 'manager':
    case 'route':
      Object.assign(q, {
        level: 'retailer',
        within: `${parent.level}:${cell.key}`,
        name: `${parent.name}·${cell.label}客户（参考）`,
      });
      break;
    case 'class':
      Object.assign(q, { level: 'brand', products: `class:${cell.key}`, name: `${parent.name}·${cell.label}分品牌` });
      break;
    case 'brand':
      Object.assign(q, { level: 'spec', products: `brand:${cell.key}`, name: `${parent.name}·${cell.label}分规格` });
      break;
    default:
      return null;
  }
  return '/plans/edit?' + new URLSearchParams(q).toString();
}

/** A new plan's draft from the address (a child breakdown opened from a cell), or null when it names none. */
export function draftFromQuery(searchParam: (name: string) => string | null): Draft | null {
  const level = searchParam('level') as Level | null;
  const target = searchParam('target');
  if (!level || !target) return null;
  const d = defaultDraft(Number(searchParam('year')) || new Date().getFullYear());
  return {
    ...d,
    level,
    target,
    name: searchParam('name') ?? '',
    month: searchParam('month') ? Number(searchParam('month')) : null,
    unit: (searchParam('unit') as PlanUnit | null) ?? '0.01箱',
    products: searchParam('products') ?? 'all',
    within: searchParam('within'),
    methods: inheritedMethods(level, searchParam('methods')),
  };
}

/** The parent's methods where they apply to the child's level (客户户数 and 档位权重 only for the organisation). */
export function inheritedMethods(level: Level, json: string | null): MethodRow[] {
  try {
    const list = (json ? JSON.parse(json) : []) as MethodRow[];
    const ok = list.filter((m) => isOrgLevel(level) || (m.method !== 'customers' && m.method !== 'grade'));
    return ok.length ? ok : [{ method: 'history', weight: 1 }];
  } catch {
    return [{ method: 'history', weight: 1 }];
  }
}

export function toParams(d: Draft): Params {
  return {
    target: d.target.trim(),
    level: d.level,
    year: d.year,
    month: d.level === 'month' ? null : d.month,
    unit: d.unit,
    methods: d.methods.map((m) => ({
      method: m.method,
      weight: m.weight,
      ...(m.method === 'recent' ? { n: m.n ?? 3 } : {}),
    })),
    baseFrom: d.baseFrom,
    baseTo: d.baseTo,
    products: d.products.trim() || 'all',
    locks: d.locks,
    floorRatio: d.floorRatio.trim() || null,
    within: d.level === 'retailer' ? d.within : null,
    // money targets only when given, so a plan without them keeps its parameters as before
    ...(d.amountWan.trim() ? { amount: d.amountWan.trim() } : {}),
    ...(d.amountWan.trim() && Object.keys(d.amountLocks).length ? { amountLocks: d.amountLocks } : {}),
    ...(d.amountWan.trim() && d.amountFloorRatio.trim() ? { amountFloorRatio: d.amountFloorRatio.trim() } : {}),
    ...(d.perCaseYuan.trim() ? { perCaseYuan: d.perCaseYuan.trim() } : {}),
    ...(d.classOneShare.trim() ? { classOneShare: d.classOneShare.trim() } : {}),
    ...(hasMoney(d) && Object.keys(d.rowTargets).length ? { rowTargets: d.rowTargets } : {}),
  };
}

export function fromParams(name: string, p: Params, amountFen: number | null): Draft {
  return {
    name,
    amountWan:
      p.amount !== undefined && p.amount !== null && String(p.amount).trim() !== ''
        ? String(p.amount)
        : amountFen === null
          ? ''
          : String(amountFen / 1_000_000),
    amountLocks: (p.amountLocks ?? {}) as Record<string, number>,
    amountFloorRatio: p.amountFloorRatio === null || p.amountFloorRatio === undefined ? '' : String(p.amountFloorRatio),
    perCaseYuan: p.perCaseYuan === null || p.perCaseYuan === undefined ? '' : String(p.perCaseYuan),
    classOneShare: p.classOneShare === null || p.classOneShare === undefined ? '' : String(p.classOneShare),
    rowTargets: Object.fromEntries(
      Object.entries(p.rowTargets ?? {}).map(([k, v]) => [
        k,
        {
          ...(v.perCaseYuan !== null && v.perCaseYuan !== undefined ? { perCaseYuan: Number(v.perCaseYuan) } : {}),
          ...(v.classOneShare !== null && v.classOneShare !== undefined
            ? { classOneShare: Number(v.classOneShare) }
            : {}),
        },
      ]),
    ),
    year: p.year,
    month: p.month ?? null,
    level: p.level,
    unit: (p.unit ?? '0.01箱') as PlanUnit,
    target: String(p.target),
    methods: (p.methods ?? [{ method: 'history', weight: 1 }]).map((m) => ({
      method: m.method as MethodRow['method'],
      n: m.n,
      weight: Number(m.weight ?? 1),
    })),
    baseFrom: p.baseFrom ?? null,
    baseTo: p.baseTo ?? null,
    products: p.products ?? 'all',
    floorRatio: p.floorRatio === null || p.floorRatio === undefined ? '' : String(p.floorRatio),
    locks: (p.locks ?? {}) as Record<string, number>,
    within: p.within ?? null,
  };
}

/** The 金额目标 typed in 万元 as 元 (to the 分), or null when blank or not a number. */
export function amountYuanOf(amountWan: string): number | null {
  const t = amountWan.trim();
  return t === '' || !Number.isFinite(Number(t)) ? null : Math.round(Number(t) * 1_000_000) / 100;
}
