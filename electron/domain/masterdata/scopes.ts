/**
 * Customer and product scopes, the one parser every module uses (reports, plans,
 * network, 考核, 客户结构), resolved to SQL conditions over `r` (retailers) and
 * `p` (products):
 *   customer: county | manager:<工号> | route:<线路编码> | set:<客户集> | format:<业态> | area:<城乡> | grade:<档位>
 *   products: all | class:<价类> | brand:<品牌> | set:<品牌集> | codes:<c1,c2,…>
 * A manager scope takes the retailers that manager owns (ownership.ts); a set is
 * read by sets.ts. Unknown managers, routes, sets or categories are refused with
 * a Chinese message.
 *
 * grade:<档位> takes the retailers that held that 档位 on `asOfDay` (gradeHistory.ts: an
 * approved 分档 review holds from the first of the next month), so a report or plan of March
 * picks March's 5档 customers. Callers pass the last day of the period they compute (the day
 * the 按档位 rows of a report are taken on); without a day it is the grade shown today.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { AREAS, FORMATS, PRICE_CLASSES } from './categories';
import { gradeAsOfSql } from './gradeHistory';
import { ownerManagerId } from './ownership';
import { setCondition } from './sets';

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

export function customerScope(db: Database, spec: string | undefined, asOfDay?: number): Condition {
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
        sql: `${ownerManagerId('r')} = ?`,
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
      const c = setCondition(db, value, 'retailers', 'r', asOfDay);
      return { sql: c.sql, params: c.params, label: c.label, spec: s, all: false };
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
      const expr = asOfDay === undefined ? 'r.grade' : gradeAsOfSql(db, asOfDay);
      return { sql: `${expr} = ?`, params: [g], label: `${g}档`, spec: s, all: false };
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
      if (!(PRICE_CLASSES as readonly string[]).includes(value))
        throw new AppError('invalid_products', `价类应为：${PRICE_CLASSES.join('、')}`);
      return { sql: 'p.price_class = ?', params: [value], label: value + '烟', spec: s, all: false, classOnly: value };
    case 'brand': {
      const n = (db.prepare('SELECT COUNT(*) n FROM products WHERE brand = ?').get(value) as { n: number }).n;
      if (!n) throw new AppError('unknown_brand', `没有品牌为“${value}”的卷烟规格`);
      return { sql: 'p.brand = ?', params: [value], label: `品牌 ${value}`, spec: s, all: false };
    }
    case 'set': {
      const c = setCondition(db, value, 'products', 'p');
      return { sql: c.sql, params: c.params, label: c.label, spec: s, all: false };
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

/**
 * Several product scopes joined: a spec belongs when it is in any of them
 * (e.g. a 考核 item naming a 品牌 and a 品牌集). An empty list is every spec.
 */
export function productScopeAny(db: Database, specs: string[]): Condition {
  if (!specs.length) return productScope(db, 'all');
  const parts = specs.map((s) => productScope(db, s));
  if (parts.length === 1 || parts.some((c) => c.all)) return parts.find((c) => c.all) ?? parts[0];
  return {
    sql: '(' + parts.map((c) => `(${c.sql})`).join(' OR ') + ')',
    params: parts.flatMap((c) => c.params),
    label: parts.map((c) => c.label).join('、'),
    spec: specs.join(' '),
    all: false,
  };
}
