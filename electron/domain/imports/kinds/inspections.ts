/**
 * 检查记录 import (网建): 检查日期, 客户, 客户经理, 明码标价 / 卷烟陈列 / 终端形象
 * (合格 / 不合格 / blank = not checked), 信息采集 (是/否), 在柜规格 (spec codes,
 * for 上柜率), 备注. An inspection identical to one already imported is refused.
 */
import type { ImportKind, KindSession } from './types';
import { cellText, isBlank } from '../values';
import { batchDays, recordWriter, rowDay } from './dated';
import { managerLookup, parseCollected, parsePass, retailerLookup, splitCodes } from '../../network';

export interface InspectionRecord {
  day: number;
  retailerId: number;
  managerId: number | null;
  priceTag: 0 | 1 | null;
  display: 0 | 1 | null;
  image: 0 | 1 | null;
  info: 0 | 1;
  shelf: number[];
  note: string | null;
}

const fields = [
  { key: 'date', label: '检查日期', synonyms: ['检查日期', '检查时间', '日期'], required: true },
  { key: 'retailerCode', label: '客户编码', synonyms: ['客户编码', '客户代码', '零售户编码', '客户编号'] },
  { key: 'licence', label: '许可证号', synonyms: ['许可证号', '专卖许可证号', '许可证编号'] },
  { key: 'manager', label: '客户经理', synonyms: ['客户经理工号', '客户经理编码', '客户经理', '检查人', '工号'] },
  { key: 'priceTag', label: '明码标价', synonyms: ['明码标价', '明码标价检查', '明码标价情况'] },
  { key: 'display', label: '卷烟陈列', synonyms: ['卷烟陈列', '陈列', '陈列规范', '卷烟陈列检查'] },
  { key: 'image', label: '终端形象', synonyms: ['终端形象', '形象', '店面形象'] },
  { key: 'info', label: '信息采集', synonyms: ['信息采集', '信息采集完成', '是否采集'] },
  { key: 'shelf', label: '在柜规格', synonyms: ['在柜规格', '上柜规格', '在柜卷烟', '上柜卷烟编码', '在柜卷烟编码'] },
  { key: 'note', label: '备注', synonyms: ['备注', '说明', '检查情况'] },
];

export const inspectionsKind: ImportKind<InspectionRecord> = {
  kind: 'inspections',
  label: '检查记录',
  fields,
  requiredAny: [
    ['retailerCode', 'licence'],
    ['priceTag', 'display', 'image', 'info', 'shelf'],
  ],
  dated: true,
  open(ctx): KindSession<InspectionRecord> {
    const { db, batchId, options } = ctx;
    const retailer = retailerLookup(db);
    const manager = managerLookup(db);
    const products = new Map(
      (db.prepare('SELECT code, id FROM products').all() as { code: string; id: number }[]).map((p) => [p.code, p.id]),
    );
    const insert = db.prepare(
      'INSERT INTO inspection_records(batch_id, day, retailer_id, manager_id, price_tag, display, image, info_collected, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insShelf = db.prepare('INSERT OR IGNORE INTO inspection_shelf(inspection_id, product_id) VALUES (?, ?)');
    const existing = db.prepare(
      `SELECT batch_id AS batchId FROM inspection_records WHERE day = ? AND retailer_id = ? AND manager_id IS ? AND price_tag IS ? AND display IS ?
         AND image IS ? AND info_collected = ? AND note IS ? LIMIT 1`,
    );
    // the columns a record is written with and found again by
    const columns = (rec: InspectionRecord) =>
      [rec.day, rec.retailerId, rec.managerId, rec.priceTag, rec.display, rec.image, rec.info, rec.note] as const;
    return {
      check(row) {
        const d = rowDay(row, '检查日期', options.period);
        if (!d.ok) return d;
        const r = retailer(row.get('retailerCode'), row.get('licence'));
        if (!r.ok) return r;
        const m = manager(row.get('manager'));
        if (!m.ok) return m;
        const priceTag = parsePass(row.get('priceTag'), '明码标价');
        if (!priceTag.ok) return priceTag;
        const display = parsePass(row.get('display'), '卷烟陈列');
        if (!display.ok) return display;
        const image = parsePass(row.get('image'), '终端形象');
        if (!image.ok) return image;
        const info = parseCollected(row.get('info'));
        if (!info.ok) return info;
        const shelf: number[] = [];
        for (const code of splitCodes(row.get('shelf'))) {
          const id = products.get(code);
          if (id === undefined) return { ok: false, reason: `在柜规格中有未知的卷烟编码 ${code}` };
          if (!shelf.includes(id)) shelf.push(id);
        }
        if (
          priceTag.value === null &&
          display.value === null &&
          image.value === null &&
          info.value === 0 &&
          shelf.length === 0
        ) {
          return {
            ok: false,
            reason: '这一行没有任何检查结果（明码标价、卷烟陈列、终端形象、信息采集、在柜规格都为空）',
          };
        }
        const note = isBlank(row.get('note')) ? null : cellText(row.get('note')).slice(0, 500);
        return {
          ok: true,
          record: {
            day: d.value,
            retailerId: r.value.id,
            managerId: m.value.id ?? r.value.managerId,
            priceTag: priceTag.value,
            display: display.value,
            image: image.value,
            info: info.value,
            shelf,
            note,
          },
        };
      },
      ...recordWriter<InspectionRecord>('检查记录', {
        key: (rec) => JSON.stringify(rec),
        day: (rec) => rec.day,
        existing: (rec) => existing.get(...columns(rec)) as { batchId: number | null } | undefined,
        insert: (rec) => {
          const id = Number(insert.run(batchId, ...columns(rec)).lastInsertRowid);
          for (const pid of rec.shelf) insShelf.run(id, pid);
        },
      }),
    };
  },
  rollback(db, batchId) {
    const r = batchDays(db, 'inspection_records', batchId);
    db.prepare(
      'DELETE FROM inspection_shelf WHERE inspection_id IN (SELECT id FROM inspection_records WHERE batch_id = ?)',
    ).run(batchId);
    db.prepare('DELETE FROM inspection_records WHERE batch_id = ?').run(batchId);
    return r;
  },
};
