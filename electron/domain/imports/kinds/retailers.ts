/** 零售客户 import: upserted by 客户编码. */
import type { ImportKind, RowView } from './types';
import { managerLookup } from '../../network';
import { openMasterSession, readName, rollbackMasters, type MasterRecord, type MasterSpec } from './master';
import {
  forgetBatchGrades,
  gradeDayToday,
  normaliseCategory,
  normaliseFlag,
  normaliseGrade,
  recordGrades,
  type Category,
} from '../../masterdata';
import { cellText, codeText, dayToIso, isBlank, parseDay } from '../values';

const fields = [
  { key: 'code', label: '客户编码', synonyms: ['客户编码', '客户代码', '零售户编码', '客户编号'], required: true },
  { key: 'licence', label: '许可证号', synonyms: ['许可证号', '专卖许可证号', '许可证编号'] },
  { key: 'name', label: '客户名称', synonyms: ['客户名称', '店名', '零售户名称', '商户名称'] },
  { key: 'owner', label: '负责人', synonyms: ['负责人', '经营者', '法人', '业主'] },
  { key: 'phone', label: '电话', synonyms: ['联系电话', '电话', '手机号', '手机号码'] },
  { key: 'address', label: '地址', synonyms: ['经营地址', '地址', '店铺地址'] },
  { key: 'format', label: '经营业态', synonyms: ['经营业态', '业态'] },
  { key: 'area', label: '城乡分类', synonyms: ['城乡分类', '城乡', '市场类型'] },
  { key: 'route', label: '线路编码', synonyms: ['线路编码', '线路', '线路代码', '送货线路'] },
  { key: 'manager', label: '客户经理', synonyms: ['客户经理工号', '客户经理编码', '客户经理'] },
  { key: 'grade', label: '档位', synonyms: ['档位', '客户档位'] },
  { key: 'orderMethod', label: '订货方式', synonyms: ['订货方式'] },
  { key: 'settlement', label: '结算方式', synonyms: ['结算方式'] },
  { key: 'status', label: '经营状态', synonyms: ['经营状态', '状态', '客户状态'] },
  { key: 'modern', label: '现代终端', synonyms: ['现代终端', '是否现代终端'] },
  { key: 'joined', label: '加入日期', synonyms: ['加入日期', '建档日期', '入网日期'], date: true },
];

const categoryColumns: [string, Category, string][] = [
  ['format', 'format', 'format'],
  ['area', 'area', 'area'],
  ['orderMethod', 'orderMethod', 'order_method'],
  ['settlement', 'settlement', 'settlement'],
];

/** What the shared master session and rollback need to know of 客户. */
const MASTER = {
  kind: 'retailers',
  table: 'retailers',
  codeLabel: '客户编码',
  noun: '客户',
  codeField: 'code',
} as const;

export const retailersKind: ImportKind<MasterRecord> = {
  kind: 'retailers',
  label: '零售客户',
  fields,
  open(ctx) {
    const routes = new Map<string, { id: number; managerId: number | null }>();
    for (const r of ctx.db.prepare('SELECT id, code, manager_id AS managerId FROM routes').all() as {
      id: number;
      code: string;
      managerId: number | null;
    }[]) {
      routes.set(r.code, r);
    }
    const manager = managerLookup(ctx.db);
    const spec: MasterSpec = {
      ...MASTER,
      read(row: RowView, exists: boolean) {
        const v: Record<string, unknown> = {};
        const text = (k: string) => (isBlank(row.get(k)) ? null : cellText(row.get(k)));
        const named = readName(row, exists, v, '客户名称', '客户');
        if (named) return named;
        if (row.has('licence')) v.licence_no = isBlank(row.get('licence')) ? null : codeText(row.get('licence'));
        if (row.has('owner')) v.owner = text('owner');
        if (row.has('phone')) v.phone = isBlank(row.get('phone')) ? null : codeText(row.get('phone'));
        if (row.has('address')) v.address = text('address');
        for (const [key, cat, col] of categoryColumns) {
          if (!row.has(key)) continue;
          const c = normaliseCategory(cat, row.get(key));
          if (!c.ok) return c;
          v[col] = c.value;
        }
        if (row.has('status')) {
          const c = normaliseCategory('status', row.get('status'));
          if (!c.ok) return c;
          if (c.value === null) return { ok: false, reason: '缺少经营状态' };
          v.status = c.value;
        }
        if (row.has('grade')) {
          const g = normaliseGrade(row.get('grade'));
          if (!g.ok) return g;
          v.grade = g.value;
        }
        if (row.has('modern')) {
          const f = normaliseFlag(row.get('modern'), '现代终端');
          if (!f.ok) return f;
          v.modern_terminal = f.value ?? 0;
        }
        if (row.has('joined')) {
          const d = parseDay(row.get('joined'), '加入日期', row.date1904);
          if (!d.ok) return d;
          v.joined_date = d.value === null ? null : dayToIso(d.value);
        }
        let routeManager: number | null | undefined;
        if (row.has('route')) {
          if (isBlank(row.get('route'))) v.route_id = null;
          else {
            const code = codeText(row.get('route'));
            const r = routes.get(code);
            if (!r) return { ok: false, reason: `未知的线路编码 ${code}` };
            v.route_id = r.id;
            routeManager = r.managerId;
          }
        }
        if (row.has('manager') && !isBlank(row.get('manager'))) {
          const m = manager(row.get('manager'));
          if (!m.ok) return m;
          v.manager_id = m.value.id;
        } else if (row.has('manager')) v.manager_id = routeManager ?? null;
        else if (routeManager !== undefined) v.manager_id = routeManager;
        return { ok: true, record: v };
      },
    };
    const session = openMasterSession(spec, ctx);
    if (ctx.preview) return session;
    // An imported 档位 that changes a known retailer's grade is dated today in the grade history
    // (masterdata/gradeHistory.ts); a new retailer's first grade needs no history.
    const gradeOf = ctx.db.prepare('SELECT id, grade FROM retailers WHERE code = ?');
    const day = gradeDayToday();
    return {
      ...session,
      write(rec, row) {
        const before = 'grade' in rec.values ? (gradeOf.get(rec.code) as { id: number; grade: number | null }) : null;
        const refused = session.write(rec, row);
        if (refused === null && before && before.grade !== rec.values.grade)
          recordGrades(
            ctx.db,
            [{ retailerId: before.id, grade: rec.values.grade as number | null, previous: before.grade }],
            day,
            'import',
            { batchId: ctx.batchId },
          );
        return refused;
      },
    };
  },
  rollback(db, batchId) {
    rollbackMasters(db, batchId, MASTER);
    forgetBatchGrades(db, batchId);
    return {};
  },
};
