/**
 * 新增 and 停用 of single master records: the same checks as a grid edit or an import,
 * nothing written on a refusal, 停用 soft (the record stays) and no longer counted where
 * DOMAIN.md counts it, each step in the audit log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { importMasters } from './fixtures';

let t: TestBackend;
beforeEach(() => {
  t = testBackend();
  importMasters(t);
});
afterEach(() => t.close());

const count = (table: string) => t.backend.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const audit = (action: string) =>
  t.backend.db
    .prepare("SELECT record, before, after FROM audit_log WHERE module = 'masterdata' AND action = ? ORDER BY id")
    .all(action) as { record: string; before: string | null; after: string | null }[];
const row = (list: { rows: Record<string, unknown>[] }, code: string) => list.rows.find((r) => r.code === code)!;

describe('新增', () => {
  it('refuses a typo with a Chinese reason per field and writes nothing', () => {
    const before = count('retailers');
    const typo = t.result('masterdata.create', {
      entity: 'retailers',
      code: '420100009',
      fields: { name: '新开便利店', routeCode: 'R01', grade: '十二' },
    });
    expect(typo).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
    expect(typo.error!.message).toBe('档位“十二”应为1–30的整数');
    // two problems at once: a code with a space and 档位 31; both named, neither written
    const two = t.result('masterdata.create', {
      entity: 'retailers',
      code: '4201 0009',
      fields: { name: '新开便利店', grade: 31, format: '批发部' },
    });
    expect(two).toMatchObject({ ok: false, error: { code: 'invalid_code' } });
    expect(two.error!.message).toMatch(/^有 3 处需要改正/);
    expect(Object.keys((two.error!.details as { fields: object }).fields).sort()).toEqual(['code', 'format', 'grade']);
    const dup = t.result('masterdata.create', { entity: 'retailers', code: '420100001', fields: { name: '重名' } });
    expect(dup).toMatchObject({
      ok: false,
      error: { code: 'duplicate_code', message: '已有客户编码为 420100001 的零售客户' },
    });
    const noName = t.result('masterdata.create', { entity: 'managers', code: 'M09', fields: {} });
    expect(noName).toMatchObject({ ok: false, error: { code: 'invalid_value', message: '姓名不能为空' } });
    expect(count('retailers')).toBe(before);
    expect(count('managers')).toBe(3);
    expect(audit('create')).toEqual([]);
  });

  it('adds a retailer with the import spellings normalised, counted at once, and audited', () => {
    // licensed before: 001, 002, 003 (004 is 注销) = 3; operating (正常) 001, 002 = 2
    const s0 = t.call('masterdata.customerStructure', { asOf: '2026-03-31' });
    expect([s0.licensed, s0.operating]).toEqual([3, 2]);
    const rec = t.call('masterdata.create', {
      entity: 'retailers',
      code: ' 420100009 ',
      fields: { name: '新开便利店', routeCode: 'R01', grade: 'D12', format: '烟酒商店', area: '县城', owner: '' },
    });
    // status defaults to 正常; the owner of R01 is M01 (张伟)
    expect(rec).toMatchObject({
      code: '420100009',
      name: '新开便利店',
      grade: 12,
      format: '烟酒店',
      area: '城镇',
      routeCode: 'R01',
      managerCode: 'M01',
      status: '正常',
      owner: null,
    });
    const s1 = t.call('masterdata.customerStructure', { asOf: '2026-03-31' });
    expect([s1.licensed, s1.operating]).toEqual([4, 3]);
    const routes = t.call('masterdata.list', { entity: 'routes' });
    expect(row(routes, 'R01').licensedRetailers).toBe(3);
    const a = audit('create');
    expect(a).toHaveLength(1);
    expect(a[0].record).toBe('retailers:420100009');
    expect(JSON.parse(a[0].after!)).toMatchObject({ code: '420100009', grade: 12, status: '正常' });
    // a product: 调拨价 45.00 元 → 三类 (30–<70)
    const p = t.call('masterdata.create', {
      entity: 'products',
      code: '6901028000009',
      fields: { name: '黄金叶(天叶)', transferPriceFen: 4500 },
    });
    expect(p).toMatchObject({ priceClass: '三类', onSale: 1, lowTar: 0 });
  });
});

describe('停用', () => {
  it('a stopped retailer is 注销: it leaves 持证 and 正常经营 counts, stays in the grid, and can be started again', () => {
    const t0 = t.call('masterdata.list', { entity: 'routes' });
    const m0 = t.call('masterdata.list', { entity: 'managers' });
    expect(row(t0, 'R01').licensedRetailers).toBe(2);
    expect(row(m0, 'M01').licensedRetailers).toBe(2);
    const r = t.call('masterdata.setActive', { entity: 'retailers', codes: ['420100001'], active: false });
    expect(r).toEqual({ changed: 1, label: '零售客户' });
    expect(row(t.call('masterdata.list', { entity: 'routes' }), 'R01').licensedRetailers).toBe(1);
    expect(row(t.call('masterdata.list', { entity: 'managers' }), 'M01').licensedRetailers).toBe(1);
    const s = t.call('masterdata.customerStructure', { asOf: '2026-03-31' });
    expect([s.licensed, s.operating]).toEqual([2, 1]);
    expect(count('retailers')).toBe(4);
    expect(row(t.call('masterdata.list', { entity: 'retailers' }), '420100001').status).toBe('注销');
    // stopping it again changes nothing; 启用 puts it back to 正常
    expect(t.call('masterdata.setActive', { entity: 'retailers', codes: ['420100001'], active: false }).changed).toBe(
      0,
    );
    t.call('masterdata.setActive', { entity: 'retailers', codes: ['420100001'], active: true });
    expect(t.call('masterdata.customerStructure', { asOf: '2026-03-31' }).operating).toBe(2);
    const d = audit('deactivate');
    expect(d).toHaveLength(2);
    expect(JSON.parse(d[0].before!)).toEqual([{ code: '420100001', status: '正常' }]);
    expect(JSON.parse(d[0].after!)).toMatchObject({ status: '注销', changed: 1 });
    expect(audit('reactivate')).toHaveLength(1);
  });

  it('a route serving licensed retailers cannot stop; once empty it stops and leaves the lists', () => {
    // R02: 003 (暂停, licensed) and 004 (注销)
    const busy = t.result('masterdata.setActive', { entity: 'routes', codes: ['R02'], active: false });
    expect(busy).toMatchObject({ ok: false, error: { code: 'still_in_use' } });
    expect(busy.error!.message).toContain('R02（1 户持证客户）');
    expect(row(t.call('masterdata.list', { entity: 'routes' }), 'R02').active).toBe(1);
    t.call('masterdata.setActive', { entity: 'retailers', codes: ['420100003'], active: false });
    expect(row(t.call('masterdata.list', { entity: 'managers' }), 'M02').routes).toBe(1);
    t.call('masterdata.setActive', { entity: 'routes', codes: ['R02'], active: false });
    expect(row(t.call('masterdata.list', { entity: 'routes' }), 'R02').active).toBe(0);
    expect(row(t.call('masterdata.list', { entity: 'managers' }), 'M02').routes).toBe(0);
    expect(t.call('masterdata.options', {}).routes.map((x: { code: string }) => x.code)).toEqual(['R01']);
    const moved = t.result('masterdata.update', {
      entity: 'retailers',
      code: '420100002',
      changes: { routeCode: 'R02' },
    });
    expect(moved).toMatchObject({ ok: false, error: { code: 'invalid_value' } });
    expect(moved.error!.message).toContain('线路 R02 已停用');
    const unknown = t.result('masterdata.setActive', { entity: 'routes', codes: ['R09'], active: false });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_record' } });
  });

  it('a 离岗 manager leaves the 队伍结构 count; a product no longer 在销', () => {
    expect(t.call('masterdata.managerStructure', { asOf: '2026-03-31' }).count).toBe(3);
    t.call('masterdata.setActive', { entity: 'managers', codes: ['M03'], active: false });
    expect(t.call('masterdata.managerStructure', { asOf: '2026-03-31' }).count).toBe(2);
    t.call('masterdata.setActive', { entity: 'products', codes: ['6901028000002'], active: false });
    expect(row(t.call('masterdata.list', { entity: 'products' }), '6901028000002').onSale).toBe(0);
  });
});
