/**
 * What the kinds with dated rows share: a row's date read and held to the period the file
 * states (订单明细, 拜访记录, 检查记录), and for kinds whose rows are records (a visit, an
 * inspection) the write that refuses a record the file repeats or an earlier batch already
 * imported, and the batch's day range written and rolled back.
 */
import type { Database } from 'better-sqlite3';
import type { KindOptions, KindSession, RowView } from './types';
import { dayToIso, parseDay, type Parsed } from '../values';

/** The row's `date` field as yyyymmdd: required, a date, inside the file's period; `label` names it (拜访日期). */
export function rowDay(row: RowView, label: string, period: KindOptions['period']): Parsed<number> {
  const d = parseDay(row.get('date'), label, row.date1904);
  if (!d.ok) return d;
  if (d.value === null) return { ok: false, reason: `缺少${label}` };
  const day = d.value;
  if (period && (day < period.from || day > period.to))
    return {
      ok: false,
      reason: `${label} ${dayToIso(day)} 不在文件所述期间 ${dayToIso(period.from)} 至 ${dayToIso(period.to)} 内`,
    };
  return { ok: true, value: day };
}

/**
 * The write and finish of a session whose rows are records called `noun` (拜访记录): a record
 * equal to an earlier row of the file (by `key`) or to one `existing` finds is refused, saying
 * which; `insert` writes the others; finish gives the days written.
 */
export function recordWriter<R>(
  noun: string,
  o: {
    key: (rec: R) => string;
    day: (rec: R) => number;
    existing: (rec: R) => { batchId: number | null } | undefined;
    insert: (rec: R) => void;
  },
): Pick<KindSession<R>, 'write' | 'finish'> {
  const seen = new Map<string, number>();
  let dayFrom = Infinity;
  let dayTo = -Infinity;
  return {
    write(rec, rowNo) {
      const key = o.key(rec);
      const first = seen.get(key);
      if (first !== undefined) return `与第 ${first} 行是同一条${noun}`;
      const other = o.existing(rec);
      if (other) return `这条${noun}已导入过（批次 #${other.batchId ?? '—'}）`;
      seen.set(key, rowNo);
      o.insert(rec);
      const day = o.day(rec);
      if (day < dayFrom) dayFrom = day;
      if (day > dayTo) dayTo = day;
      return null;
    },
    finish() {
      return seen.size ? { dayFrom, dayTo } : {};
    },
  };
}

/** The first and last day of a batch's rows in `table` (read before its rollback deletes them). */
export function batchDays(
  db: Database,
  table: string,
  batchId: number,
): { dayFrom: number | null; dayTo: number | null } {
  return db.prepare(`SELECT MIN(day) AS dayFrom, MAX(day) AS dayTo FROM ${table} WHERE batch_id = ?`).get(batchId) as {
    dayFrom: number | null;
    dayTo: number | null;
  };
}
