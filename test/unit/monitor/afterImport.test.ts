/**
 * The 内管 scan after an orders import: a job of its own (monitor.scanImported), started once the
 * import has committed and reported done, over the dates the file wrote (not over older days);
 * the import's result names it, and a scan that fails or is cancelled leaves the import in place.
 *
 * Masters: the import fixtures (retailer 420100004 is 注销, 420100003 暂停, the others 正常).
 * File 1: 2026-03-02, lines of 420100001 (2 条) and 420100004 (3 条 of 6901028000002)
 *   → 非正常经营订货 420100004 on 03-02 (3 条); nothing else fires: no earlier order dates
 *     (订量突增), no 重点监管 set (紧俏集中 skipped with a note), and 超档位: 420100001 is the only
 *     正常 retailer of 档位 30 (median 2, 2 < 3 × 2), 档位 12 of 420100004 has no 正常 peer.
 * A line of 420100004 on 2026-02-10 is then written straight into the table (no import):
 * File 2: 2026-03-09, 420100004 4 条 → a warning on 03-09; the 02-10 line is never scanned.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { importMasters, masterFiles, writeCsv } from '../masterdata/fixtures';

let t: TestBackend;

beforeEach(() => {
  t = testBackend();
  importMasters(t);
});
afterEach(() => t.close());

const HEAD = ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价'];
const ordersFile = (name: string, rows: (string | number)[][]) => writeCsv(path.join(t.dir, name), [HEAD, ...rows]);

const warnings = () =>
  t
    .call('monitor.list', {})
    .rows.map((w: any) => `${w.rule} ${w.retailer} ${w.spec ?? '-'} ${w.day} ${w.valueTiao}`)
    .sort();

/** The end event of a job by id, among the events of the last t.job call. */
const endOf = (jobId: string) =>
  t.events.find((e) => e.jobId === jobId && (e.type === 'done' || e.type === 'failed' || e.type === 'cancelled'));

it('scans the dates an orders import wrote in a job started after the import reported done', () => {
  const file1 = ordersFile('o1.csv', [
    ['2026-03-02', 'A1', '420100001', '6901028000001', 2, '190.80'],
    ['2026-03-02', 'A2', '420100004', '6901028000002', 3, '62.54'],
  ]);
  const end = t.job('imports.run', { kind: 'orders', file: file1 });
  expect(end.type).toBe('done');
  const result = (end as any).result;
  expect(result.rowsImported).toBe(2);
  expect(result.followUps).toHaveLength(1);
  const scan = result.followUps[0];
  expect(scan).toMatchObject({ label: '内管预警检查', name: 'monitor.scanImported' });
  // the import's done event goes out before the scan starts
  const order = t.events.filter((e) => e.type !== 'progress').map((e) => `${e.name} ${e.type}`);
  expect(order).toEqual([
    'imports.run started',
    'imports.run done',
    'monitor.scanImported started',
    'monitor.scanImported done',
  ]);
  expect(t.events.find((e) => e.jobId === scan.jobId && e.type === 'started')).toBeDefined();
  const scanEnd = endOf(scan.jobId) as any;
  expect(scanEnd.result.message).toContain('已检查 2026-03-02 的订单：1 条内管预警，其中新增 1 条');
  expect(scanEnd.result).toMatchObject({ found: 1, added: 1 });
  expect(warnings()).toEqual(['inactive 420100004 6901028000002 2026-03-02 3']);
  // the scan has its own audit row besides the import's
  const audit = t.backend.db
    .prepare("SELECT method, action FROM audit_log WHERE module = 'monitor' ORDER BY id")
    .all() as any[];
  expect(audit).toEqual([{ method: 'monitor.scanImported', action: 'scan' }]);

  t.backend.db
    .exec(`INSERT INTO order_lines(batch_id, day, order_no, retailer_id, product_id, demand_tiao, qty_tiao, price_fen, amount_fen)
    SELECT MAX(id), 20260210, 'X', (SELECT id FROM retailers WHERE code = '420100004'), (SELECT id FROM products WHERE code = '6901028000003'), 5, 5, 2544, 12720 FROM import_batches`);
  const file2 = ordersFile('o2.csv', [['2026-03-09', 'B1', '420100004', '6901028000002', 4, '62.54']]);
  const second = t.job('imports.run', { kind: 'orders', file: file2 });
  const scan2 = endOf((second as any).result.followUps[0].jobId) as any;
  expect(scan2.result.message).toContain('已检查 2026-03-09 的订单');
  expect(warnings()).toEqual([
    'inactive 420100004 6901028000002 2026-03-02 3',
    'inactive 420100004 6901028000002 2026-03-09 4',
  ]);
});

it('a scan that fails keeps the import, writes no warning, is logged and ends as failed', () => {
  // A fault inside the scan's writes: every insert of a warning is refused.
  t.backend.db.exec(
    "CREATE TRIGGER refuse_warnings BEFORE INSERT ON monitor_warnings BEGIN SELECT RAISE(ABORT, '磁盘写入失败'); END;",
  );
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    const file = ordersFile('o1.csv', [['2026-03-02', 'A2', '420100004', '6901028000002', 3, '62.54']]);
    const end = t.job('imports.run', { kind: 'orders', file });
    expect(end.type).toBe('done');
    const r = (end as any).result;
    expect(r.rowsImported).toBe(1);
    const scanEnd = endOf(r.followUps[0].jobId) as any;
    expect(scanEnd.type).toBe('failed');
    expect(scanEnd.error.message).toBe('磁盘写入失败，未做任何修改');
    expect(logged).toHaveBeenCalledTimes(1);
    expect(String(logged.mock.calls[0][0])).toContain('内管预警检查');
  } finally {
    logged.mockRestore();
  }
  const db = t.backend.db;
  expect(db.prepare('SELECT COUNT(*) FROM order_lines WHERE day = 20260302').pluck().get()).toBe(1);
  expect(db.prepare("SELECT COUNT(*) FROM import_batches WHERE kind = 'orders'").pluck().get()).toBe(1);
  expect(db.prepare('SELECT COUNT(*) FROM monitor_warnings').pluck().get()).toBe(0);
  expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE module = 'monitor'").pluck().get()).toBe(0);
  // Once the fault is gone, scanning those dates from the page finds the warning.
  db.exec('DROP TRIGGER refuse_warnings');
  expect(t.call('monitor.scan', { from: '2026-03-02', to: '2026-03-02' }).found).toBe(1);
});

it('a scan cancelled while it runs keeps the import and writes no warning', () => {
  const t2 = testBackend({
    dataDir: t.dir,
    dbPath: t.dbPath,
    onJobEvent: (e) => {
      // the clerk presses 取消检查 as soon as the scan has started
      if (e.name === 'monitor.scanImported' && e.type === 'started')
        t2.backend.call('jobs.cancel', { jobId: e.jobId }, { via: 'cli' });
      t2.events.push(e);
    },
  });
  try {
    const file = ordersFile('o1.csv', [['2026-03-02', 'A2', '420100004', '6901028000002', 3, '62.54']]);
    const end = t2.job('imports.run', { kind: 'orders', file });
    expect(end.type).toBe('done');
    const id = (end as any).result.followUps[0].jobId;
    expect(t2.events.find((e) => e.jobId === id && e.type !== 'started' && e.type !== 'progress')?.type).toBe(
      'cancelled',
    );
    const db = t2.backend.db;
    expect(db.prepare('SELECT COUNT(*) FROM order_lines WHERE day = 20260302').pluck().get()).toBe(1);
    expect(db.prepare('SELECT COUNT(*) FROM monitor_warnings').pluck().get()).toBe(0);
    expect(db.prepare("SELECT COUNT(*) FROM audit_log WHERE module = 'monitor'").pluck().get()).toBe(0);
  } finally {
    t2.close();
  }
});

it('a file of other kinds (retailers) starts no follow-up job', () => {
  const f = masterFiles(t.dir);
  const end = t.job('imports.run', { kind: 'retailers', file: f.retailers });
  expect((end as any).result.followUps).toBeUndefined();
  expect(t.events.some((e) => e.name === 'monitor.scanImported')).toBe(false);
});
