/**
 * Reading the audit log (审计日志): who changed what, when, through which
 * method, with the values before and after. The table itself is append-only
 * (triggers in 001_core.sql); rows are written by the router's ctx.audit.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { AppError } from '../../api/errors';
import { actionLabel, changeText, describeChanges, recordLabel, type ChangeItem } from './describe';

/** Chinese names of the modules as the log page and the export show them. */
export const MODULE_LABELS: Record<string, string> = {
  settings: '设置',
  accounts: '用户与登录',
  system: '系统',
  masterdata: '基础资料',
  imports: '数据导入',
  reports: '统计报表',
  plans: '销售计划',
  archive: '文档档案',
  network: '网建达标',
  monitor: '内管',
  grading: '客户分档',
  cultivation: '品牌培育',
  audit: '审计日志',
};

/** How the call arrived. */
export const VIA_LABELS: Record<string, string> = {
  ipc: '窗口',
  http: '浏览器',
  cli: '命令行',
  job: '后台任务',
  test: '测试',
};

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const auditFilterSchema = z
  .object({
    /** 登录名 or 姓名 of the person who made the change */
    person: z.string().trim().max(40).optional(),
    /** first day (local date), inclusive */
    from: day.optional(),
    /** last day (local date), inclusive */
    to: day.optional(),
    module: z.string().trim().max(40).optional(),
    /** API method, e.g. settings.update */
    method: z.string().trim().max(80).optional(),
    /** part of the record key, e.g. a retailer code or "batch:17" */
    record: z.string().trim().max(100).optional(),
  })
  .strict();

export type AuditFilter = z.infer<typeof auditFilterSchema>;

export interface AuditRow {
  id: number;
  /** ISO time (UTC) */
  at: string;
  userId: number;
  userLogin: string;
  userName: string;
  via: string;
  viaLabel: string;
  module: string;
  moduleLabel: string;
  method: string;
  action: string;
  record: string | null;
  before: unknown;
  after: unknown;
  /** 操作 in Chinese */
  actionLabel: string;
  /** the record named for a clerk, e.g. 零售客户 城关鑫源便利店（420528100001） */
  recordLabel: string;
  /** the changed fields, labelled and formatted */
  changes: ChangeItem[];
  /** the same as one line of text */
  changeText: string;
}

/** Start of a local calendar day as the ISO (UTC) string the log stores. */
function dayStartIso(d: string, addDays = 0): string {
  const [y, m, dd] = d.split('-').map(Number);
  return new Date(y, m - 1, dd + addDays).toISOString();
}

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function where(f: AuditFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (f.person) {
    parts.push('(user_login = ? COLLATE NOCASE OR user_name = ?)');
    params.push(f.person, f.person);
  }
  if (f.from) {
    parts.push('at >= ?');
    params.push(dayStartIso(f.from));
  }
  if (f.to) {
    parts.push('at < ?');
    params.push(dayStartIso(f.to, 1));
  }
  if (f.module) {
    parts.push('module = ?');
    params.push(f.module);
  }
  if (f.method) {
    parts.push('method = ?');
    params.push(f.method);
  }
  if (f.record) {
    parts.push(`record LIKE ? ESCAPE '\\'`);
    params.push('%' + f.record.replace(/[\\%_]/g, (c) => '\\' + c) + '%');
  }
  return { sql: parts.length ? 'WHERE ' + parts.join(' AND ') : '', params };
}

interface RawRow {
  id: number;
  at: string;
  user_id: number;
  user_login: string;
  user_name: string;
  via: string;
  module: string;
  method: string;
  action: string;
  record: string | null;
  before: string | null;
  after: string | null;
}

function toRow(db: Database, r: RawRow): AuditRow {
  const before = parseJson(r.before),
    after = parseJson(r.after);
  const changes = describeChanges(before, after);
  return {
    id: r.id,
    at: r.at,
    userId: r.user_id,
    userLogin: r.user_login,
    userName: r.user_name,
    via: r.via,
    viaLabel: VIA_LABELS[r.via] ?? r.via,
    module: r.module,
    moduleLabel: MODULE_LABELS[r.module] ?? r.module,
    method: r.method,
    action: r.action,
    record: r.record,
    before,
    after,
    actionLabel: actionLabel(r.module, r.action),
    recordLabel: recordLabel(db, r.record, r.action),
    changes,
    changeText: changeText(changes),
  };
}

export function checkRange(f: AuditFilter): void {
  if (f.from && f.to && f.from > f.to)
    throw new AppError('invalid_period', `起始日期（${f.from}）晚于结束日期（${f.to}）`);
}

/** Newest first, one page at a time. */
export function queryAudit(
  db: Database,
  f: AuditFilter,
  offset: number,
  limit: number,
): { total: number; rows: AuditRow[] } {
  const w = where(f);
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number }).n;
  const rows = db
    .prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT ? OFFSET ?`)
    .all(...w.params, limit, offset) as RawRow[];
  return { total, rows: rows.map((r) => toRow(db, r)) };
}

/**
 * Every matching row, oldest first, for an export; a thousand rows at a time so
 * memory stays flat (and the record names can be looked up between pages).
 */
export function* iterateAudit(db: Database, f: AuditFilter): Generator<AuditRow> {
  const w = where(f);
  const page = db.prepare(`SELECT * FROM audit_log ${w.sql ? w.sql + ' AND' : 'WHERE'} id > ? ORDER BY id LIMIT 1000`);
  for (let last = 0; ;) {
    const rows = page.all(...w.params, last) as RawRow[];
    if (!rows.length) return;
    for (const r of rows) yield toRow(db, r);
    last = rows[rows.length - 1].id;
  }
}

export function countAudit(db: Database, f: AuditFilter): number {
  const w = where(f);
  return (db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params) as { n: number }).n;
}

/** What the filter drop-downs offer: modules and people present in the log. */
export function auditFacets(db: Database) {
  const modules = (
    db.prepare('SELECT DISTINCT module FROM audit_log ORDER BY module').all() as { module: string }[]
  ).map((r) => ({
    module: r.module,
    label: MODULE_LABELS[r.module] ?? r.module,
  }));
  const people = db
    .prepare(
      `SELECT user_login AS login, user_name AS name FROM audit_log
       WHERE id IN (SELECT max(id) FROM audit_log GROUP BY user_login) ORDER BY user_login`,
    )
    .all() as { login: string; name: string }[];
  return { modules, people };
}
