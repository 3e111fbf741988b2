/**
 * 借阅 of paper originals (who, when, due, returned) and the 首页 reminders:
 * overdue 待办, overdue loans, and filed items whose retention has run out.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { getDoc } from './register';
import { RETENTION_LABELS, retentionDueOn, type Retention } from './rules';

export interface Loan {
  id: number;
  docId: number;
  number: string;
  title: string;
  archiveNo: string | null;
  borrower: string;
  purpose: string;
  lentOn: string;
  dueOn: string;
  returnedOn: string | null;
  overdue: boolean;
}

const LOAN_SELECT = `SELECT l.id, l.doc_id AS docId, d.number, d.title, d.archive_no AS archiveNo, l.borrower, l.purpose,
  l.lent_on AS lentOn, l.due_on AS dueOn, l.returned_on AS returnedOn
  FROM archive_loans l JOIN archive_docs d ON d.id = l.doc_id`;

function withOverdue(rows: Omit<Loan, 'overdue'>[], asOf: string): Loan[] {
  return rows.map((r) => ({ ...r, overdue: r.returnedOn === null && r.dueOn < asOf }));
}

export function lend(
  db: Database,
  docId: number,
  borrower: string,
  lentOn: string,
  dueOn: string,
  purpose: string,
): Loan {
  const d = getDoc(db, docId);
  if (dueOn < lentOn) throw new AppError('invalid_loan_dates', `归还期限（${dueOn}）不能早于借出日期（${lentOn}）`);
  const out = db
    .prepare('SELECT borrower, due_on AS dueOn FROM archive_loans WHERE doc_id = ? AND returned_on IS NULL')
    .get(docId) as { borrower: string; dueOn: string } | undefined;
  if (out)
    throw new AppError(
      'already_on_loan',
      `“${d.number}”的原件已借给${out.borrower}（应还 ${out.dueOn}），归还后才能再借`,
    );
  const id = Number(
    db
      .prepare('INSERT INTO archive_loans(doc_id, borrower, purpose, lent_on, due_on) VALUES (?, ?, ?, ?, ?)')
      .run(docId, borrower, purpose, lentOn, dueOn).lastInsertRowid,
  );
  return getLoan(db, id, lentOn);
}

export function getLoan(db: Database, id: number, asOf: string): Loan {
  const r = db.prepare(`${LOAN_SELECT} WHERE l.id = ?`).get(id) as Omit<Loan, 'overdue'> | undefined;
  if (!r) throw new AppError('unknown_loan', '找不到这条借阅记录');
  return withOverdue([r], asOf)[0];
}

export function returnLoan(db: Database, id: number, returnedOn: string): Loan {
  const l = getLoan(db, id, returnedOn);
  if (l.returnedOn) throw new AppError('already_returned', `这份原件已于 ${l.returnedOn} 归还`);
  if (returnedOn < l.lentOn)
    throw new AppError('invalid_loan_dates', `归还日期（${returnedOn}）不能早于借出日期（${l.lentOn}）`);
  db.prepare('UPDATE archive_loans SET returned_on = ? WHERE id = ?').run(returnedOn, id);
  return getLoan(db, id, returnedOn);
}

export function listLoans(
  db: Database,
  opts: { docId?: number; openOnly?: boolean; overdueOnly?: boolean },
  asOf: string,
): Loan[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.docId) {
    where.push('l.doc_id = ?');
    params.push(opts.docId);
  }
  if (opts.openOnly || opts.overdueOnly) where.push('l.returned_on IS NULL');
  if (opts.overdueOnly) {
    where.push('l.due_on < ?');
    params.push(asOf);
  }
  const rows = db
    .prepare(
      `${LOAN_SELECT} ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY l.returned_on IS NOT NULL, l.due_on, l.id`,
    )
    .all(...params) as Omit<Loan, 'overdue'>[];
  return withOverdue(rows, asOf);
}

/** Whole days from a to b (YYYY-MM-DD). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b + 'T00:00:00Z') - Date.parse(a + 'T00:00:00Z')) / 86_400_000);
}

export interface Reminders {
  asOf: string;
  /** 逾期待办: incoming documents past 办理期限 and not 办结 */
  overdueTodo: {
    id: number;
    number: string;
    title: string;
    handler: string;
    status: string;
    dueDate: string;
    daysOverdue: number;
  }[];
  /** 借阅逾期 */
  overdueLoans: (Loan & { daysOverdue: number })[];
  /** 到期鉴定: filed items whose retention ran out and that are not yet appraised */
  retentionExpired: {
    id: number;
    number: string;
    archiveNo: string;
    title: string;
    retention: string;
    retentionLabel: string;
    archiveYear: number;
    dueOn: string;
  }[];
}

export function reminders(db: Database, asOf: string): Reminders {
  const todo = db
    .prepare(
      `SELECT id, number, title, handler, status, due_date AS dueDate FROM archive_docs
        WHERE status IN ('待处理', '已阅', '转交') AND due_date IS NOT NULL AND due_date < ?
        ORDER BY due_date, id`,
    )
    .all(asOf) as { id: number; number: string; title: string; handler: string; status: string; dueDate: string }[];
  // A D10 item of year Y is due on (Y + 11)-01-01, so it is expired when Y + 11 <= the year of asOf.
  const asOfYear = Number(asOf.slice(0, 4));
  const filed = db
    .prepare(
      `SELECT id, number, archive_no AS archiveNo, title, retention, archive_year AS archiveYear FROM archive_docs
        WHERE archive_no IS NOT NULL AND appraised_on IS NULL AND retention <> 'Y'
          AND archive_year + CASE retention WHEN 'D10' THEN 11 ELSE 31 END <= ?
        ORDER BY archive_year, retention, item_no`,
    )
    .all(asOfYear) as {
    id: number;
    number: string;
    archiveNo: string;
    title: string;
    retention: Retention;
    archiveYear: number;
  }[];
  return {
    asOf,
    overdueTodo: todo.map((t) => ({ ...t, daysOverdue: daysBetween(t.dueDate, asOf) })),
    overdueLoans: listLoans(db, { overdueOnly: true }, asOf).map((l) => ({
      ...l,
      daysOverdue: daysBetween(l.dueOn, asOf),
    })),
    retentionExpired: filed
      .map((f) => ({
        ...f,
        retentionLabel: RETENTION_LABELS[f.retention],
        dueOn: retentionDueOn(f.archiveYear, f.retention)!,
      }))
      .filter((f) => f.dueOn <= asOf),
  };
}
