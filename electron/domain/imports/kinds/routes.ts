/** 线路 import: upserted by 线路编码. */
import type { RowView } from './types';
import { managerLookup } from '../../network';
import { masterKind } from './master';
import { cellText, isBlank, parseDecimal } from '../values';

const fields = [
  { key: 'code', label: '线路编码', synonyms: ['线路编码', '线路代码'], required: true },
  { key: 'name', label: '线路名称', synonyms: ['线路名称', '线路'] },
  { key: 'manager', label: '客户经理工号', synonyms: ['客户经理工号', '客户经理编码', '客户经理', '工号'] },
  { key: 'mileage', label: '里程(公里)', synonyms: ['里程', '线路距离', '里程数'] },
  { key: 'visitCycle', label: '拜访周期', synonyms: ['拜访周期', '送货周期'] },
];

export const routesKind = masterKind({
  kind: 'routes',
  table: 'routes',
  codeLabel: '线路编码',
  noun: '线路',
  codeField: 'code',
  label: '线路',
  fields,
  nameLabel: '线路名称',
  columns: (ctx) => {
    const manager = managerLookup(ctx.db);
    return (row: RowView, v: Record<string, unknown>) => {
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
      return null;
    };
  },
});
