import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { spawnWorker } from '../../../electron/api/spawn';

let t: TestBackend;
afterEach(() => t?.close());

const add = (input: Record<string, unknown>) =>
  t.call<{ id: number; number: string }>('archive.add', { kind: '收文', title: '测试文件', ...input });
const count = () => (t.backend.db.prepare('SELECT count(*) AS n FROM archive_docs').get() as { n: number }).n;

/** Runs concurrentAdds.worker.ts on its own thread and connection against the test's file. */
function inThread(data: Record<string, unknown>) {
  const script = path.join(import.meta.dirname, 'concurrentAdds.worker.ts');
  return new Promise<{ numbers: string[]; errors: string[] }>((resolve, reject) => {
    const w = spawnWorker(script, { dbPath: t.dbPath, dataDir: t.dir, ...data });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

describe('register numbering', () => {
  it('numbers each kind per year from 1, across two years, without gaps or duplicates', () => {
    t = testBackend();
    const got: string[] = [];
    // 2025, 2026, 2025, 2026, … interleaved; 收文 and 发文 mixed
    for (let i = 0; i < 6; i++) got.push(add({ date: i % 2 ? '2026-01-05' : '2025-12-28' }).number);
    got.push(add({ kind: '发文', date: '2026-02-01' }).number);
    got.push(add({ kind: '报送', date: '2026-02-01' }).number);
    got.push(add({ date: '2026-03-01' }).number);
    expect(got).toEqual([
      '收〔2025〕1号',
      '收〔2026〕1号',
      '收〔2025〕2号',
      '收〔2026〕2号',
      '收〔2025〕3号',
      '收〔2026〕3号',
      '客服〔2026〕1号',
      '报〔2026〕1号',
      '收〔2026〕4号',
    ]);
  });

  it('never reuses the number of a deleted entry', () => {
    t = testBackend();
    add({ date: '2026-01-01' });
    const b = add({ date: '2026-01-02' });
    t.call('archive.delete', { id: b.id, reason: '重复登记' });
    expect(add({ date: '2026-01-03' }).number).toBe('收〔2026〕3号');
  });

  it('uses the patterns and 机关代字 from Settings', () => {
    t = testBackend();
    t.call('settings.update', { archiveOrgAbbr: '县烟营', archiveInPattern: '收文{year}-{n}' });
    expect(add({ date: '2026-05-01' }).number).toBe('收文2026-1');
    expect(add({ kind: '发文', date: '2026-05-01' }).number).toBe('县烟营〔2026〕1号');
    expect(t.call('archive.nextNumbers', { year: 2026 })).toEqual({
      year: 2026,
      收文: '收文2026-2',
      发文: '县烟营〔2026〕2号',
      报送: '报〔2026〕1号',
    });
    expect(add({ date: '2026-05-02' }).number).toBe('收文2026-2');
    const r = t.result('settings.update', { archiveInPattern: '收〔{year}〕号' });
    expect(r.ok).toBe(false);
    expect(r.ok || r.error).toMatchObject({ message: expect.stringContaining('{n}') });
  });

  it('keeps numbers unique when two threads add to the same file at once', async () => {
    t = testBackend();
    t.close(); // the file now exists and is migrated; the threads open their own connections
    const [a, b] = await Promise.all([inThread({ count: 40, tag: '甲' }), inThread({ count: 40, tag: '乙' })]);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    const all = [...a.numbers, ...b.numbers];
    expect(new Set(all).size).toBe(80);
    for (const year of [2025, 2026]) {
      const seqs = all
        .filter((n) => n.includes(`〔${year}〕`))
        .map((n) => Number(/〕(\d+)号/.exec(n)![1]))
        .sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    }
    t = testBackend({ dbPath: t.dbPath, dataDir: t.dir });
  }, 60_000);

  it('gives 件号 without gaps or duplicates when two threads file into one group at once', async () => {
    t = testBackend();
    const ids = Array.from({ length: 60 }, (_, i) => add({ date: '2026-02-01', title: `文件${i}` }).id);
    t.close();
    const [a, b] = await Promise.all([
      inThread({ fileIds: ids.filter((_, i) => i % 2 === 0) }),
      inThread({ fileIds: ids.filter((_, i) => i % 2 === 1) }),
    ]);
    expect([...a.errors, ...b.errors]).toEqual([]);
    const items = [...a.numbers, ...b.numbers].map((n) => Number(n.slice(-4))).sort((x, y) => x - y);
    expect(items).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    t = testBackend({ dbPath: t.dbPath, dataDir: t.dir });
  }, 60_000);
});

describe('register entries', () => {
  it('refuses an empty title or an impossible date and stores nothing', () => {
    t = testBackend();
    const r1 = t.result('archive.add', { kind: '收文', title: '  ' });
    expect(r1.ok || r1.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('标题不能为空'),
    });
    const r2 = t.result('archive.add', { kind: '收文', title: '通知', date: '2026-02-30' });
    expect(r2.ok || r2.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('YYYY-MM-DD') });
    const r3 = t.result('archive.add', { kind: '请示', title: '通知' });
    expect(r3.ok).toBe(false);
    const r4 = t.result('archive.add', { kind: '收文', title: '通知', colour: 'red' });
    expect(r4.ok || r4.error).toMatchObject({ message: expect.stringContaining('colour') });
    expect(count()).toBe(0);
    expect((t.backend.db.prepare('SELECT count(*) AS n FROM archive_sequences').get() as { n: number }).n).toBe(0);
  });

  it('records 来文 fields, 传阅 and the status flow, each change in the audit log', () => {
    t = testBackend();
    const { id } = add({
      title: '关于春节期间市场检查的通知',
      fromOrg: '市局专卖科',
      docNo: '专〔2026〕7号',
      date: '2026-01-20',
      dueDate: '2026-01-31',
      handler: '李娜',
    });
    t.call('archive.setStatus', { id, status: '已阅' });
    t.call('archive.addRead', { docId: id, reader: '王主任', readOn: '2026-01-21', comment: '请客服部落实' });
    t.call('archive.update', { id, instruction: '按通知要求组织检查' });
    t.call('archive.setStatus', { id, status: '办结' });
    const bad = t.result('archive.setStatus', { id, status: '待处理' });
    expect(bad.ok || bad.error).toMatchObject({ code: 'invalid_status' });
    const d = t.call('archive.get', { id });
    expect(d.doc).toMatchObject({
      number: '收〔2026〕1号',
      fromOrg: '市局专卖科',
      docNo: '专〔2026〕7号',
      status: '办结',
      instruction: '按通知要求组织检查',
      dueDate: '2026-01-31',
    });
    expect(d.reads).toEqual([{ id: 1, docId: id, reader: '王主任', readOn: '2026-01-21', comment: '请客服部落实' }]);
    expect(d.history.map((h: { action: string }) => h.action)).toEqual(['add', 'status', 'read', 'update', 'status']);
  });

  it('refuses changing a date into another year than its number', () => {
    t = testBackend();
    const { id } = add({ date: '2026-01-02' });
    const r = t.result('archive.update', { id, date: '2025-12-31' });
    expect(r.ok || r.error).toMatchObject({ code: 'date_year_mismatch' });
    expect(t.call('archive.get', { id }).doc.date).toBe('2026-01-02');
  });

  it('refuses to delete or change a filed item, and says why', () => {
    t = testBackend();
    const { id } = add({ date: '2026-03-01' });
    t.call('archive.file', { id, retention: 'D10' });
    const del = t.result('archive.delete', { id });
    expect(del.ok || del.error).toMatchObject({
      code: 'filed_item_locked',
      message: expect.stringContaining('0194-WS·2026-D10-KFB-0001'),
    });
    const upd = t.result('archive.update', { id, title: '改' });
    expect(upd.ok || upd.error).toMatchObject({ code: 'filed_item_locked' });
    expect(count()).toBe(1);
    const actions = t.backend.db
      .prepare(`SELECT action FROM audit_log WHERE module = 'archive' ORDER BY id`)
      .all()
      .map((r: any) => r.action);
    expect(actions).toEqual(['add', 'file']);
  });
});
