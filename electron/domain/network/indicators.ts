/**
 * The 网建 indicator catalogue (DOMAIN.md "Network-building indicators") and the
 * status rule against a target: 达标 / 接近 / 未达标 / 无目标.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { UNIT_LABELS, type Unit } from '../../../common/network';

export type { Unit };
export type Direction = 'higher' | 'lower';
export type Base = 'operating' | 'licensed';
export type MarginKind = 'absolute' | 'relative';
export type Status = '达标' | '接近' | '未达标' | '无目标' | '无数据';

/** Built-in formulas. Each names its definition in DOMAIN.md. */
export type Formula =
  | 'e_settlement' // 电子结算率
  | 'online_order' // 网上订货率
  | 'modern_count' // 现代终端户数
  | 'modern_share' // 现代终端占比
  | 'visit_coverage' // 客户拜访覆盖率
  | 'price_tag' // 明码标价合格率
  | 'display' // 卷烟陈列规范率
  | 'info_collection'; // 信息采集完成率

export const FORMULAS: Formula[] = [
  'e_settlement',
  'online_order',
  'modern_count',
  'modern_share',
  'visit_coverage',
  'price_tag',
  'display',
  'info_collection',
];

export interface Indicator {
  code: string;
  name: string;
  unit: Unit;
  direction: Direction;
  source: 'formula' | 'manual';
  formula: Formula | null;
  /** whose count is the denominator of retailer shares: 正常经营 (default) or 持证 */
  base: Base;
  /** null = the default of the unit */
  margin: number | null;
  marginKind: MarginKind | null;
  note: string | null;
  builtin: boolean;
  active: boolean;
  sortOrder: number;
}

export { UNIT_LABELS };
const BASE_LABELS: Record<Base, string> = { operating: '正常经营零售户', licensed: '持证零售户（经营状态非注销）' };

/** Default margins: 2 percentage points for rates, 5% of the target for counts, 2 points for scores. */
export function effectiveMargin(ind: Pick<Indicator, 'unit' | 'margin' | 'marginKind'>): {
  margin: number;
  kind: MarginKind;
} {
  if (ind.margin !== null && ind.marginKind !== null) return { margin: ind.margin, kind: ind.marginKind };
  if (ind.unit === 'rate') return { margin: ind.margin ?? 0.02, kind: ind.marginKind ?? 'absolute' };
  if (ind.unit === 'count') return { margin: ind.margin ?? 0.05, kind: ind.marginKind ?? 'relative' };
  return { margin: ind.margin ?? 2, kind: ind.marginKind ?? 'absolute' };
}

const EPS = 1e-9;

/**
 * 达标 when the value meets the target in the indicator's direction; 接近 when it
 * misses by no more than the margin (boundary included); 未达标 otherwise.
 * 无目标 when no target applies; 无数据 when a target applies but the value is
 * undefined (no denominator, or a hand-entered value not yet entered).
 */
export function statusOf(
  value: number | null,
  target: number | null,
  ind: Pick<Indicator, 'unit' | 'direction' | 'margin' | 'marginKind'>,
): Status {
  if (target === null || target === undefined) return '无目标';
  if (value === null || value === undefined || Number.isNaN(value)) return '无数据';
  const { margin, kind } = effectiveMargin(ind);
  const allowed = kind === 'relative' ? Math.abs(target) * margin : margin;
  const shortfall = ind.direction === 'higher' ? target - value : value - target;
  if (shortfall <= EPS) return '达标';
  if (shortfall <= allowed + EPS) return '接近';
  return '未达标';
}

/** The 口径说明 of an indicator as the reports print it. */
export function definitionText(ind: Indicator): string {
  const base = BASE_LABELS[ind.base];
  let text: string;
  switch (ind.formula) {
    case 'e_settlement':
      text = `电子结算率 = 结算方式为电子结算（在线划拨或POS）的${base}数 / ${base}数，期末口径`;
      break;
    case 'online_order':
      text = `网上订货率 = 订货方式为网上或手机的${base}数 / ${base}数，期末口径`;
      break;
    case 'modern_count':
      text = `现代终端户数 = 标记为现代终端的${base}数，期末口径`;
      break;
    case 'modern_share':
      text = `现代终端占比 = 标记为现代终端的${base}数 / ${base}数，期末口径`;
      break;
    case 'visit_coverage':
      text = `客户拜访覆盖率 = 本月至少被拜访一次的${base}数（同一客户多次拜访计一次）/ ${base}数`;
      break;
    case 'price_tag':
      text = '明码标价合格率 = 本月检查记录中明码标价合格的次数 / 检查明码标价的次数';
      break;
    case 'display':
      text = '卷烟陈列规范率 = 本月检查记录中卷烟陈列规范的次数 / 检查卷烟陈列的次数';
      break;
    case 'info_collection':
      text =
        '信息采集完成率 = 本月有信息采集记录的计划采集零售户数 / 计划采集零售户数（未设采集名单时为全部正常经营零售户）';
      break;
    default:
      text = `${ind.name}：手工录入（${UNIT_LABELS[ind.unit]}）`;
  }
  const m = effectiveMargin(ind);
  const marginText =
    m.kind === 'relative'
      ? `目标的${fmtNum(m.margin * 100)}%`
      : ind.unit === 'rate'
        ? `${fmtNum(m.margin * 100)}个百分点`
        : `${fmtNum(m.margin)}`;
  text += `；${ind.direction === 'higher' ? '越高越好' : '越低越好'}，差距在${marginText}以内为“接近”`;
  if (ind.note) text += `；${ind.note}`;
  return text;
}

function fmtNum(n: number): string {
  return String(Math.round(n * 10000) / 10000);
}

interface IndicatorRow {
  code: string;
  name: string;
  unit: Unit;
  direction: Direction;
  source: 'formula' | 'manual';
  formula: Formula | null;
  base: Base;
  margin: number | null;
  margin_kind: MarginKind | null;
  note: string | null;
  builtin: number;
  active: number;
  sort_order: number;
}

function fromRow(r: IndicatorRow): Indicator {
  return {
    code: r.code,
    name: r.name,
    unit: r.unit,
    direction: r.direction,
    source: r.source,
    formula: r.formula,
    base: r.base,
    margin: r.margin,
    marginKind: r.margin_kind,
    note: r.note,
    builtin: r.builtin === 1,
    active: r.active === 1,
    sortOrder: r.sort_order,
  };
}

export function listIndicators(db: Database, opts: { activeOnly?: boolean } = {}): Indicator[] {
  const rows = db
    .prepare(`SELECT * FROM network_indicators ${opts.activeOnly ? 'WHERE active = 1' : ''} ORDER BY sort_order, code`)
    .all() as IndicatorRow[];
  return rows.map(fromRow);
}

export function getIndicator(db: Database, code: string): Indicator {
  const r = db.prepare('SELECT * FROM network_indicators WHERE code = ?').get(code) as IndicatorRow | undefined;
  if (!r) throw new AppError('unknown_indicator', `指标“${code}”不存在`);
  return fromRow(r);
}

/** Finds an indicator by code or by its Chinese name (imports use names). */
export function findIndicator(db: Database, codeOrName: string): Indicator | undefined {
  const r = db
    .prepare('SELECT * FROM network_indicators WHERE code = ? OR name = ?')
    .get(codeOrName.trim(), codeOrName.trim()) as IndicatorRow | undefined;
  return r ? fromRow(r) : undefined;
}

export interface IndicatorPatch {
  name?: string;
  direction?: Direction;
  base?: Base;
  margin?: number | null;
  marginKind?: MarginKind | null;
  note?: string | null;
  active?: boolean;
  sortOrder?: number;
}

/** Edits a definition. Built-in indicators keep their name and formula (DOMAIN.md labels are exact). */
export function updateIndicator(
  db: Database,
  code: string,
  patch: IndicatorPatch,
): { before: Indicator; after: Indicator } {
  const before = getIndicator(db, code);
  if (before.builtin && patch.name !== undefined && patch.name !== before.name) {
    throw new AppError('builtin_name', `内置指标“${before.name}”的名称不能修改（报表口径使用统一名称）`);
  }
  if (
    patch.base !== undefined &&
    patch.base !== before.base &&
    (before.source === 'manual' ||
      before.formula === 'price_tag' ||
      before.formula === 'display' ||
      before.formula === 'info_collection')
  ) {
    throw new AppError('base_not_applicable', `指标“${before.name}”不按零售户户数计算，不能更改分母口径`);
  }
  {
    const m = patch.margin === undefined ? before.margin : patch.margin;
    const k = patch.marginKind === undefined ? before.marginKind : patch.marginKind;
    if ((m === null) !== (k === null))
      throw new AppError(
        'margin_incomplete',
        '“接近”范围需要同时给出数值和方式（百分点/目标的百分比），或都留空使用默认值',
      );
  }
  if (patch.name !== undefined) {
    const clash = db.prepare('SELECT code FROM network_indicators WHERE name = ? AND code <> ?').get(patch.name, code);
    if (clash) throw new AppError('duplicate_indicator', `已有名为“${patch.name}”的指标`);
  }
  const after: Indicator = {
    ...before,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.direction !== undefined ? { direction: patch.direction } : {}),
    ...(patch.base !== undefined ? { base: patch.base } : {}),
    ...(patch.margin !== undefined ? { margin: patch.margin } : {}),
    ...(patch.marginKind !== undefined ? { marginKind: patch.marginKind } : {}),
    ...(patch.note !== undefined ? { note: patch.note } : {}),
    ...(patch.active !== undefined ? { active: patch.active } : {}),
    ...(patch.sortOrder !== undefined ? { sortOrder: patch.sortOrder } : {}),
  };
  db.prepare(
    `UPDATE network_indicators SET name = ?, direction = ?, base = ?, margin = ?, margin_kind = ?, note = ?, active = ?, sort_order = ?,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE code = ?`,
  ).run(
    after.name,
    after.direction,
    after.base,
    after.margin,
    after.marginKind,
    after.note,
    after.active ? 1 : 0,
    after.sortOrder,
    code,
  );
  return { before, after };
}

export interface NewIndicator {
  code: string;
  name: string;
  unit: Unit;
  direction: Direction;
  margin?: number | null;
  marginKind?: MarginKind | null;
  note?: string | null;
}

/** A user-defined indicator: values are entered by hand per period. */
export function createIndicator(db: Database, n: NewIndicator): Indicator {
  if (db.prepare('SELECT 1 FROM network_indicators WHERE code = ?').get(n.code))
    throw new AppError('duplicate_indicator', `指标代码“${n.code}”已存在`);
  if (db.prepare('SELECT 1 FROM network_indicators WHERE name = ?').get(n.name))
    throw new AppError('duplicate_indicator', `已有名为“${n.name}”的指标`);
  if (((n.margin ?? null) === null) !== ((n.marginKind ?? null) === null))
    throw new AppError('margin_incomplete', '“接近”范围需要同时给出数值和方式，或都留空使用默认值');
  const max = (db.prepare('SELECT COALESCE(MAX(sort_order), 0) AS m FROM network_indicators').get() as { m: number }).m;
  db.prepare(
    `INSERT INTO network_indicators(code, name, unit, direction, source, formula, margin, margin_kind, note, builtin, sort_order)
     VALUES (?, ?, ?, ?, 'manual', NULL, ?, ?, ?, 0, ?)`,
  ).run(n.code, n.name, n.unit, n.direction, n.margin ?? null, n.marginKind ?? null, n.note ?? null, max + 10);
  return getIndicator(db, n.code);
}

export function deleteIndicator(db: Database, code: string): Indicator {
  const ind = getIndicator(db, code);
  if (ind.builtin) throw new AppError('builtin_indicator', `内置指标“${ind.name}”不能删除，可以停用`);
  db.prepare('DELETE FROM network_indicators WHERE code = ?').run(code);
  return ind;
}
