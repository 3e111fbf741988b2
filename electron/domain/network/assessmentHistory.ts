/**
 * 月度考核表 — saved months: a month's assessment stored as computed when it was
 * saved (later data changes do not move it), read back, and listed over months.
 */
import type { Database } from 'better-sqlite3';
import { parseMonth } from './period';
import type { AssessmentReport, SchemeItem } from './assessmentRules';
import { computeAssessment } from './assessmentScore';

/** Stores a month's assessment as computed now, replacing an earlier save of that month. */
export function saveAssessment(
  db: Database,
  period: string,
  savedBy: string,
): { before: AssessmentReport | null; after: AssessmentReport } {
  const before = savedAssessment(db, period);
  const r = computeAssessment(db, period);
  db.prepare('DELETE FROM assessment_runs WHERE period = ?').run(period);
  db.prepare('INSERT INTO assessment_runs(period, scheme_name, items, saved_by) VALUES (?, ?, ?, ?)').run(
    period,
    r.scheme.name,
    JSON.stringify({ items: r.scheme.items, notes: r.notes, basis: r.basis }),
    savedBy,
  );
  const ins = db.prepare(
    'INSERT INTO assessment_results(period, manager_code, manager_name, total, rank, detail) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const row of r.rows) ins.run(period, row.key, row.name, row.total, row.rank, JSON.stringify(row.items));
  return { before, after: savedAssessment(db, period)! };
}

export function savedAssessment(db: Database, period: string): AssessmentReport | null {
  const run = db
    .prepare('SELECT period, scheme_name, items, saved_at, saved_by FROM assessment_runs WHERE period = ?')
    .get(period) as
    { period: string; scheme_name: string; items: string; saved_at: string; saved_by: string } | undefined;
  if (!run) return null;
  const meta = JSON.parse(run.items) as {
    items: (SchemeItem & { ruleText: string })[];
    notes: string[];
    basis: 'snapshot' | 'current';
  };
  const rows = db
    .prepare(
      'SELECT manager_code, manager_name, total, rank, detail FROM assessment_results WHERE period = ? ORDER BY rank, manager_code',
    )
    .all(period) as {
    manager_code: string;
    manager_name: string;
    total: number;
    rank: number;
    detail: string;
  }[];
  return {
    report: 'assessment',
    period,
    source: 'saved',
    basis: meta.basis,
    savedAt: run.saved_at,
    savedBy: run.saved_by,
    scheme: { name: run.scheme_name, items: meta.items },
    notes: meta.notes,
    rows: rows.map((r) => ({
      key: r.manager_code,
      name: r.manager_name,
      total: r.total,
      rank: r.rank,
      items: JSON.parse(r.detail),
    })),
  };
}

/** The saved month if there is one, otherwise computed now. */
export function assessment(db: Database, period: string): AssessmentReport {
  parseMonth(period);
  return savedAssessment(db, period) ?? computeAssessment(db, period);
}

export function deleteSavedAssessment(db: Database, period: string): boolean {
  return db.prepare('DELETE FROM assessment_runs WHERE period = ?').run(period).changes > 0;
}

/** Saved months between two periods: total and rank per manager. */
export function assessmentHistory(db: Database, from: string, to: string) {
  parseMonth(from);
  parseMonth(to);
  const rows = db
    .prepare(
      'SELECT period, manager_code AS managerCode, manager_name AS managerName, total, rank FROM assessment_results WHERE period BETWEEN ? AND ? ORDER BY period, rank, manager_code',
    )
    .all(from, to) as { period: string; managerCode: string; managerName: string; total: number; rank: number }[];
  const periods = [...new Set(rows.map((r) => r.period))];
  return { from, to, periods, rows };
}
