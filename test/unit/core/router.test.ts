import { afterEach, describe, expect, it } from 'vitest';
import { testBackend, type TestBackend } from '../../helpers/backend';
import * as testModule from './fixtures/testModule';
import { setTokenResolver } from '../../../electron/domain/accounts/session';
import { makeAudit, validationMessage } from '../../../electron/api/router';
import { z } from 'zod';

let t: TestBackend;
afterEach(() => t?.close());

describe('the router', () => {
  it('refuses a payload that fails the contract with a Chinese message and changes nothing', () => {
    t = testBackend();
    const before = t.call('settings.get');
    const r = t.result('settings.update', { fondsNo: 12 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error!.code).toBe('invalid_input');
      expect(r.error!.message).toContain('fondsNo');
      expect(r.error!.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const unknownKey = t.result('settings.update', { unitName: 'x', dropTables: true });
    expect(unknownKey.ok).toBe(false);
    if (!unknownKey.ok) expect(unknownKey.error!.message).toContain('dropTables');
    expect(t.call('settings.get')).toEqual(before);
    // Nothing changed: the audit log holds only the two refusals, with their reasons.
    const audits = t.backend.db.prepare('SELECT method, action, after FROM audit_log ORDER BY id').all() as {
      method: string;
      action: string;
      after: string;
    }[];
    expect(audits.map((a) => [a.method, a.action, JSON.parse(a.after).code])).toEqual([
      ['settings.update', 'refused', 'invalid_input'],
      ['settings.update', 'refused', 'invalid_input'],
    ]);
  });

  it('answers an unknown method with a stable code', () => {
    t = testBackend();
    const r = t.result('nope.nothing', {});
    expect(r).toEqual({ ok: false, error: { code: 'unknown_method', message: '不存在的功能：nope.nothing' } });
    const proto = t.result('__proto__', {});
    expect(proto.ok).toBe(false);
  });

  it('turns an unexpected exception into an internal error without crashing', () => {
    t = testBackend({ extraModules: [testModule] });
    const r = t.result('test.crash', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error!.code).toBe('internal');
    expect(t.call('system.ping').pong).toBe(true);
  });

  it('writes the audit row with the change and rolls both back together', () => {
    t = testBackend({ extraModules: [testModule] });
    t.call('settings.update', { unitName: '甲县分公司' });
    const rows = t.backend.db
      .prepare('SELECT user_login, via, module, method, before, after FROM audit_log')
      .all() as any[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ user_login: 'single', via: 'cli', module: 'settings', method: 'settings.update' });
    expect(JSON.parse(rows[0].before)).toEqual({ unitName: '' });
    expect(JSON.parse(rows[0].after)).toEqual({ unitName: '甲县分公司' });

    const r = t.result('test.writeThenFail', { unitName: '乙县' });
    expect(r.ok).toBe(false);
    expect(t.call('settings.get').unitName).toBe('甲县分公司');
    expect((t.backend.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as any).n).toBe(1);
  });

  it('refuses a changing method to a 只读 user and lets a 内勤 user through', () => {
    t = testBackend();
    t.backend.db.prepare("INSERT INTO settings(key, value) VALUES ('loginRequired', 'true')").run();
    setTokenResolver((_db, token) =>
      token === 'ro'
        ? { userId: 7, login: 'zhang', name: '张三', role: 'readonly', singleUser: false }
        : token === 'clerk'
          ? { userId: 8, login: 'li', name: '李四', role: 'clerk', singleUser: false }
          : null,
    );
    try {
      expect(t.result('settings.get', {}).ok).toBe(false); // no token
      expect(t.result('system.ping', {}).ok).toBe(true); // public
      const ro = t.result('system.backupNow', {}, { token: 'ro' });
      expect(ro.ok).toBe(false);
      if (!ro.ok) expect(ro.error!.code).toBe('forbidden');
      expect(t.result('settings.get', {}, { token: 'ro' }).ok).toBe(true);
      const clerk = t.result('system.backupNow', {}, { token: 'clerk' });
      expect(clerk.ok).toBe(true);
      const s = t.result('settings.update', { unitName: 'x' }, { token: 'ro' });
      expect(s.ok).toBe(false);
      expect(t.call('settings.get', {}, { token: 'ro' }).unitName).toBe('');
    } finally {
      setTokenResolver(() => null);
    }
  });

  it('keeps secrets out of the audit log', () => {
    t = testBackend();
    const a = makeAudit(
      t.backend.db,
      { userId: 1, login: 'a', name: 'A', role: 'admin', via: 'test', singleUser: false },
      'x.y',
    );
    a.audit({ module: 'x', action: 'y', after: { password: 'secret1', nested: { tokenValue: 'abc' }, name: 'ok' } });
    const row = t.backend.db.prepare('SELECT after FROM audit_log').get() as { after: string };
    expect(JSON.parse(row.after)).toEqual({ password: '***', nested: { tokenValue: '***' }, name: 'ok' });
  });
});

describe('validation messages', () => {
  it('name the field and say what is wrong in Chinese', () => {
    const s = z.object({ year: z.number().int() }).strict();
    const missing = s.safeParse({});
    expect(!missing.success && validationMessage(missing.error)).toBe('字段“year”缺少必填项');
    const wrongType = s.safeParse({ year: 'abc' });
    expect(!wrongType.success && validationMessage(wrongType.error)).toBe('字段“year”类型不正确');
  });
});
