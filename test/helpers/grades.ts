/**
 * Grade changes as an approved 分档 review records them, for tests of what reads 档位 as of a
 * period: `{ retailerId: grade }` holds from `day` (yyyymmdd) on, every grade recorded (as a
 * review does), in one transaction.
 */
import type { Database } from 'better-sqlite3';
import { recordGrades } from '../../electron/domain/masterdata';

export function approveGrades(db: Database, grades: Record<number, number>, day: number): void {
  const changes = Object.entries(grades).map(([id, grade]) => ({ retailerId: Number(id), grade }));
  db.transaction(() => recordGrades(db, changes, day, 'review', { always: true }))();
}
