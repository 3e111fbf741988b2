import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../../../electron/api/errors';
import { method, type MethodMap } from '../../../electron/api/define';
import { testBackend } from '../../helpers/backend';
import { office } from './setup';

// Dates in the filter are the clerk's calendar days (China Standard Time).
process.env.TZ = 'Asia/Shanghai';

const ledger = {
  methods: {
    /** Changes a row and audits it, then fails when asked to. */
    'ledger.set': method({
      input: z.object({ key: z.string(), value: z.number(), fail: z.boolean().default(false) }).strict(),
      perm: 'edit',
      write: true,
      handler: (ctx, input) => {
        ctx.db.exec('CREATE TABLE IF NOT EXISTS ledger(key TEXT PRIMARY KEY, value INTEGER)');
        const before = ctx.db.prepare('SELECT value FROM ledger WHERE key = ?').get(input.key) as
          { value: number } | undefined;
        ctx.db
          .prepare('INSERT INTO ledger(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(input.key, input.value);
        ctx.audit({
          module: 'ledger',
          action: 'set',
          record: `ledger:${input.key}`,
          before: before ?? null,
          after: { value: input.value },
        });
        if (input.fail) throw new AppError('invalid_value', '金额超出范围，未做任何修改');
        return { ok: true };
      },
    }),
    /** A write that writes no audit entry of its own. */
    'ledger.note': method({
      input: z.object({ text: z.string(), secretPassword: z.string() }).strict(),
      perm: 'edit',
      write: true,
      handler: () => ({ ok: true }),
    }),
    /** A handler that tries to cover its tracks. */
    'ledger.tamper': method({
      input: z.object({ how: z.enum(['update', 'delete']) }).strict(),
      perm: 'edit',
      write: true,
      handler: (ctx, input) => {
        ctx.db.exec('CREATE TABLE IF NOT EXISTS ledger(key TEXT PRIMARY KEY, value INTEGER)');
        ctx.db.prepare("INSERT INTO ledger(key, value) VALUES ('tamper', 1)").run();
        if (input.how === 'update') ctx.db.prepare("UPDATE audit_log SET user_login = 'nobody'").run();
        else ctx.db.prepare('DELETE FROM audit_log').run();
        return { ok: true };
      },
    }),
  } satisfies MethodMap,
};

describe('audit log', () => {
  it('writes who, when, which method, which record and the values before and after, with the change', () => {
    const o = office({ extraModules: [ledger] });
    const as = { token: o.tokens.clerk, via: 'ipc' };
    o.t.call('ledger.set', { key: 'A', value: 10 }, as);
    o.t.call('ledger.set', { key: 'A', value: 25 }, as);
    const log = o.t.call('audit.query', { module: 'ledger' }, as);
    expect(log.total).toBe(2);
    expect(log.rows[0]).toMatchObject({
      userLogin: 'clerk',
      userName: '张敏',
      via: 'ipc',
      viaLabel: '窗口',
      module: 'ledger',
      method: 'ledger.set',
      action: 'set',
      record: 'ledger:A',
      before: { value: 10 },
      after: { value: 25 },
    });
    expect(Date.now() - Date.parse(log.rows[0].at)).toBeLessThan(60_000);
    o.t.close();
  });

  it('rolls the audit row back with a change that fails', () => {
    const o = office({ extraModules: [ledger] });
    const as = { token: o.tokens.clerk };
    o.t.call('ledger.set', { key: 'A', value: 10 }, as);
    const count = () => (o.t.backend.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const n = count();
    const r = o.t.result('ledger.set', { key: 'A', value: 99, fail: true }, as);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_value', message: '金额超出范围，未做任何修改' } });
    expect(count()).toBe(n);
    expect(o.t.backend.db.prepare("SELECT value FROM ledger WHERE key = 'A'").get()).toEqual({ value: 10 });
    o.t.close();
  });

  it('logs a change whose method wrote no entry, with secrets redacted', () => {
    const o = office({ extraModules: [ledger] });
    o.t.call('ledger.note', { text: '备注', secretPassword: 'hunter2-hunter2' }, { token: o.tokens.clerk });
    const row = o.t.call('audit.query', { method: 'ledger.note' }, { token: o.tokens.clerk }).rows[0];
    expect(row).toMatchObject({
      module: 'ledger',
      action: 'note',
      userLogin: 'clerk',
      after: { text: '备注', secretPassword: '***' },
    });
    const raw = o.t.backend.db.prepare('SELECT group_concat(after) AS s FROM audit_log').get() as { s: string };
    expect(raw.s).not.toContain('hunter2');
    o.t.close();
  });

  it('refuses to update or delete audit rows, directly or from inside a change, which then rolls back', () => {
    const o = office({ extraModules: [ledger] });
    const db = o.t.backend.db;
    const n = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(n).toBeGreaterThan(0);
    expect(() => db.prepare("UPDATE audit_log SET user_login = 'x'").run()).toThrow('审计日志不可修改');
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow('审计日志不可删除');
    for (const how of ['update', 'delete'] as const) {
      const r = o.t.result('ledger.tamper', { how }, { token: o.tokens.clerk });
      expect(r.ok).toBe(false);
      expect((r as any).error.message).toContain(how === 'update' ? '审计日志不可修改' : '审计日志不可删除');
    }
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ledger'").get()).toEqual({ n: 0 });
    expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(n);
    expect(
      (
        db.prepare("SELECT count(*) AS n FROM audit_log WHERE user_login = 'x' OR user_login = 'nobody'").get() as {
          n: number;
        }
      ).n,
    ).toBe(0);
    o.t.close();
  });

  it('filters by person, local date, module and record, newest first, a page at a time', () => {
    const t = testBackend();
    const ins = t.backend.db.prepare(
      `INSERT INTO audit_log(at, user_id, user_login, user_name, via, module, method, action, record, before, after)
       VALUES (?, ?, ?, ?, 'ipc', ?, ?, ?, ?, NULL, '{}')`,
    );
    // 2026-03-14T16:30Z is 2026-03-15 00:30 in 北京时间.
    ins.run(
      '2026-03-14T15:59:00.000Z',
      1,
      'clerk',
      '张敏',
      'masterdata',
      'masterdata.updateRetailer',
      'update',
      'retailer:420100001',
    );
    ins.run(
      '2026-03-14T16:30:00.000Z',
      1,
      'clerk',
      '张敏',
      'masterdata',
      'masterdata.updateRetailer',
      'update',
      'retailer:420100002',
    );
    ins.run('2026-03-15T09:00:00.000Z', 2, 'head', '李主任', 'plans', 'plans.approve', 'approve', 'plan:7');
    for (let i = 0; i < 5; i++)
      ins.run(
        `2026-03-16T0${i}:00:00.000Z`,
        1,
        'clerk',
        '张敏',
        'imports',
        'imports.commit',
        'commit',
        `batch:${i + 1}`,
      );

    const q = (f: object) => t.call('audit.query', f);
    expect(q({}).total).toBe(8);
    expect(q({ from: '2026-03-15', to: '2026-03-15' }).rows.map((r: any) => r.record)).toEqual([
      'plan:7',
      'retailer:420100002',
    ]);
    expect(q({ to: '2026-03-14' }).rows.map((r: any) => r.record)).toEqual(['retailer:420100001']);
    expect(q({ person: '李主任' }).rows.map((r: any) => r.method)).toEqual(['plans.approve']);
    expect(q({ person: 'HEAD' }).total).toBe(1);
    expect(q({ module: 'imports' }).total).toBe(5);
    expect(q({ record: '420100002' }).rows.map((r: any) => r.record)).toEqual(['retailer:420100002']);
    expect(q({ record: '%' }).total).toBe(0);
    expect(q({ record: 'batch:', person: 'clerk', from: '2026-03-16' }).total).toBe(5);
    const page2 = q({ module: 'imports', offset: 2, limit: 2 });
    expect(page2).toMatchObject({ total: 5, offset: 2, limit: 2 });
    expect(page2.rows.map((r: any) => r.record)).toEqual(['batch:3', 'batch:2']);
    expect(page2.rows[0].moduleLabel).toBe('数据导入');

    const facets = t.call('audit.facets', {});
    expect(facets.modules.map((m: any) => m.label)).toEqual(['数据导入', '基础资料', '销售计划']);
    expect(facets.people).toEqual([
      { login: 'clerk', name: '张敏' },
      { login: 'head', name: '李主任' },
    ]);

    expect(t.result('audit.query', { from: '2026-03-16', to: '2026-03-15' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_period' },
    });
    expect(t.result('audit.query', { from: '2026/03/16' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: '字段“from”日期格式应为 YYYY-MM-DD' },
    });
    expect(t.result('audit.query', { limit: 5000 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(t.result('audit.export', { out: t.dir + '/x.csv' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_export_name' },
    });
    t.close();
  });

  it('records login on and off as changes of the settings', () => {
    const o = office();
    const rows = o.t.call('audit.query', { module: 'settings' }, { token: o.tokens.head }).rows;
    expect(rows[0]).toMatchObject({
      userLogin: 'single',
      action: 'enableLogin',
      record: 'settings.loginRequired',
      before: { loginRequired: false },
      after: { loginRequired: true, confirmedBy: 'admin' },
    });
    o.t.close();
  });
});
