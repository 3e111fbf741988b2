/**
 * 品牌集 / 客户集: named sets of specs or retailers, a static list of codes or
 * a rule (价类=一类, 业态=超市 …). Reports use them as a scope.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { normaliseCategory, normaliseFlag, normaliseGrade, type Category } from './categories';

export type SetKind = 'products' | 'retailers';

interface RuleField {
  column: string;
  label: string;
  category?: Category;
  grade?: boolean;
  flag?: boolean;
  /** compares the code of a referenced table */
  ref?: { table: string; fk: string };
}

/** Fields a rule may use, by the names a clerk would write (Chinese or English). */
export const RULE_FIELDS: Record<SetKind, Record<string, RuleField>> = {
  retailers: {
    format: { column: 'format', label: '业态', category: 'format' },
    area: { column: 'area', label: '城乡', category: 'area' },
    orderMethod: { column: 'order_method', label: '订货方式', category: 'orderMethod' },
    settlement: { column: 'settlement', label: '结算方式', category: 'settlement' },
    status: { column: 'status', label: '经营状态', category: 'status' },
    grade: { column: 'grade', label: '档位', grade: true },
    modernTerminal: { column: 'modern_terminal', label: '现代终端', flag: true },
    route: { column: 'route_id', label: '线路', ref: { table: 'routes', fk: 'route_id' } },
    manager: { column: 'manager_id', label: '客户经理', ref: { table: 'managers', fk: 'manager_id' } },
  },
  products: {
    priceClass: { column: 'price_class', label: '价类', category: 'priceClass' },
    brand: { column: 'brand', label: '品牌' },
    maker: { column: 'maker', label: '生产企业' },
    lowTar: { column: 'low_tar', label: '低焦', flag: true },
    onSale: { column: 'on_sale', label: '在销', flag: true },
  },
};

const FIELD_ALIASES: Record<string, string> = {
  业态: 'format',
  经营业态: 'format',
  城乡: 'area',
  城乡分类: 'area',
  订货方式: 'orderMethod',
  结算方式: 'settlement',
  经营状态: 'status',
  状态: 'status',
  档位: 'grade',
  现代终端: 'modernTerminal',
  线路: 'route',
  客户经理: 'manager',
  价类: 'priceClass',
  类别: 'priceClass',
  品牌: 'brand',
  生产企业: 'maker',
  厂家: 'maker',
  低焦: 'lowTar',
  在销: 'onSale',
  price_class: 'priceClass',
  order_method: 'orderMethod',
};

export interface SetRule {
  field: string;
  value: string | number;
}

/** Validates a rule and returns it in canonical form (English field, exact label). */
export function normaliseRule(kind: SetKind, rule: { field: string; value: string }): SetRule {
  const key = FIELD_ALIASES[rule.field] ?? rule.field;
  const f = RULE_FIELDS[kind][key];
  if (!f) {
    throw new AppError(
      'bad_rule',
      `规则字段“${rule.field}”不可用（可用：${Object.values(RULE_FIELDS[kind])
        .map((x) => x.label)
        .join('、')}）`,
    );
  }
  if (f.category) {
    const c = normaliseCategory(f.category, rule.value);
    if (!c.ok || c.value === null) throw new AppError('bad_rule', c.ok ? `规则“${f.label}”缺少取值` : c.reason);
    return { field: key, value: c.value };
  }
  if (f.grade) {
    const g = normaliseGrade(rule.value);
    if (!g.ok || g.value === null) throw new AppError('bad_rule', g.ok ? '规则“档位”缺少取值' : g.reason);
    return { field: key, value: g.value };
  }
  if (f.flag) {
    const g = normaliseFlag(rule.value, f.label);
    if (!g.ok || g.value === null) throw new AppError('bad_rule', g.ok ? `规则“${f.label}”缺少取值` : g.reason);
    return { field: key, value: g.value };
  }
  if (!String(rule.value).trim()) throw new AppError('bad_rule', `规则“${f.label}”缺少取值`);
  return { field: key, value: String(rule.value).trim() };
}

/** SQL condition over the kind's table (alias given) selecting the set's members. */
export function setCondition(
  db: Database,
  name: string,
  kind: SetKind,
  alias: string,
): { sql: string; params: unknown[] } {
  const s = db.prepare('SELECT id, kind, rule FROM code_sets WHERE name = ?').get(name) as
    { id: number; kind: string; rule: string | null } | undefined;
  if (!s) throw new AppError('set_not_found', `没有名为“${name}”的${kind === 'products' ? '品牌集' : '客户集'}`);
  if (s.kind !== kind)
    throw new AppError('set_kind', `“${name}”是${s.kind === 'products' ? '品牌集' : '客户集'}，不能用在这里`);
  if (!s.rule) return { sql: `${alias}.code IN (SELECT code FROM code_set_members WHERE set_id = ?)`, params: [s.id] };
  const rule = JSON.parse(s.rule) as SetRule;
  const f = RULE_FIELDS[kind][rule.field];
  if (f.ref)
    return { sql: `${alias}.${f.ref.fk} IN (SELECT id FROM ${f.ref.table} WHERE code = ?)`, params: [rule.value] };
  return { sql: `${alias}.${f.column} = ?`, params: [rule.value] };
}

export function createSet(
  db: Database,
  input: { name: string; kind: SetKind; codes?: string[]; rule?: { field: string; value: string }; note?: string },
) {
  const name = input.name.trim();
  if (!name) throw new AppError('bad_name', '集合名称不能为空');
  if (db.prepare('SELECT 1 FROM code_sets WHERE name = ?').get(name))
    throw new AppError('set_exists', `已有名为“${name}”的集合`);
  const table = input.kind === 'products' ? 'products' : 'retailers';
  let rule: SetRule | null = null;
  let codes: string[] = [];
  if (input.rule) rule = normaliseRule(input.kind, input.rule);
  else {
    codes = [...new Set((input.codes ?? []).map((c) => c.trim()).filter(Boolean))];
    if (!codes.length) throw new AppError('bad_codes', '请至少给出一个编码');
    const known = new Set(db.prepare(`SELECT code FROM ${table}`).pluck().all() as string[]);
    const unknown = codes.filter((c) => !known.has(c));
    if (unknown.length) {
      throw new AppError(
        'unknown_codes',
        `以下编码不存在：${unknown.slice(0, 10).join('、')}${unknown.length > 10 ? ` 等 ${unknown.length} 个` : ''}`,
        { unknown },
      );
    }
  }
  const id = Number(
    db
      .prepare('INSERT INTO code_sets(name, kind, rule, note) VALUES (?, ?, ?, ?)')
      .run(name, input.kind, rule ? JSON.stringify(rule) : null, input.note ?? null).lastInsertRowid,
  );
  const ins = db.prepare('INSERT INTO code_set_members(set_id, code) VALUES (?, ?)');
  for (const c of codes) ins.run(id, c);
  const cond = setCondition(db, name, input.kind, 't');
  const members = db
    .prepare(`SELECT COUNT(*) FROM ${table} t WHERE ${cond.sql}`)
    .pluck()
    .get(...cond.params) as number;
  return { id, name, kind: input.kind, rule, codes: rule ? null : codes, members };
}

export function listSets(db: Database) {
  const rows = db
    .prepare('SELECT id, name, kind, rule, note, created_at AS createdAt FROM code_sets ORDER BY kind, name')
    .all() as {
    id: number;
    name: string;
    kind: SetKind;
    rule: string | null;
    note: string | null;
    createdAt: string;
  }[];
  return rows.map((r) => {
    const table = r.kind === 'products' ? 'products' : 'retailers';
    const cond = setCondition(db, r.name, r.kind, 't');
    const members = db
      .prepare(`SELECT COUNT(*) FROM ${table} t WHERE ${cond.sql}`)
      .pluck()
      .get(...cond.params) as number;
    const rule = r.rule ? (JSON.parse(r.rule) as SetRule) : null;
    const ruleText = rule ? `${RULE_FIELDS[r.kind][rule.field].label} = ${rule.value}` : null;
    return { ...r, rule, ruleText, members };
  });
}

export function setMembers(db: Database, name: string) {
  const s = db.prepare('SELECT kind FROM code_sets WHERE name = ?').get(name) as { kind: SetKind } | undefined;
  if (!s) throw new AppError('set_not_found', `没有名为“${name}”的集合`);
  const table = s.kind === 'products' ? 'products' : 'retailers';
  const cond = setCondition(db, name, s.kind, 't');
  return db.prepare(`SELECT t.code, t.name FROM ${table} t WHERE ${cond.sql} ORDER BY t.code`).all(...cond.params) as {
    code: string;
    name: string;
  }[];
}

export function deleteSet(db: Database, name: string) {
  const r = db.prepare('DELETE FROM code_sets WHERE name = ?').run(name);
  if (!r.changes) throw new AppError('set_not_found', `没有名为“${name}”的集合`);
  return { ok: true };
}
