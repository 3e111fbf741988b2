/**
 * 拜访记录 import (网建): 拜访日期, 客户 (编码 or 许可证号), 客户经理, 拜访方式
 * (实地/电话/网络), 拜访内容. A record identical to one already imported
 * (same day, retailer, manager, way and content) is refused, so importing the
 * same file twice never counts a visit twice.
 */
import type { ImportKind, KindSession } from './types';
import { cellText, isBlank } from '../values';
import { batchDays, recordWriter, rowDay } from './dated';
import { managerLookup, parseWay, retailerLookup } from '../../network';

/** [day, retailerId, managerId, way, content] */
export type VisitRecord = [number, number, number | null, string | null, string | null];

const fields = [
  { key: 'date', label: '拜访日期', synonyms: ['拜访日期', '拜访时间', '走访日期', '日期'], required: true },
  { key: 'retailerCode', label: '客户编码', synonyms: ['客户编码', '客户代码', '零售户编码', '客户编号'] },
  { key: 'licence', label: '许可证号', synonyms: ['许可证号', '专卖许可证号', '许可证编号'] },
  { key: 'manager', label: '客户经理', synonyms: ['客户经理工号', '客户经理编码', '客户经理', '拜访人', '工号'] },
  { key: 'way', label: '拜访方式', synonyms: ['拜访方式', '方式', '拜访类型'] },
  { key: 'content', label: '拜访内容', synonyms: ['拜访内容', '内容', '拜访记录', '备注'] },
];

export const visitsKind: ImportKind<VisitRecord> = {
  kind: 'visits',
  label: '拜访记录',
  fields,
  requiredAny: [['retailerCode', 'licence']],
  dated: true,
  open(ctx): KindSession<VisitRecord> {
    const { db, batchId, options } = ctx;
    const retailer = retailerLookup(db);
    const manager = managerLookup(db);
    const insert = db.prepare(
      'INSERT INTO visit_records(batch_id, day, retailer_id, manager_id, way, content) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const existing = db.prepare(
      `SELECT batch_id AS batchId FROM visit_records WHERE day = ? AND retailer_id = ? AND manager_id IS ? AND way IS ? AND content IS ? LIMIT 1`,
    );
    return {
      check(row) {
        const d = rowDay(row, '拜访日期', options.period);
        if (!d.ok) return d;
        const r = retailer(row.get('retailerCode'), row.get('licence'));
        if (!r.ok) return r;
        const m = manager(row.get('manager'));
        if (!m.ok) return m;
        const w = parseWay(row.get('way'));
        if (!w.ok) return w;
        const content = isBlank(row.get('content')) ? null : cellText(row.get('content')).slice(0, 500);
        // The retailer's own manager when the file does not say who visited.
        return { ok: true, record: [d.value, r.value.id, m.value.id ?? r.value.managerId, w.value, content] };
      },
      ...recordWriter<VisitRecord>('拜访记录', {
        key: (rec) => rec.join('\u0001'),
        day: (rec) => rec[0],
        existing: (rec) => existing.get(...rec) as { batchId: number | null } | undefined,
        insert: (rec) => insert.run(batchId, ...rec),
      }),
    };
  },
  rollback(db, batchId) {
    const r = batchDays(db, 'visit_records', batchId);
    db.prepare('DELETE FROM visit_records WHERE batch_id = ?').run(batchId);
    return r;
  },
};
