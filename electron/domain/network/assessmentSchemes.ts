/**
 * 月度考核表 — the saved schemes (one active; the built-in default until one is
 * saved), their validation, and the values entered by hand per manager.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { productScopeAny, type Condition } from '../masterdata';
import { listIndicators } from './indicators';
import { parseMonth } from './period';
import { DEFAULT_ITEMS, DEFAULT_SCHEME_NAME, type ProductScope, type SchemeItem } from './assessmentRules';

/** A 考核 item's product scope as the shared condition over products `p` (any of its parts). */
export function productCondition(db: Database, scope: ProductScope | undefined): Condition {
  const specs: string[] = [];
  if (scope?.brand) specs.push(`brand:${scope.brand}`);
  if (scope?.codes?.length) specs.push(`codes:${scope.codes.join(',')}`);
  if (scope?.set) specs.push(`set:${scope.set}`);
  return productScopeAny(db, specs);
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
    if (it.products) productCondition(db, it.products);
    if ((it.source === 'plan' || it.source === 'plan_amount') && it.unit === 'score')
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
    if (item.source !== 'manual' && item.source !== 'plan' && item.source !== 'plan_amount')
      throw new AppError('not_manual', `考核项目“${item.name}”由系统计算，不能手工录入`);
    if (!db.prepare('SELECT 1 FROM managers WHERE code = ?').get(r.managerCode))
      throw new AppError('unknown_manager', `没有工号为“${r.managerCode}”的客户经理`);
    if (r.value !== null) {
      if (!Number.isFinite(r.value) || r.value < 0)
        throw new AppError('invalid_value', `“${item.name}”的录入值应为非负数`);
      if (item.unit === 'rate' && r.value > 5)
        throw new AppError(
          'invalid_value',
          `“${item.name}”是比率，应不超过 500%，收到 ${Number((r.value * 100).toFixed(4))}%`,
        );
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
