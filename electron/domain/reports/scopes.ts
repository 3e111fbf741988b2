/**
 * Customer and product scopes shared by every report, resolved to SQL
 * conditions over `r` (retailers) and `p` (products).
 *   customer: county | manager:<工号> | route:<线路编码> | set:<客户集> | format:<业态> | area:<城乡> | grade:<档位>
 *   products: all | class:<价类> | brand:<品牌> | set:<品牌集> | codes:<c1,c2,…>
 * Unknown managers, routes, sets or categories are refused with a Chinese message.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';

export const FORMATS = ['食杂店', '便利店', '超市', '商场', '烟酒店', '娱乐服务类', '其他'] as const;
export const AREAS = ['城镇', '乡村'] as const;
export const CLASSES = ['一类', '二类', '三类', '四类', '五类'] as const;
export const STATUSES = ['正常', '暂停', '歇业', '注销'] as const;

export interface Condition {
  /** SQL boolean expression; '1' for no restriction */
  sql: string;
  params: unknown[];
  /** Chinese label for titles: 全县, 客户经理 张三, 线路 12 … */
  label: string;
  /** the scope as given, echoed in reports */
  spec: string;
  /** true when the scope restricts nothing */
  all: boolean;
  /** for a product scope that is exactly one 价类: that 价类 */
  classOnly?: string;
}

/** Retailer columns a 客户集 rule may name (English column or Chinese header). */
const RETAILER_RULE_FIELDS: Record<string, { col: string; int?: boolean }> = {
  format: { col: 'r.format' },
  业态: { col: 'r.format' },
  经营业态: { col: 'r.format' },
  area: { col: 'r.area' },
  城乡: { col: 'r.area' },
  城乡分类: { col: 'r.area' },
  grade: { col: 'r.grade', int: true },
  档位: { col: 'r.grade', int: true },
  status: { col: 'r.status' },
  经营状态: { col: 'r.status' },
  order_method: { col: 'r.order_method' },
  orderMethod: { col: 'r.order_method' },
  订货方式: { col: 'r.order_method' },
  settlement: { col: 'r.settlement' },
  结算方式: { col: 'r.settlement' },
  modern_terminal: { col: 'r.modern_terminal', int: true },
  modernTerminal: { col: 'r.modern_terminal', int: true },
  现代终端: { col: 'r.modern_terminal', int: true },
  route: { col: '(SELECT code FROM routes WHERE id = r.route_id)' },
  route_code: { col: '(SELECT code FROM routes WHERE id = r.route_id)' },
  线路: { col: '(SELECT code FROM routes WHERE id = r.route_id)' },
  线路编码: { col: '(SELECT code FROM routes WHERE id = r.route_id)' },
  manager: { col: '(SELECT code FROM managers WHERE id = r.manager_id)' },
  manager_code: { col: '(SELECT code FROM managers WHERE id = r.manager_id)' },
  客户经理: { col: '(SELECT code FROM managers WHERE id = r.manager_id)' },
};

const PRODUCT_RULE_FIELDS: Record<string, { col: string; int?: boolean }> = {
  price_class: { col: 'p.price_class' },
  class: { col: 'p.price_class' },
  priceClass: { col: 'p.price_class' },
  价类: { col: 'p.price_class' },
  类别: { col: 'p.price_class' },
  brand: { col: 'p.brand' },
  品牌: { col: 'p.brand' },
  maker: { col: 'p.maker' },
  生产企业: { col: 'p.maker' },
  工业企业: { col: 'p.maker' },
  low_tar: { col: 'p.low_tar', int: true },
  lowTar: { col: 'p.low_tar', int: true },
  低焦: { col: 'p.low_tar', int: true },
  on_sale: { col: 'p.on_sale', int: true },
  onSale: { col: 'p.on_sale', int: true },
};

function ruleValue(v: unknown, int?: boolean): unknown {
  if (!int) return String(v);
  if (v === true || v === '是') return 1;
  if (v === false || v === '否') return 0;
  const n = Number(String(v).replace(/^D/i, '').replace(/档$/, ''));
  return Number.isFinite(n) ? n : String(v);
}

/** A set's rule: {field, value} or a list of them (all must hold). */
function ruleCondition(
  rule: string,
  fields: Record<string, { col: string; int?: boolean }>,
  setName: string,
): { sql: string; params: unknown[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rule);
  } catch {
    throw new AppError('bad_set_rule', `集合“${setName}”的规则无法读取`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const item of list as { field?: string; value?: unknown }[]) {
    const f = item && typeof item.field === 'string' ? fields[item.field] : undefined;
    if (!f) throw new AppError('bad_set_rule', `集合“${setName}”的规则字段“${String(item?.field)}”不能用于筛选`);
    parts.push(`${f.col} = ?`);
    params.push(ruleValue(item.value, f.int));
  }
  return { sql: parts.length ? parts.join(' AND ') : '1', params };
}

function findSet(db: Database, name: string, kind: 'products' | 'retailers') {
  const row = db.prepare('SELECT id, name, kind, rule FROM code_sets WHERE name = ?').get(name) as
    { id: number; name: string; kind: string; rule: string | null } | undefined;
  if (!row) throw new AppError('unknown_set', `没有名为“${name}”的${kind === 'products' ? '品牌集' : '客户集'}`);
  if (row.kind !== kind)
    throw new AppError(
      'wrong_set_kind',
      `“${name}”是${row.kind === 'products' ? '品牌集' : '客户集'}，不能用作${kind === 'products' ? '品牌' : '客户'}范围`,
    );
  return row;
}

export function customerScope(db: Database, spec: string | undefined): Condition {
  const s = (spec ?? 'county').trim() || 'county';
  if (s === 'county' || s === '全县') return { sql: '1', params: [], label: '全县', spec: 'county', all: true };
  const i = s.indexOf(':');
  const kind = i > 0 ? s.slice(0, i) : s;
  const value = i > 0 ? s.slice(i + 1).trim() : '';
  if (!value) throw new AppError('invalid_scope', `客户范围“${s}”缺少取值，例如 manager:1001、route:12、set:城区超市`);
  switch (kind) {
    case 'manager': {
      const m = db.prepare('SELECT id, name FROM managers WHERE code = ?').get(value) as
        { id: number; name: string } | undefined;
      if (!m) throw new AppError('unknown_manager', `没有工号为“${value}”的客户经理`);
      return {
        sql: 'COALESCE(r.manager_id, (SELECT manager_id FROM routes WHERE id = r.route_id)) = ?',
        params: [m.id],
        label: `客户经理 ${m.name}（${value}）`,
        spec: s,
        all: false,
      };
    }
    case 'route': {
      const rt = db.prepare('SELECT id, name FROM routes WHERE code = ?').get(value) as
        { id: number; name: string } | undefined;
      if (!rt) throw new AppError('unknown_route', `没有编码为“${value}”的线路`);
      return { sql: 'r.route_id = ?', params: [rt.id], label: `线路 ${rt.name}（${value}）`, spec: s, all: false };
    }
    case 'set': {
      const set = findSet(db, value, 'retailers');
      if (set.rule) {
        const c = ruleCondition(set.rule, RETAILER_RULE_FIELDS, set.name);
        return { sql: `(${c.sql})`, params: c.params, label: `客户集 ${set.name}`, spec: s, all: false };
      }
      return {
        sql: 'r.code IN (SELECT code FROM code_set_members WHERE set_id = ?)',
        params: [set.id],
        label: `客户集 ${set.name}`,
        spec: s,
        all: false,
      };
    }
    case 'format':
      if (!(FORMATS as readonly string[]).includes(value))
        throw new AppError('invalid_scope', `经营业态应为：${FORMATS.join('、')}`);
      return { sql: 'r.format = ?', params: [value], label: `业态 ${value}`, spec: s, all: false };
    case 'area':
      if (!(AREAS as readonly string[]).includes(value))
        throw new AppError('invalid_scope', `城乡分类应为：${AREAS.join('、')}`);
      return { sql: 'r.area = ?', params: [value], label: value, spec: s, all: false };
    case 'grade': {
      const g = Number(value.replace(/^D/i, '').replace(/档$/, ''));
      if (!Number.isInteger(g) || g < 1 || g > 30) throw new AppError('invalid_scope', '档位应为 1–30 的整数');
      return { sql: 'r.grade = ?', params: [g], label: `${g}档`, spec: s, all: false };
    }
    default:
      throw new AppError(
        'invalid_scope',
        `客户范围“${s}”无法识别：可用 county、manager:<工号>、route:<线路编码>、set:<客户集>、format:<业态>、area:<城乡>、grade:<档位>`,
      );
  }
}

export function productScope(db: Database, spec: string | undefined): Condition {
  const s = (spec ?? 'all').trim() || 'all';
  if (s === 'all' || s === '全部') return { sql: '1', params: [], label: '全部卷烟', spec: 'all', all: true };
  const i = s.indexOf(':');
  const kind = i > 0 ? s.slice(0, i) : s;
  const value = i > 0 ? s.slice(i + 1).trim() : '';
  if (!value)
    throw new AppError(
      'invalid_products',
      `卷烟范围“${s}”缺少取值，例如 class:一类、brand:黄鹤楼、set:七匹狼通系列、codes:6901028000000`,
    );
  switch (kind) {
    case 'class':
      if (!(CLASSES as readonly string[]).includes(value))
        throw new AppError('invalid_products', `价类应为：${CLASSES.join('、')}`);
      return { sql: 'p.price_class = ?', params: [value], label: value + '烟', spec: s, all: false, classOnly: value };
    case 'brand': {
      const n = (db.prepare('SELECT COUNT(*) n FROM products WHERE brand = ?').get(value) as { n: number }).n;
      if (!n) throw new AppError('unknown_brand', `没有品牌为“${value}”的卷烟规格`);
      return { sql: 'p.brand = ?', params: [value], label: `品牌 ${value}`, spec: s, all: false };
    }
    case 'set': {
      const set = findSet(db, value, 'products');
      if (set.rule) {
        const c = ruleCondition(set.rule, PRODUCT_RULE_FIELDS, set.name);
        return { sql: `(${c.sql})`, params: c.params, label: `品牌集 ${set.name}`, spec: s, all: false };
      }
      return {
        sql: 'p.code IN (SELECT code FROM code_set_members WHERE set_id = ?)',
        params: [set.id],
        label: `品牌集 ${set.name}`,
        spec: s,
        all: false,
      };
    }
    case 'codes': {
      const codes = [...new Set(value.split(/[,，\s]+/).filter(Boolean))];
      if (!codes.length || codes.length > 500) throw new AppError('invalid_products', '规格编码列表应有 1–500 个编码');
      const found = db
        .prepare(`SELECT code, name FROM products WHERE code IN (${codes.map(() => '?').join(',')})`)
        .all(...codes) as { code: string; name: string }[];
      const missing = codes.filter((c) => !found.some((f) => f.code === c));
      if (missing.length)
        throw new AppError('unknown_product', `没有编码为“${missing.slice(0, 5).join('、')}”的卷烟规格`);
      const label = found.length === 1 ? found[0].name : `${found.length}个规格`;
      return { sql: `p.code IN (${codes.map(() => '?').join(',')})`, params: codes, label, spec: s, all: false };
    }
    default:
      throw new AppError(
        'invalid_products',
        `卷烟范围“${s}”无法识别：可用 all、class:<价类>、brand:<品牌>、set:<品牌集>、codes:<编码,…>`,
      );
  }
}
