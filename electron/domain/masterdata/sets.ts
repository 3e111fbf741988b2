/**
 * 品牌集 / 客户集: named sets of specs or retailers, a static list of codes or
 * a rule (价类=一类, 经营业态=超市 …). The one vocabulary of rule fields and the one
 * reader of saved rules (DOMAIN.md "Rules every module shares"): reports, plans,
 * network and 考核 all turn a set into SQL through setCondition, so a set that one
 * module accepts, every module accepts.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { normaliseCategory, normaliseFlag, normaliseGrade, type Category } from './categories';
import { gradeAsOfSql } from './gradeHistory';
import { ownerManagerId } from './ownership';
import { RULE_FIELD_NAMES, SET_KIND_LABELS, type RuleFieldName, type SetKind } from '../../../common/sets';

export { SET_KIND_LABELS, type SetKind };

interface RuleField {
  /** SQL over the kind's table `t` (the alias is substituted) compared with the value */
  expr: (t: string) => string;
  category?: Category;
  grade?: boolean;
  flag?: boolean;
  /** the value is the code of a row of this table (it must exist) */
  ref?: 'routes' | 'managers';
}

/**
 * Fields a rule may use, by their Chinese names (DOMAIN.md; the list is common/sets.ts's
 * RULE_FIELD_NAMES, which the type holds this to), in the order a clerk picks them. Saved
 * rules use these names (migration 019 rewrote older ones).
 */
export const RULE_FIELDS: Record<SetKind, Record<string, RuleField>> = {
  products: {
    价类: { expr: (t) => `${t}.price_class`, category: 'priceClass' },
    品牌: { expr: (t) => `${t}.brand` },
    生产企业: { expr: (t) => `${t}.maker` },
    卷烟编码: { expr: (t) => `${t}.code` },
    低焦: { expr: (t) => `${t}.low_tar`, flag: true },
    在销: { expr: (t) => `${t}.on_sale`, flag: true },
  },
  retailers: {
    经营业态: { expr: (t) => `${t}.format`, category: 'format' },
    城乡分类: { expr: (t) => `${t}.area`, category: 'area' },
    线路编码: { expr: (t) => `(SELECT code FROM routes WHERE id = ${t}.route_id)`, ref: 'routes' },
    // the owning 客户经理 (ownership.ts): the route's when the retailer has none
    客户经理: { expr: (t) => `(SELECT code FROM managers WHERE id = ${ownerManagerId(t)})`, ref: 'managers' },
    档位: { expr: (t) => `${t}.grade`, grade: true },
    订货方式: { expr: (t) => `${t}.order_method`, category: 'orderMethod' },
    结算方式: { expr: (t) => `${t}.settlement`, category: 'settlement' },
    经营状态: { expr: (t) => `${t}.status`, category: 'status' },
    现代终端: { expr: (t) => `${t}.modern_terminal`, flag: true },
  },
} satisfies { [K in SetKind]: Record<RuleFieldName<K>, RuleField> };

/** Other names a clerk or an older version wrote for the same fields. */
const FIELD_ALIASES: Record<SetKind, Record<string, string>> = {
  products: {
    priceClass: '价类',
    price_class: '价类',
    class: '价类',
    类别: '价类',
    brand: '品牌',
    maker: '生产企业',
    厂家: '生产企业',
    工业企业: '生产企业',
    code: '卷烟编码',
    编码: '卷烟编码',
    规格编码: '卷烟编码',
    lowTar: '低焦',
    low_tar: '低焦',
    onSale: '在销',
    on_sale: '在销',
  },
  retailers: {
    format: '经营业态',
    业态: '经营业态',
    area: '城乡分类',
    城乡: '城乡分类',
    route: '线路编码',
    route_code: '线路编码',
    线路: '线路编码',
    manager: '客户经理',
    manager_code: '客户经理',
    客户经理工号: '客户经理',
    grade: '档位',
    orderMethod: '订货方式',
    order_method: '订货方式',
    settlement: '结算方式',
    status: '经营状态',
    状态: '经营状态',
    modernTerminal: '现代终端',
    modern_terminal: '现代终端',
  },
};

/** The canonical field name of what a rule says, or null when it names no field of the kind. */
export function ruleFieldName(kind: SetKind, field: string): string | null {
  const f = String(field ?? '').trim();
  if (RULE_FIELDS[kind][f]) return f;
  return FIELD_ALIASES[kind][f] ?? null;
}

export interface SetRule {
  field: string;
  value: string | number;
}

function fieldList(kind: SetKind): string {
  return RULE_FIELD_NAMES[kind].join('、');
}

/** Validates a rule and returns it in canonical form (the Chinese field name, the exact label). */
export function normaliseRule(kind: SetKind, rule: { field: string; value: string | number }, db?: Database): SetRule {
  const key = ruleFieldName(kind, rule.field);
  if (!key) throw new AppError('invalid_set_rule', `规则字段“${rule.field}”不可用（可用：${fieldList(kind)}）`);
  const f = RULE_FIELDS[kind][key];
  const missing = () => new AppError('invalid_set_rule', `规则“${key}”缺少取值`);
  if (f.category) {
    const c = normaliseCategory(f.category, rule.value);
    if (!c.ok) throw new AppError('invalid_set_rule', c.reason);
    if (c.value === null) throw missing();
    return { field: key, value: c.value };
  }
  if (f.grade) {
    const g = normaliseGrade(rule.value);
    if (!g.ok) throw new AppError('invalid_set_rule', g.reason);
    if (g.value === null) throw missing();
    return { field: key, value: g.value };
  }
  if (f.flag) {
    const g = normaliseFlag(rule.value, key);
    if (!g.ok) throw new AppError('invalid_set_rule', g.reason);
    if (g.value === null) throw missing();
    return { field: key, value: g.value };
  }
  const value = String(rule.value ?? '').trim();
  if (!value) throw missing();
  if (f.ref && db && !db.prepare(`SELECT 1 FROM ${f.ref} WHERE code = ?`).get(value))
    throw new AppError(
      f.ref === 'routes' ? 'unknown_route' : 'unknown_manager',
      f.ref === 'routes' ? `没有编码为“${value}”的线路` : `没有工号为“${value}”的客户经理`,
    );
  return { field: key, value };
}

/** A saved rule: one {field, value} or a list of them (all must hold), in canonical form. */
export function readRule(kind: SetKind, setName: string, text: string): SetRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('invalid_set_rule', `集合“${setName}”的规则无法读取`);
  }
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as { field?: unknown; value?: unknown }[];
  return list.map((item) => {
    const key = item && typeof item.field === 'string' ? ruleFieldName(kind, item.field) : null;
    if (!key)
      throw new AppError(
        'invalid_set_rule',
        `集合“${setName}”的规则字段“${String(item?.field)}”无法识别（可用：${fieldList(kind)}）`,
      );
    const f = RULE_FIELDS[kind][key];
    const v = item.value;
    // saved values are already normalised; grades and flags compare as integers
    const value = f.grade || f.flag ? Number(v === true ? 1 : v === false ? 0 : v) : String(v);
    return { field: key, value };
  });
}

export function ruleText(rules: SetRule[]): string {
  return rules.map((r) => `${r.field} = ${r.value}`).join('，');
}

interface SetRow {
  id: number;
  name: string;
  kind: SetKind;
  rule: string | null;
}

/** The set of that name and kind, or a Chinese refusal. */
export function findSet(db: Database, name: string, kind: SetKind): SetRow {
  const s = db.prepare('SELECT id, name, kind, rule FROM code_sets WHERE name = ?').get(name) as SetRow | undefined;
  if (!s) throw new AppError('unknown_set', `没有名为“${name}”的${SET_KIND_LABELS[kind]}`);
  if (s.kind !== kind)
    throw new AppError('wrong_set_kind', `“${name}”是${SET_KIND_LABELS[s.kind]}，不能用作${SET_KIND_LABELS[kind]}`);
  return s;
}

/** SQL condition over the kind's table (alias given) selecting the set's members. */
export function setCondition(
  db: Database,
  name: string,
  kind: SetKind,
  alias: string,
  /** a rule on 档位 takes the grade held on this day (gradeHistory.ts); without it, today's */
  asOfDay?: number,
): { sql: string; params: unknown[]; label: string } {
  const s = findSet(db, name, kind);
  const label = `${SET_KIND_LABELS[kind]} ${s.name}`;
  if (!s.rule)
    return { sql: `${alias}.code IN (SELECT code FROM code_set_members WHERE set_id = ?)`, params: [s.id], label };
  const rules = readRule(kind, s.name, s.rule);
  if (!rules.length) return { sql: '1', params: [], label };
  return {
    sql:
      '(' +
      rules
        .map((r) => {
          const f = RULE_FIELDS[kind][r.field];
          return `${f.grade && asOfDay !== undefined ? gradeAsOfSql(db, asOfDay, alias) : f.expr(alias)} = ?`;
        })
        .join(' AND ') +
      ')',
    params: rules.map((r) => r.value),
    label,
  };
}

function memberCount(db: Database, name: string, kind: SetKind): number {
  const cond = setCondition(db, name, kind, 't');
  return db
    .prepare(`SELECT COUNT(*) FROM ${kind} t WHERE ${cond.sql}`)
    .pluck()
    .get(...cond.params) as number;
}

export function createSet(
  db: Database,
  input: { name: string; kind: SetKind; codes?: string[]; rule?: { field: string; value: string }; note?: string },
) {
  const name = input.name.trim();
  if (!name) throw new AppError('invalid_name', '集合名称不能为空');
  if (db.prepare('SELECT 1 FROM code_sets WHERE name = ?').get(name))
    throw new AppError('duplicate_set', `已有名为“${name}”的集合`);
  const table = input.kind === 'products' ? 'products' : 'retailers';
  let rule: SetRule | null = null;
  let codes: string[] = [];
  if (input.rule) rule = normaliseRule(input.kind, input.rule, db);
  else {
    codes = [...new Set((input.codes ?? []).map((c) => c.trim()).filter(Boolean))];
    if (!codes.length) throw new AppError('invalid_codes', '请至少给出一个编码');
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
  return { id, name, kind: input.kind, rule, codes: rule ? null : codes, members: memberCount(db, name, input.kind) };
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
    const members = memberCount(db, r.name, r.kind);
    const rules = r.rule ? readRule(r.kind, r.name, r.rule) : null;
    const rule = rules ? (rules.length === 1 ? rules[0] : rules) : null;
    return { ...r, rule, ruleText: rules ? ruleText(rules) : null, members };
  });
}

export function setMembers(db: Database, name: string) {
  const s = db.prepare('SELECT kind FROM code_sets WHERE name = ?').get(name) as { kind: SetKind } | undefined;
  if (!s) throw new AppError('unknown_set', `没有名为“${name}”的集合`);
  const table = s.kind === 'products' ? 'products' : 'retailers';
  const cond = setCondition(db, name, s.kind, 't');
  return db.prepare(`SELECT t.code, t.name FROM ${table} t WHERE ${cond.sql} ORDER BY t.code`).all(...cond.params) as {
    code: string;
    name: string;
  }[];
}

export function deleteSet(db: Database, name: string) {
  const r = db.prepare('DELETE FROM code_sets WHERE name = ?').run(name);
  if (!r.changes) throw new AppError('unknown_set', `没有名为“${name}”的集合`);
  return { ok: true };
}
