/**
 * The 审计日志 in a clerk's words: operations, records and fields in Chinese,
 * values in their units; the raw before/after kept for 「详细」.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { insertMasters } from '../reports/fixture';
import { actionLabel, describeChanges, formatValue, recordLabel } from '../../../electron/domain/audit/describe';

let tb: TestBackend;
beforeAll(() => {
  tb = testBackend();
  insertMasters(tb.backend.db);
});
afterAll(() => tb.close());

describe('审计日志 for people', () => {
  it('names the retailer, the operation and the field of a master edit, with the raw values behind', () => {
    tb.call('masterdata.update', { entity: 'retailers', code: '0001', changes: { grade: 12 } });
    const row = tb.call('audit.query', { module: 'masterdata' }).rows[0];
    expect(row.actionLabel).toBe('修改');
    expect(row.recordLabel).toBe('零售客户 甲商店（0001）');
    // the fixture's 甲商店 is 档位 10
    expect(row.changes).toEqual([{ label: '档位', before: '10', after: '12' }]);
    expect(row.changeText).toBe('档位：10 → 12');
    expect(row.before).toEqual({ grade: 10 });
  });

  it('names an action as its module means it: a plan sent back is 退回, an archive loan back is 归还', () => {
    expect(actionLabel('plans', 'return')).toBe('退回');
    expect(actionLabel('archive', 'return')).toBe('归还');
    expect(actionLabel('plans', 'approve')).toBe('审批通过');
    expect(actionLabel('plans', 'noSuchAction')).toBe('其他操作');
  });

  it('shows 条 as 箱, 分 as 元 or 万元, times as local dates, flags as 是/否', () => {
    expect(formatValue('targetTiao', 1250)).toBe('5.00 箱');
    expect(formatValue('wholesalePriceFen', 20000)).toBe('200.00 元');
    expect(formatValue('amountFen', 12_345_678)).toBe('12.35 万元');
    expect(formatValue('onSale', 1)).toBe('是');
    expect(formatValue('loginRequired', false)).toBe('否');
    expect(formatValue('size', 3 * 1048576)).toBe('3.0 MB');
    const at = new Date(2026, 2, 15, 14, 5).toISOString();
    expect(formatValue('lastBackupAt', at)).toBe('2026-03-15 14:05');
    expect(formatValue('fulfilmentBasis', 'lines')).toBe('按订单行');
  });

  it('never shows an English field name: unlabelled fields are counted and left to 「详细」', () => {
    const items = describeChanges(
      { size: 1024, someInternalFlag: 1 },
      { size: 2048, someInternalFlag: 2, attachmentsCopied: 3 },
    );
    expect(items).toEqual([
      { label: '大小', before: '1 KB', after: '2 KB' },
      { label: '复制的附件数', after: '3' },
      { label: '其他 1 项', after: '见详细' },
    ]);
    // units (KB, MB) are the only Latin letters allowed
    for (const i of items)
      expect(`${i.label}${i.before ?? ''}${i.after ?? ''}`.replace(/[KM]B/g, '')).not.toMatch(/[A-Za-z]/);
  });

  it('names users, batches, plans and unknown keys without guessing', () => {
    const db = tb.backend.db;
    expect(recordLabel(db, 'managers:1001', 'update')).toBe('客户经理 张三（1001）');
    expect(recordLabel(db, 'retailers:9999', 'update')).toBe('零售客户 9999');
    expect(recordLabel(db, 'retailers:25', 'batchUpdate')).toBe('零售客户 25 条');
    expect(recordLabel(db, 'batch:1', 'rollback')).toBe('导入批次 1（fixture.csv）');
    expect(recordLabel(db, 'settings', 'update')).toBe('设置');
  });
});
