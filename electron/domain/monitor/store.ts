/**
 * Reading and checking stored 内管 warnings, and the 重点监管客户台账.
 * A check records 核查结果 (正常 / 违规 / 其他), a note, who and when; a 违规 puts the
 * retailer on the 台账 (one entry per warning); a later check to another result
 * takes that entry off again.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { dayText, textToDay, todayText } from '../../../common/days';
import { ownerJoins } from '../masterdata';
import { RULE_LABELS, type Rule } from './scan';

export const CHECK_RESULTS = ['正常', '违规', '其他'] as const;
export const STATUSES = ['待核查', ...CHECK_RESULTS] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export interface WarningRow {
  id: number;
  rule: Rule;
  ruleLabel: string;
  retailer: string;
  retailerName: string;
  spec: string | null;
  specName: string | null;
  day: string;
  valueTiao: number;
  baseline: number | null;
  ratio: number | null;
  status: string;
  note: string | null;
  checkedBy: string | null;
  checkedAt: string | null;
  manager: string | null;
  managerName: string | null;
  route: string | null;
  routeName: string | null;
  /** documents of the archive attached to the check */
  docs: CheckDoc[];
}

export interface CheckDoc {
  id: number;
  number: string;
  title: string;
}

const WARNING_SELECT = `
  SELECT w.id, w.rule, r.code AS retailer, r.name AS retailerName, p.code AS spec, p.name AS specName, w.day,
    w.value_tiao AS valueTiao, w.baseline, w.ratio, w.status, w.note, w.checked_by AS checkedBy,
    w.checked_at AS checkedAt, m.code AS manager, m.name AS managerName, rt.code AS route, rt.name AS routeName,
    (SELECT json_group_array(json_object('id', d.id, 'number', d.number, 'title', d.title))
       FROM monitor_warning_docs wd JOIN archive_docs d ON d.id = wd.doc_id WHERE wd.warning_id = w.id) AS docs
  FROM monitor_warnings w JOIN retailers r ON r.id = w.retailer_id LEFT JOIN products p ON p.id = w.product_id
  ${ownerJoins('r', 'rt', 'm')}`;

type RawWarning = Omit<WarningRow, 'day' | 'ruleLabel' | 'docs'> & { day: number; docs: string };
const shape = (w: RawWarning): WarningRow => ({
  ...w,
  ruleLabel: RULE_LABELS[w.rule],
  day: dayText(w.day),
  docs: (JSON.parse(w.docs) as CheckDoc[]).sort((a, b) => a.id - b.id),
});

export interface ListFilter {
  rule?: Rule;
  manager?: string;
  route?: string;
  status?: string;
  /** one retailer's warnings (客户编码) */
  retailer?: string;
  from?: number;
  to?: number;
  /** only these warnings (e.g. the ones a scan found) */
  ids?: number[];
  limit?: number;
}

export function listWarnings(db: Database, f: ListFilter): { rows: WarningRow[]; total: number } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, value: unknown) => {
    where.push(cond);
    params.push(value);
  };
  if (f.rule) add('w.rule = ?', f.rule);
  if (f.status) add('w.status = ?', f.status);
  if (f.from !== undefined) add('w.day >= ?', f.from);
  if (f.to !== undefined) add('w.day <= ?', f.to);
  if (f.ids) add('w.id IN (SELECT value FROM json_each(?))', JSON.stringify(f.ids));
  if (f.retailer) {
    if (!db.prepare('SELECT 1 FROM retailers WHERE code = ?').get(f.retailer))
      throw new AppError('unknown_retailer', `没有编码为“${f.retailer}”的零售客户`);
    add('r.code = ?', f.retailer);
  }
  if (f.manager) {
    if (!db.prepare('SELECT 1 FROM managers WHERE code = ?').get(f.manager))
      throw new AppError('unknown_manager', `没有工号为“${f.manager}”的客户经理`);
    add('m.code = ?', f.manager);
  }
  if (f.route) {
    if (!db.prepare('SELECT 1 FROM routes WHERE code = ?').get(f.route))
      throw new AppError('unknown_route', `没有编码为“${f.route}”的线路`);
    add('rt.code = ?', f.route);
  }
  const sql = `${WARNING_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`;
  const total = (db.prepare(`SELECT COUNT(*) n FROM (${sql})`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(`${sql} ORDER BY w.day DESC, w.rule, r.code, p.code LIMIT ?`)
    .all(...params, f.limit ?? 1000) as RawWarning[];
  return { rows: rows.map(shape), total };
}

export function getWarning(db: Database, id: number): WarningRow {
  const w = db.prepare(`${WARNING_SELECT} WHERE w.id = ?`).get(id) as RawWarning | undefined;
  if (!w) throw new AppError('unknown_warning', `没有编号为 ${id} 的内管预警`);
  return shape(w);
}

/** Records a check; returns the warning before and after and the 台账 entry it made or removed. */
export function checkWarning(
  db: Database,
  id: number,
  result: CheckResult,
  note: string,
  who: string,
  now: Date = new Date(),
  docs?: number[],
): { before: WarningRow; after: WarningRow; ledger: 'added' | 'removed' | 'kept' | 'none' } {
  const before = getWarning(db, id);
  if (result !== '正常' && !note) throw new AppError('invalid_check', `核查结果为“${result}”时必须填写说明`);
  if (docs) {
    const known = new Set(
      (
        db
          .prepare('SELECT id FROM archive_docs WHERE id IN (SELECT value FROM json_each(?))')
          .all(JSON.stringify(docs)) as { id: number }[]
      ).map((d) => d.id),
    );
    const missing = docs.filter((d) => !known.has(d));
    if (missing.length) throw new AppError('unknown_document', `文档档案中没有编号为 ${missing.join('、')} 的文件`);
    db.prepare('DELETE FROM monitor_warning_docs WHERE warning_id = ?').run(id);
    const link = db.prepare('INSERT OR IGNORE INTO monitor_warning_docs(warning_id, doc_id) VALUES (?, ?)');
    for (const d of docs) link.run(id, d);
  }
  db.prepare('UPDATE monitor_warnings SET status = ?, note = ?, checked_by = ?, checked_at = ? WHERE id = ?').run(
    result,
    note || null,
    who,
    now.toISOString(),
    id,
  );
  const onLedger = db.prepare('SELECT id FROM monitor_ledger WHERE warning_id = ?').get(id) as
    { id: number } | undefined;
  let ledger: 'added' | 'removed' | 'kept' | 'none' = 'none';
  if (result === '违规') {
    const reason = `${before.ruleLabel}（${before.day}${before.specName ? ' ' + before.specName : ''}）：${note}`;
    if (onLedger) {
      db.prepare('UPDATE monitor_ledger SET reason = ? WHERE id = ?').run(reason, onLedger.id);
      ledger = 'kept';
    } else {
      db.prepare(
        'INSERT INTO monitor_ledger(retailer_id, day, reason, warning_id, created_by) SELECT retailer_id, ?, ?, id, ? FROM monitor_warnings WHERE id = ?',
      ).run(textToDay(todayText(now)), reason, who, id);
      ledger = 'added';
    }
  } else if (onLedger) {
    db.prepare('DELETE FROM monitor_ledger WHERE id = ?').run(onLedger.id);
    ledger = 'removed';
  }
  return { before, after: getWarning(db, id), ledger };
}

export interface LedgerRow {
  id: number;
  retailer: string;
  retailerName: string;
  day: string;
  reason: string;
  warningId: number | null;
  createdBy: string;
  manager: string | null;
  managerName: string | null;
}

/** The 重点监管客户台账, newest first; optionally one retailer's history. */
export function ledger(db: Database, retailer?: string, span?: { from: number; to: number }): LedgerRow[] {
  if (retailer && !db.prepare('SELECT 1 FROM retailers WHERE code = ?').get(retailer))
    throw new AppError('unknown_retailer', `没有编码为“${retailer}”的零售客户`);
  const where = [...(retailer ? ['r.code = ?'] : []), ...(span ? ['l.day BETWEEN ? AND ?'] : [])];
  const rows = db
    .prepare(
      `SELECT l.id, r.code AS retailer, r.name AS retailerName, l.day, l.reason, l.warning_id AS warningId,
         l.created_by AS createdBy, m.code AS manager, m.name AS managerName
       FROM monitor_ledger l JOIN retailers r ON r.id = l.retailer_id ${ownerJoins('r', 'rt', 'm')}
       ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
       ORDER BY l.day DESC, l.id DESC`,
    )
    .all(...(retailer ? [retailer] : []), ...(span ? [span.from, span.to] : [])) as (Omit<LedgerRow, 'day'> & {
    day: number;
  })[];
  return rows.map((r) => ({ ...r, day: dayText(r.day) }));
}

/** A retailer's recent order lines up to a day, by order date and spec (the drill of a warning). */
export interface OrderLineRow {
  day: string;
  spec: string;
  specName: string;
  demandTiao: number;
  qtyTiao: number;
  amountFen: number;
}

export function retailerOrders(
  db: Database,
  retailer: string,
  from: number,
  to: number,
  spec?: string,
): { retailer: string; retailerName: string; status: string; grade: number | null; rows: OrderLineRow[] } {
  const r = db.prepare('SELECT id, code, name, status, grade FROM retailers WHERE code = ?').get(retailer) as
    { id: number; code: string; name: string; status: string; grade: number | null } | undefined;
  if (!r) throw new AppError('unknown_retailer', `没有编码为“${retailer}”的零售客户`);
  let productId: number | null = null;
  if (spec) {
    const p = db.prepare('SELECT id FROM products WHERE code = ?').get(spec) as { id: number } | undefined;
    if (!p) throw new AppError('unknown_product', `没有编码为“${spec}”的卷烟规格`);
    productId = p.id;
  }
  const rows = db
    .prepare(
      `SELECT ol.day, p.code AS spec, p.name AS specName, SUM(ol.demand_tiao) AS demandTiao, SUM(ol.qty_tiao) AS qtyTiao,
         SUM(ol.amount_fen) AS amountFen
       FROM order_lines ol JOIN products p ON p.id = ol.product_id
       WHERE ol.retailer_id = ? AND ol.day BETWEEN ? AND ? ${productId === null ? '' : 'AND ol.product_id = ?'}
       GROUP BY ol.day, ol.product_id ORDER BY ol.day DESC, p.code`,
    )
    .all(r.id, from, to, ...(productId === null ? [] : [productId])) as (Omit<OrderLineRow, 'day'> & {
    day: number;
  })[];
  return {
    retailer: r.code,
    retailerName: r.name,
    status: r.status,
    grade: r.grade,
    rows: rows.map((x) => ({ ...x, day: dayText(x.day) })),
  };
}

/** Counts of the warnings dated in [from, to] per rule and status (the 内管情况表). */
export interface SummaryRow {
  rule: Rule | null;
  ruleLabel: string;
  total: number;
  pending: number;
  normal: number;
  violation: number;
  other: number;
}

export function summarise(db: Database, from: number, to: number): { rows: SummaryRow[]; total: SummaryRow } {
  const counts = db
    .prepare(
      `SELECT rule, COUNT(*) AS total, SUM(status = '待核查') AS pending, SUM(status = '正常') AS normal,
         SUM(status = '违规') AS violation, SUM(status = '其他') AS other
       FROM monitor_warnings WHERE day BETWEEN ? AND ? GROUP BY rule`,
    )
    .all(from, to) as Omit<SummaryRow, 'ruleLabel'>[];
  const rows = (Object.keys(RULE_LABELS) as Rule[]).map((rule) => {
    const c = counts.find((x) => x.rule === rule);
    return {
      rule,
      ruleLabel: RULE_LABELS[rule],
      total: c?.total ?? 0,
      pending: c?.pending ?? 0,
      normal: c?.normal ?? 0,
      violation: c?.violation ?? 0,
      other: c?.other ?? 0,
    };
  });
  const sum = (k: 'total' | 'pending' | 'normal' | 'violation' | 'other') => rows.reduce((n, r) => n + r[k], 0);
  return {
    rows,
    total: {
      rule: null,
      ruleLabel: '合计',
      total: sum('total'),
      pending: sum('pending'),
      normal: sum('normal'),
      violation: sum('violation'),
      other: sum('other'),
    },
  };
}
