/**
 * 拜访记录 import (网建): 拜访日期, 客户 (编码 or 许可证号), 客户经理, 拜访方式
 * (实地/电话/网络), 拜访内容. A record identical to one already imported
 * (same day, retailer, manager, way and content) is refused, so importing the
 * same file twice never counts a visit twice.
 */
import type { ImportKind, KindSession } from './types';
import { cellText, dayToIso, isBlank, parseDay } from '../values';
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
    const seen = new Map<string, number>();
    let dayFrom = Infinity;
    let dayTo = -Infinity;
    return {
      check(row) {
        const d = parseDay(row.get('date'), '拜访日期', row.date1904);
        if (!d.ok) return d;
        if (d.value === null) return { ok: false, reason: '缺少拜访日期' };
        const day = d.value;
        const p = options.period;
        if (p && (day < p.from || day > p.to))
          return {
            ok: false,
            reason: `拜访日期 ${dayToIso(day)} 不在文件所述期间 ${dayToIso(p.from)} 至 ${dayToIso(p.to)} 内`,
          };
        const r = retailer(row.get('retailerCode'), row.get('licence'));
        if (!r.ok) return r;
        const m = manager(row.get('manager'));
        if (!m.ok) return m;
        const w = parseWay(row.get('way'));
        if (!w.ok) return w;
        const content = isBlank(row.get('content')) ? null : cellText(row.get('content')).slice(0, 500);
        // The retailer's own manager when the file does not say who visited.
        return { ok: true, record: [day, r.value.id, m.value.id ?? r.value.managerId, w.value, content] };
      },
      write(rec, rowNo) {
        const key = rec.join('\u0001');
        const first = seen.get(key);
        if (first !== undefined) return `与第 ${first} 行是同一条拜访记录`;
        const other = existing.get(rec[0], rec[1], rec[2], rec[3], rec[4]) as { batchId: number | null } | undefined;
        if (other) return `这条拜访记录已导入过（批次 #${other.batchId ?? '—'}）`;
        seen.set(key, rowNo);
        insert.run(batchId, ...rec);
        if (rec[0] < dayFrom) dayFrom = rec[0];
        if (rec[0] > dayTo) dayTo = rec[0];
        return null;
      },
      finish() {
        return seen.size ? { dayFrom, dayTo } : {};
      },
    };
  },
  rollback(db, batchId) {
    const r = db
      .prepare('SELECT MIN(day) AS dayFrom, MAX(day) AS dayTo FROM visit_records WHERE batch_id = ?')
      .get(batchId) as { dayFrom: number | null; dayTo: number | null };
    db.prepare('DELETE FROM visit_records WHERE batch_id = ?').run(batchId);
    return r;
  },
};
