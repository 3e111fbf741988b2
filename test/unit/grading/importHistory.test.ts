/** 档位 from imports and edits enters the grade history, dated the day it was made; a rollback forgets it. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { masterFiles, writeCsv } from '../masterdata/fixtures';
import { gradeAsOf } from '../../../electron/domain/grading';
import { addDays, textToDay, todayText } from '../../../common/days';

let t: TestBackend;
const importFile = (kind: string, file: string) => {
  const end = t.job('imports.run', { kind, file });
  if (end.type !== 'done') throw new Error(end.type);
  return end.result as any;
};
const idOf = (code: string) =>
  t.backend.db.prepare('SELECT id FROM retailers WHERE code = ?').pluck().get(code) as number;
const history = () =>
  t.backend.db
    .prepare(
      'SELECT r.code, h.grade, h.effective_day, h.source, h.batch_id IS NOT NULL AS fromBatch FROM grade_history h JOIN retailers r ON r.id = h.retailer_id ORDER BY h.id',
    )
    .raw()
    .all();

beforeAll(() => {
  t = testBackend();
  const f = masterFiles(t.dir);
  for (const k of ['managers', 'routes', 'retailers', 'products'] as const) importFile(k, f[k]);
});
afterAll(() => t.close());

describe('grade history from imports and edits', () => {
  const today = textToDay(todayText());
  const yesterday = addDays(today, -1);

  it('the first import of retailers records nothing; a changed 档位 is dated today, a new retailer is not', () => {
    expect(history()).toEqual([]);
    const before = t.backend.db.prepare("SELECT grade FROM retailers WHERE code = '420100002'").pluck().get();
    const upd = writeCsv(path.join(t.dir, 'upd.csv'), [
      ['客户编码', '客户名称', '档位'],
      ['420100001', '城关便利店', '20'],
      ['420100002', '第二家', String(before)],
      ['420100005', '新开店', '8'],
    ]);
    const r = importFile('retailers', upd);
    // 420100001 was 30 (the fixture); 420100002 kept its grade; 420100005 is new
    expect(history()).toEqual([
      ['420100001', 30, 0, 'before', 0],
      ['420100001', 20, today, 'import', 1],
    ]);
    const id1 = idOf('420100001');
    expect(gradeAsOf(t.backend.db, yesterday, [id1]).get(id1)).toBe(30);
    expect(gradeAsOf(t.backend.db, today, [id1]).get(id1)).toBe(20);
    expect(gradeAsOf(t.backend.db, yesterday, [idOf('420100005')]).get(idOf('420100005'))).toBe(8);

    t.call('imports.rollback', { batchId: r.batchId });
    expect(history()).toEqual([['420100001', 30, 0, 'before', 0]]);
    expect(gradeAsOf(t.backend.db, today, [id1]).get(id1)).toBe(30);
  });

  it('an edit of 档位 is dated today', () => {
    const id3 = idOf('420100003');
    const was = t.backend.db.prepare('SELECT grade FROM retailers WHERE id = ?').pluck().get(id3) as number;
    const to = was === 30 ? 29 : was + 1;
    t.call('masterdata.update', { entity: 'retailers', code: '420100003', changes: { grade: to } });
    expect(history().slice(1)).toEqual([
      ['420100003', was, 0, 'before', 0],
      ['420100003', to, today, 'edit', 0],
    ]);
    expect(gradeAsOf(t.backend.db, yesterday, [id3]).get(id3)).toBe(was);
    expect(gradeAsOf(t.backend.db, today, [id3]).get(id3)).toBe(to);
  });
});
