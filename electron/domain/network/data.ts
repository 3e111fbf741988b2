/**
 * Targets, hand-entered values, month-end snapshots and the information-
 * collection list: the inputs of the 网建 indicators besides visits and
 * inspections.
 */
import type { Database } from 'better-sqlite3';
import { ownerManagerId } from '../masterdata';
import { AppError } from '../../api/errors';
import { getIndicator, type Indicator } from './indicators';
import { MONTH_RE, parseMonth, TARGET_PERIOD_RE, targetPeriodsFor } from './period';
import { SCOPE_LABELS, type ScopeKind } from '../../../common/network';

export { SCOPE_LABELS, type ScopeKind };
export const COUNTY_KEY = '全县';

export interface TargetRow {
  indicatorCode: string;
  period: string;
  scopeKind: ScopeKind;
  scopeCode: string;
  value: number;
}

/** Checks that a scope names a manager or route that exists ('' for the county). */
export function checkScope(db: Database, kind: ScopeKind, code: string): string {
  if (kind === 'county') return '';
  const table = kind === 'manager' ? 'managers' : 'routes';
  const row = db.prepare(`SELECT code FROM ${table} WHERE code = ?`).get(code.trim());
  if (!row)
    throw kind === 'manager'
      ? new AppError('unknown_manager', `没有工号为“${code}”的客户经理`)
      : new AppError('unknown_route', `没有编码为“${code}”的线路`);
  return code.trim();
}

export function checkValue(ind: Indicator, value: number, what: string): void {
  if (!Number.isFinite(value)) throw new AppError('invalid_value', `${what}不是有效数字`);
  if (ind.unit === 'rate' && (value < 0 || value > 1))
    throw new AppError(
      'invalid_value',
      `${ind.name}的${what}应在 0% 到 100% 之间，收到 ${Number((value * 100).toFixed(4))}%`,
    );
  if (ind.unit === 'count' && (value < 0 || !Number.isInteger(value)))
    throw new AppError('invalid_value', `${ind.name}的${what}应为非负整数，收到 ${value}`);
}

/** A value per (indicator, period, scope) in one of the two tables; null removes. */
interface ScopedValue {
  indicatorCode: string;
  period: string;
  scopeKind: ScopeKind;
  scopeCode: string;
  value: number | null;
}

/**
 * Writes targets or hand-entered values row by row (checked first by `check`), and
 * returns the rows as they were before, for the audit.
 */
function writeScopedValues(
  db: Database,
  table: 'network_targets' | 'network_manual_values',
  rows: ScopedValue[],
  what: string,
  check: (ind: Indicator, r: ScopedValue) => void,
  batchId?: number | null,
): { indicatorCode: string; period: string; scopeKind: ScopeKind; scopeCode: string; value: number }[] {
  const key = 'indicator_code = ? AND period = ? AND scope_kind = ? AND scope_code = ?';
  const get = db.prepare(`SELECT value FROM ${table} WHERE ${key}`);
  const withBatch = batchId !== undefined;
  const upsert = db.prepare(
    `INSERT INTO ${table}(indicator_code, period, scope_kind, scope_code, value${withBatch ? ', batch_id' : ''})
     VALUES (?, ?, ?, ?, ?${withBatch ? ', ?' : ''})
     ON CONFLICT(indicator_code, period, scope_kind, scope_code) DO UPDATE SET value = excluded.value,${withBatch ? ' batch_id = excluded.batch_id,' : ''}
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  );
  const del = db.prepare(`DELETE FROM ${table} WHERE ${key}`);
  const before: { indicatorCode: string; period: string; scopeKind: ScopeKind; scopeCode: string; value: number }[] =
    [];
  for (const r of rows) {
    const ind = getIndicator(db, r.indicatorCode);
    check(ind, r);
    const scope = checkScope(db, r.scopeKind, r.scopeCode);
    const old = get.get(ind.code, r.period, r.scopeKind, scope) as { value: number } | undefined;
    if (old)
      before.push({
        indicatorCode: ind.code,
        period: r.period,
        scopeKind: r.scopeKind,
        scopeCode: scope,
        value: old.value,
      });
    if (r.value === null) del.run(ind.code, r.period, r.scopeKind, scope);
    else {
      checkValue(ind, r.value, what);
      const args = [ind.code, r.period, r.scopeKind, scope, r.value];
      upsert.run(...(withBatch ? [...args, batchId] : args));
    }
  }
  return before;
}

/** Upserts targets; a null value removes the target. Returns the rows before, for the audit. */
export function setTargets(
  db: Database,
  rows: (Omit<TargetRow, 'value'> & { value: number | null })[],
  batchId: number | null = null,
) {
  const before: TargetRow[] = writeScopedValues(
    db,
    'network_targets',
    rows,
    '目标值',
    (_ind, r) => {
      if (!TARGET_PERIOD_RE.test(r.period))
        throw new AppError('invalid_period', `目标期间“${r.period}”格式不正确，应为 2026、2026-Q1 或 2026-03`);
    },
    batchId,
  );
  return { before };
}

export function listTargets(db: Database, filter: { period?: string; indicatorCode?: string }): TargetRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.period) {
    where.push('period = ?');
    params.push(filter.period);
  }
  if (filter.indicatorCode) {
    where.push('indicator_code = ?');
    params.push(filter.indicatorCode);
  }
  return db
    .prepare(
      `SELECT t.indicator_code AS indicatorCode, t.period, t.scope_kind AS scopeKind, t.scope_code AS scopeCode, t.value
       FROM network_targets t JOIN network_indicators i ON i.code = t.indicator_code
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY t.period, i.sort_order, CASE t.scope_kind WHEN 'county' THEN 0 WHEN 'manager' THEN 1 ELSE 2 END, t.scope_code`,
    )
    .all(...params) as TargetRow[];
}

/**
 * The targets that apply to a month, keyed `indicator|scopeKind|scopeCode`:
 * a month's own target wins over its quarter's, which wins over the year's.
 */
export function targetsForMonth(db: Database, period: string): Map<string, { value: number; period: string }> {
  const periods = targetPeriodsFor(period);
  const rows = db
    .prepare(
      `SELECT indicator_code, period, scope_kind, scope_code, value FROM network_targets WHERE period IN (?, ?, ?)`,
    )
    .all(...periods) as {
    indicator_code: string;
    period: string;
    scope_kind: string;
    scope_code: string;
    value: number;
  }[];
  const out = new Map<string, { value: number; period: string; rank: number }>();
  for (const r of rows) {
    const rank = periods.indexOf(r.period);
    const key = `${r.indicator_code}|${r.scope_kind}|${r.scope_code}`;
    const cur = out.get(key);
    if (!cur || rank < cur.rank) out.set(key, { value: r.value, period: r.period, rank });
  }
  return out;
}

export interface ManualValueRow {
  indicatorCode: string;
  period: string;
  scopeKind: ScopeKind;
  scopeCode: string;
  value: number;
}

/** Hand-entered values (客户满意度 and user-defined indicators); null removes. */
export function setManualValues(db: Database, rows: (Omit<ManualValueRow, 'value'> & { value: number | null })[]) {
  const before: ManualValueRow[] = writeScopedValues(db, 'network_manual_values', rows, '录入值', (ind, r) => {
    if (ind.source !== 'manual') throw new AppError('not_manual', `指标“${ind.name}”由系统按公式计算，不能手工录入`);
    parseMonth(r.period);
  });
  return { before };
}

export function manualValuesForMonth(db: Database, period: string): Map<string, number> {
  const rows = db
    .prepare('SELECT indicator_code, scope_kind, scope_code, value FROM network_manual_values WHERE period = ?')
    .all(period) as { indicator_code: string; scope_kind: string; scope_code: string; value: number }[];
  return new Map(rows.map((r) => [`${r.indicator_code}|${r.scope_kind}|${r.scope_code}`, r.value]));
}

export function listManualValues(db: Database, period: string): ManualValueRow[] {
  if (!MONTH_RE.test(period)) parseMonth(period);
  return db
    .prepare(
      `SELECT indicator_code AS indicatorCode, period, scope_kind AS scopeKind, scope_code AS scopeCode, value
       FROM network_manual_values WHERE period = ? ORDER BY indicator_code, scope_kind, scope_code`,
    )
    .all(period) as ManualValueRow[];
}

/** Freezes the current master data as the month-end state of `period` (replacing an earlier snapshot). */
export function takeSnapshot(db: Database, period: string, takenBy: string): { period: string; retailers: number } {
  const { endDate } = parseMonth(period);
  db.prepare('DELETE FROM network_retailer_snapshots WHERE period = ?').run(period);
  const n = db
    .prepare(
      `INSERT INTO network_retailer_snapshots(period, retailer_id, status, settlement, order_method, modern_terminal, route_id, manager_id)
       SELECT ?, r.id, r.status, r.settlement, r.order_method, r.modern_terminal, r.route_id,
              ${ownerManagerId('r')}
       FROM retailers r
       WHERE r.joined_date IS NULL OR r.joined_date = '' OR r.joined_date <= ?`,
    )
    .run(period, endDate).changes;
  db.prepare(
    `INSERT INTO network_snapshot_periods(period, taken_by, retailers) VALUES (?, ?, ?)
     ON CONFLICT(period) DO UPDATE SET taken_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), taken_by = excluded.taken_by, retailers = excluded.retailers`,
  ).run(period, takenBy, n);
  return { period, retailers: n };
}

export function deleteSnapshot(db: Database, period: string): boolean {
  db.prepare('DELETE FROM network_retailer_snapshots WHERE period = ?').run(period);
  return db.prepare('DELETE FROM network_snapshot_periods WHERE period = ?').run(period).changes > 0;
}

export function listSnapshots(db: Database): { period: string; takenAt: string; takenBy: string; retailers: number }[] {
  return db
    .prepare(
      'SELECT period, taken_at AS takenAt, taken_by AS takenBy, retailers FROM network_snapshot_periods ORDER BY period DESC',
    )
    .all() as { period: string; takenAt: string; takenBy: string; retailers: number }[];
}

/** Replaces the information-collection list of a month; unknown codes refuse the whole list. */
export function setCollectionPlan(
  db: Database,
  period: string,
  retailerCodes: string[],
): { period: string; retailers: number } {
  parseMonth(period);
  const find = db.prepare('SELECT id FROM retailers WHERE code = ?');
  const ids = new Set<number>();
  const unknown: string[] = [];
  for (const c of retailerCodes) {
    const r = find.get(c.trim()) as { id: number } | undefined;
    if (r) ids.add(r.id);
    else unknown.push(c);
  }
  if (unknown.length)
    throw new AppError(
      'unknown_retailer',
      `采集名单中有未知的客户编码：${unknown.slice(0, 5).join('、')}${unknown.length > 5 ? ` 等 ${unknown.length} 个` : ''}`,
    );
  db.prepare('DELETE FROM network_collection_plan WHERE period = ?').run(period);
  const ins = db.prepare('INSERT INTO network_collection_plan(period, retailer_id) VALUES (?, ?)');
  for (const id of ids) ins.run(period, id);
  return { period, retailers: ids.size };
}
