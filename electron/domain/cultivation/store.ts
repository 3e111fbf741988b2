/**
 * 品牌培育 projects: a product scope (a 品牌集, a brand or specs — read by
 * masterdata/scopes.ts, so a set any module accepts is accepted here), a period,
 * an optional 客户集 of target retailers, and per 客户经理 targets for 铺货率,
 * 重购率 and 上柜率. Saving checks everything first and writes in one transaction.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { dayCount, dayText, parseDayText } from '../../../common/days';
import { customerScope, productScope } from '../masterdata';

export interface ManagerTarget {
  /** 客户经理 工号 */
  manager: string;
  managerName?: string;
  /** fractions 0–1, null where no target is set */
  distributionRate: number | null;
  repeatRate: number | null;
  shelfRate: number | null;
}

export interface Project {
  id: number;
  name: string;
  products: string;
  productsLabel: string;
  /** the 客户集 of target retailers, or null for all retailers */
  targetSet: string | null;
  from: string;
  to: string;
  note: string | null;
  createdBy: string;
  createdAt: string;
  targets: ManagerTarget[];
}

export interface ProjectInput {
  id?: number;
  name: string;
  products: string;
  targetSet?: string | null;
  from: string;
  to: string;
  note?: string | null;
  targets: ManagerTarget[];
}

interface Row {
  id: number;
  name: string;
  products: string;
  target_set: string | null;
  from_day: number;
  to_day: number;
  note: string | null;
  created_by: string;
  created_at: string;
}

function day(text: string, what: string): number {
  const d = parseDayText(text);
  if (d === null) throw new AppError('invalid_date', `${what}“${text}”不是有效日期（YYYY-MM-DD）`);
  return d;
}

/** How many specs a product scope holds now. */
export function specCount(db: Database, products: string): number {
  const p = productScope(db, products);
  return (db.prepare(`SELECT COUNT(*) n FROM products p WHERE ${p.sql}`).get(...p.params) as { n: number }).n;
}

function shape(db: Database, r: Row): Project {
  const targets = db
    .prepare(
      `SELECT m.code AS manager, m.name AS managerName, t.distribution_rate AS distributionRate,
         t.repeat_rate AS repeatRate, t.shelf_rate AS shelfRate
       FROM cultivation_targets t JOIN managers m ON m.id = t.manager_id WHERE t.project_id = ? ORDER BY m.code`,
    )
    .all(r.id) as ManagerTarget[];
  let productsLabel = r.products;
  try {
    productsLabel = productScope(db, r.products).label;
  } catch {
    // a set deleted since: the project still lists, its figures say why they cannot be computed
  }
  return {
    id: r.id,
    name: r.name,
    products: r.products,
    productsLabel,
    targetSet: r.target_set,
    from: dayText(r.from_day),
    to: dayText(r.to_day),
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    targets,
  };
}

export function listProjects(db: Database): Project[] {
  return (db.prepare('SELECT * FROM cultivation_projects ORDER BY from_day DESC, id DESC').all() as Row[]).map((r) =>
    shape(db, r),
  );
}

export function getProject(db: Database, id: number): Project {
  const r = db.prepare('SELECT * FROM cultivation_projects WHERE id = ?').get(id) as Row | undefined;
  if (!r) throw new AppError('unknown_project', `没有编号为 ${id} 的培育项目`);
  return shape(db, r);
}

/** Projects whose period overlaps [from, to] (yyyymmdd), oldest first. */
export function projectsOverlapping(db: Database, from: number, to: number): Project[] {
  return (
    db
      .prepare('SELECT * FROM cultivation_projects WHERE from_day <= ? AND to_day >= ? ORDER BY from_day, id')
      .all(to, from) as Row[]
  ).map((r) => shape(db, r));
}

const RATE_LABELS = { distributionRate: '铺货率', repeatRate: '重购率', shelfRate: '上柜率' } as const;

/** Creates or updates a project with its targets; checks everything before writing. */
export function saveProject(db: Database, input: ProjectInput, who: string): Project {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid_name', '项目名称不能为空');
  const products = input.products.trim();
  if (products === 'all' || products === '') throw new AppError('invalid_products', '请选择培育的品牌集、品牌或规格');
  productScope(db, products); // unknown set, brand or codes: refused with its own message
  if (specCount(db, products) === 0)
    throw new AppError('invalid_products', `“${productScope(db, products).label}”中目前没有任何规格，无法跟踪培育`);
  const targetSet = input.targetSet?.trim() || null;
  if (targetSet) customerScope(db, `set:${targetSet}`); // must be a 客户集
  const from = day(input.from, '开始日期'),
    to = day(input.to, '结束日期');
  if (to < from) throw new AppError('invalid_period', `结束日期 ${input.to} 早于开始日期 ${input.from}`);
  if (dayCount({ from, to }) > 366) throw new AppError('invalid_period', '一个培育项目最长一年');
  const seen = new Set<string>();
  const targets = input.targets.map((t) => {
    const m = db.prepare('SELECT id FROM managers WHERE code = ?').get(t.manager) as { id: number } | undefined;
    if (!m) throw new AppError('unknown_manager', `没有工号为“${t.manager}”的客户经理`);
    if (seen.has(t.manager)) throw new AppError('invalid_target', `客户经理 ${t.manager} 的目标重复`);
    seen.add(t.manager);
    for (const k of Object.keys(RATE_LABELS) as (keyof typeof RATE_LABELS)[]) {
      const v = t[k];
      if (v !== null && !(Number.isFinite(v) && v >= 0 && v <= 1))
        throw new AppError('invalid_target', `客户经理 ${t.manager} 的${RATE_LABELS[k]}目标应在 0%–100% 之间`);
    }
    return { managerId: m.id, ...t };
  });
  const clash = db.prepare('SELECT id FROM cultivation_projects WHERE name = ? AND id <> ?').get(name, input.id ?? 0);
  if (clash) throw new AppError('duplicate_project', `已有名为“${name}”的培育项目`);
  const id = db.transaction(() => {
    let pid = input.id;
    if (pid !== undefined) {
      getProject(db, pid);
      db.prepare(
        'UPDATE cultivation_projects SET name = ?, products = ?, target_set = ?, from_day = ?, to_day = ?, note = ? WHERE id = ?',
      ).run(name, products, targetSet, from, to, input.note?.trim() || null, pid);
      db.prepare('DELETE FROM cultivation_targets WHERE project_id = ?').run(pid);
    } else {
      pid = Number(
        db
          .prepare(
            'INSERT INTO cultivation_projects(name, products, target_set, from_day, to_day, note, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(name, products, targetSet, from, to, input.note?.trim() || null, who).lastInsertRowid,
      );
    }
    const ins = db.prepare(
      'INSERT INTO cultivation_targets(project_id, manager_id, distribution_rate, repeat_rate, shelf_rate) VALUES (?, ?, ?, ?, ?)',
    );
    for (const t of targets) ins.run(pid, t.managerId, t.distributionRate, t.repeatRate, t.shelfRate);
    return pid;
  })();
  return getProject(db, id);
}

export function deleteProject(db: Database, id: number): Project {
  const p = getProject(db, id);
  db.prepare('DELETE FROM cultivation_projects WHERE id = ?').run(id);
  return p;
}
