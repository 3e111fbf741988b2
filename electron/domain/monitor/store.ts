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
}

const WARNING_SELECT = `
  SELECT w.id, w.rule, r.code AS retailer, r.name AS retailerName, p.code AS spec, p.name AS specName, w.day,
    w.value_tiao AS valueTiao, w.baseline, w.ratio, w.status, w.note, w.checked_by AS checkedBy,
    w.checked_at AS checkedAt, m.code AS manager, m.name AS managerName, rt.code AS route, rt.name AS routeName
  FROM monitor_warnings w JOIN retailers r ON r.id = w.retailer_id LEFT JOIN products p ON p.id = w.product_id
  ${ownerJoins('r', 'rt', 'm')}`;

type RawWarning = Omit<WarningRow, 'day' | 'ruleLabel'> & { day: number };
const shape = (w: RawWarning): WarningRow => ({ ...w, ruleLabel: RULE_LABELS[w.rule], day: dayText(w.day) });

export interface ListFilter {
  rule?: Rule;
  manager?: string;
  route?: string;
  status?: string;
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
): { before: WarningRow; after: WarningRow; ledger: 'added' | 'removed' | 'kept' | 'none' } {
  const before = getWarning(db, id);
  if (result !== '正常' && !note) throw new AppError('invalid_check', `核查结果为“${result}”时必须填写说明`);
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
export function ledger(db: Database, retailer?: string): LedgerRow[] {
  if (retailer && !db.prepare('SELECT 1 FROM retailers WHERE code = ?').get(retailer))
    throw new AppError('unknown_retailer', `没有编码为“${retailer}”的零售客户`);
  const rows = db
    .prepare(
      `SELECT l.id, r.code AS retailer, r.name AS retailerName, l.day, l.reason, l.warning_id AS warningId,
         l.created_by AS createdBy, m.code AS manager, m.name AS managerName
       FROM monitor_ledger l JOIN retailers r ON r.id = l.retailer_id ${ownerJoins('r', 'rt', 'm')}
       ${retailer ? 'WHERE r.code = ?' : ''}
       ORDER BY l.day DESC, l.id DESC`,
    )
    .all(...(retailer ? [retailer] : [])) as (Omit<LedgerRow, 'day'> & { day: number })[];
  return rows.map((r) => ({ ...r, day: dayText(r.day) }));
}
