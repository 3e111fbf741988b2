/** 线路 import: upserted by 线路编码. */
import type { ImportKind, RowView } from './types';
import { managerLookup } from '../../network';
import { openMasterSession, readName, rollbackMasters, type MasterRecord } from './master';
import { cellText, isBlank, parseDecimal } from '../values';

const fields = [
  { key: 'code', label: '线路编码', synonyms: ['线路编码', '线路代码'], required: true },
  { key: 'name', label: '线路名称', synonyms: ['线路名称', '线路'] },
  { key: 'manager', label: '客户经理工号', synonyms: ['客户经理工号', '客户经理编码', '客户经理', '工号'] },
  { key: 'mileage', label: '里程(公里)', synonyms: ['里程', '线路距离', '里程数'] },
  { key: 'visitCycle', label: '拜访周期', synonyms: ['拜访周期', '送货周期'] },
];

export const routesKind: ImportKind<MasterRecord> = {
  kind: 'routes',
  label: '线路',
  fields,
  open(ctx) {
    const manager = managerLookup(ctx.db);
    return openMasterSession(
      {
        kind: 'routes',
        table: 'routes',
        codeLabel: '线路编码',
        noun: '线路',
        codeField: 'code',
        read(row: RowView, exists: boolean) {
          const v: Record<string, unknown> = {};
          const named = readName(row, exists, v, '线路名称', '线路');
          if (named) return named;
          if (row.has('manager')) {
            if (isBlank(row.get('manager'))) v.manager_id = null;
            else {
              const m = manager(row.get('manager'));
              if (!m.ok) return m;
              v.manager_id = m.value.id;
            }
          }
          if (row.has('mileage')) {
            const m = parseDecimal(row.get('mileage'));
            if (m === 'bad' || (typeof m === 'number' && m < 0))
              return { ok: false, reason: `里程“${cellText(row.get('mileage'))}”应为非负数字` };
            v.mileage_km = m;
          }
          if (row.has('visitCycle'))
            v.visit_cycle = isBlank(row.get('visitCycle')) ? null : cellText(row.get('visitCycle'));
          return { ok: true, record: v };
        },
      },
      ctx,
    );
  },
  rollback(db, batchId) {
    rollbackMasters(db, batchId, { kind: 'routes', table: 'routes', noun: '线路', codeLabel: '线路编码' });
    return {};
  },
};
