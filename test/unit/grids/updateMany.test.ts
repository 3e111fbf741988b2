import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { masterFiles } from '../masterdata/fixtures';
import { changeText, describeChanges, recordLabel } from '../../../electron/domain/audit/describe';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  const f = masterFiles(t.dir);
  for (const kind of ['managers', 'routes', 'retailers'] as const) {
    expect(t.job('imports.run', { kind, file: f[kind] }).type).toBe('done');
  }
});
afterEach(() => t.close());

const grades = () =>
  t.backend.db.prepare('SELECT code, grade, owner FROM retailers ORDER BY code').all() as {
    code: string;
    grade: number | null;
    owner: string | null;
  }[];

describe('masterdata.updateMany (a paste, fill or undo in a master grid)', () => {
  it('writes different values to many records in one step, with one audit row', () => {
    const before = grades();
    const r = t.call('masterdata.updateMany', {
      entity: 'retailers',
      rows: [
        { code: '420100001', changes: { grade: 7, owner: '甲' } },
        { code: '420100003', changes: { grade: 'D9' } },
      ],
    });
    expect(r).toEqual({ updated: 2, changed: 2, label: '零售客户' });
    expect(grades()).toEqual([
      { code: '420100001', grade: 7, owner: '甲' },
      before[1],
      { ...before[2], grade: 9 },
      before[3],
    ]);
    const audit = t.backend.db
      .prepare("SELECT record FROM audit_log WHERE module = 'masterdata' AND action = 'updateMany'")
      .pluck()
      .all();
    expect(audit).toEqual(['retailers:2']);
    // the audit log in a clerk's words: the records and each changed field under its code
    const row = t.backend.db
      .prepare("SELECT record, before AS b, after AS a FROM audit_log WHERE action = 'updateMany'")
      .get() as { record: string; b: string; a: string };
    expect(recordLabel(t.backend.db, row.record, 'updateMany')).toBe('零售客户 2 条');
    expect(changeText(describeChanges(JSON.parse(row.b), JSON.parse(row.a)))).toBe(
      `420100001 档位：${before[0].grade} → 7；420100001 负责人：${before[0].owner ?? '（空）'} → 甲；420100003 档位：${before[2].grade} → 9`,
    );
  });

  it('is all or nothing: one bad value (or unknown code) changes no record', () => {
    const before = grades();
    const bad = t.result('masterdata.updateMany', {
      entity: 'retailers',
      rows: [
        { code: '420100001', changes: { grade: 3 } },
        { code: '420100002', changes: { grade: '十二' } },
      ],
    });
    expect(bad).toMatchObject({ ok: false });
    expect((bad as { error: { message: string } }).error.message).toContain('十二');
    const missing = t.result('masterdata.updateMany', {
      entity: 'retailers',
      rows: [
        { code: '420100001', changes: { grade: 3 } },
        { code: 'NOPE', changes: { grade: 4 } },
      ],
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'unknown_record' } });
    expect(grades()).toEqual(before);
  });
});
