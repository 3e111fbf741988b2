/**
 * A retailer's 档位 on a given day (DOMAIN.md "客户分档 (30 grades) review"). Every figure
 * grouped 按档位 — reports, 货源投放, the 分档 review itself — reads grades through here, so a
 * period is always shown with the grades that held in it (March's figures by March's grades).
 *
 * grade_history (migrations 080/081) holds dated grades: approved reviews (from the first of the
 * month after the review month), imports of 档位 and edits (from the day they were made). When a
 * retailer's grade is first recorded, the grade it had until then is kept as a row dated 0
 * ("since always"), so any retailer with history has a row on or before every day. A retailer
 * without history has had its one imported grade (retailers.grade) all along.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { isValidDay, textToDay, todayText } from '../../../common/days';

export type GradeSource = 'review' | 'import' | 'edit';

/** A day (yyyymmdd) or an SQL expression giving one, as SQL text. */
export function dayLiteral(day: number | string): string {
  if (typeof day === 'number') {
    if (!Number.isInteger(day) || day < 0) throw new AppError('invalid_args', `日期无效：${day}`);
    return String(day);
  }
  // an SQL expression of the caller's (e.g. "f.month * 100 + 31"), never user text
  return `(${day})`;
}

/**
 * The SQL expression of the 档位 of retailer `r` on `day` (yyyymmdd, or an SQL expression
 * giving one). On a database without any history it is just r.grade.
 */
export function gradeAsOfSql(db: Database, day: number | string, r = 'r'): string {
  if (!hasGradeHistory(db)) return `${r}.grade`;
  const d = dayLiteral(day);
  const on = `h.retailer_id = ${r}.id AND h.effective_day <= ${d}`;
  return `(CASE WHEN EXISTS (SELECT 1 FROM grade_history h WHERE ${on})
    THEN (SELECT h.grade FROM grade_history h WHERE ${on} ORDER BY h.effective_day DESC, h.id DESC LIMIT 1)
    ELSE ${r}.grade END)`;
}

/** True once any grade has been recorded (reports keep their plain r.grade until then). */
export function hasGradeHistory(db: Database): boolean {
  return !!db.prepare('SELECT 1 FROM grade_history LIMIT 1').get();
}

/** The 档位 of every retailer (or of the given ids) on `day` (yyyymmdd): retailer id → grade or null. */
export function gradeAsOf(db: Database, day: number, retailerIds?: readonly number[]): Map<number, number | null> {
  if (!isValidDay(day)) throw new AppError('invalid_args', `日期无效：${day}`);
  const expr = gradeAsOfSql(db, day);
  const out = new Map<number, number | null>();
  if (retailerIds) {
    const stmt = db.prepare(`SELECT ${expr} AS g FROM retailers r WHERE r.id = ?`).pluck();
    for (const id of retailerIds) {
      const g = stmt.get(id) as number | null | undefined;
      if (g !== undefined) out.set(id, g);
    }
    return out;
  }
  for (const row of db.prepare(`SELECT r.id, ${expr} AS g FROM retailers r`).all() as {
    id: number;
    g: number | null;
  }[])
    out.set(row.id, row.g);
  return out;
}

export interface GradeChange {
  retailerId: number;
  grade: number | null;
  /** the grade before, when the caller has already written the new one to retailers.grade */
  previous?: number | null;
}

/**
 * Records new grades from `day` on and sets retailers.grade to them (the grade shown today).
 * A retailer's first recorded change keeps its earlier grade as the row dated 0. Writes only
 * changes: a grade equal to the one holding on `day` adds nothing unless `always` (a review
 * records every grade it approved). Runs inside the caller's transaction; returns rows written.
 */
export function recordGrades(
  db: Database,
  changes: readonly GradeChange[],
  day: number,
  source: GradeSource,
  refs: { reviewId?: number; batchId?: number; always?: boolean } = {},
): number {
  if (!isValidDay(day)) throw new AppError('invalid_args', `日期无效：${day}`);
  const t = new Date().toISOString();
  const current = db.prepare('SELECT grade FROM retailers WHERE id = ?').pluck();
  const hasRows = db.prepare('SELECT 1 FROM grade_history WHERE retailer_id = ? LIMIT 1').pluck();
  const holding = db
    .prepare(
      'SELECT grade FROM grade_history WHERE retailer_id = ? AND effective_day <= ? ORDER BY effective_day DESC, id DESC LIMIT 1',
    )
    .pluck();
  const ins = db.prepare(
    `INSERT INTO grade_history(retailer_id, grade, effective_day, source, review_id, batch_id, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const set = db.prepare('UPDATE retailers SET grade = ?, updated_at = ? WHERE id = ?');
  let written = 0;
  for (const c of changes) {
    const now = current.get(c.retailerId) as number | null | undefined;
    if (now === undefined) continue;
    const before = c.previous !== undefined ? c.previous : now;
    if (!hasRows.get(c.retailerId)) {
      if (before === c.grade && !refs.always) continue;
      ins.run(c.retailerId, before, 0, 'before', null, null, t);
    } else if (!refs.always && (holding.get(c.retailerId, day) as number | null) === c.grade && before === c.grade)
      continue;
    ins.run(c.retailerId, c.grade, day, source, refs.reviewId ?? null, refs.batchId ?? null, t);
    if (now !== c.grade) set.run(c.grade, t, c.retailerId);
    written++;
  }
  return written;
}

/** Today on this computer's calendar (yyyymmdd): the day an imported or edited 档位 holds from. */
export function gradeDayToday(): number {
  return textToDay(todayText());
}

/** Forgets the grades an import batch brought (its rollback restores retailers.grade itself). */
export function forgetBatchGrades(db: Database, batchId: number): void {
  db.prepare('DELETE FROM grade_history WHERE batch_id = ?').run(batchId);
}
