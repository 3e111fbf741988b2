import { describe, expect, it } from 'vitest';
import { testBackend } from '../../helpers/backend';
import { office, PASSWORDS } from './setup';

describe('switching login on and off', () => {
  it('needs an active 主任 or 管理员 account confirmed with its password before login goes on', () => {
    const t = testBackend();
    const settings = () => t.call('settings.get', {});
    expect(t.result('accounts.enableLogin', { login: 'admin', password: 'whatever1' })).toMatchObject({
      ok: false,
      error: { code: 'unknown_user' },
    });
    t.call('accounts.createUser', { login: 'clerk', name: '张敏', role: 'clerk', password: 'clerk-pass-1' });
    expect(t.result('accounts.enableLogin', { login: 'clerk', password: 'clerk-pass-1' })).toMatchObject({
      ok: false,
      error: { code: 'need_manager' },
    });
    const admin = t.call('accounts.createUser', {
      login: 'admin',
      name: '王管理',
      role: 'admin',
      password: 'admin-pass-1',
    });
    expect(t.result('accounts.enableLogin', { login: 'admin', password: 'admin-pass-x' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    t.call('accounts.deactivateUser', { id: admin.id });
    expect(t.result('accounts.enableLogin', { login: 'admin', password: 'admin-pass-1' })).toMatchObject({
      ok: false,
      error: { code: 'account_disabled' },
    });
    expect(settings().loginRequired).toBe(false);

    t.call('accounts.updateUser', { id: admin.id, active: true });
    const on = t.call('accounts.enableLogin', { login: 'admin', password: 'admin-pass-1' });
    expect(on.user).toEqual({ id: admin.id, login: 'admin', name: '王管理', role: 'admin', roleLabel: '管理员' });
    expect(t.result('settings.get', {})).toMatchObject({ ok: false, error: { code: 'login_required' } });
    expect(t.call('settings.get', {}, { token: on.token }).loginRequired).toBe(true);
    expect(
      t.result('accounts.enableLogin', { login: 'admin', password: 'admin-pass-1' }, { token: on.token }),
    ).toMatchObject({ ok: false, error: { code: 'login_already_on' } });
    t.close();
  });

  it('switches off only for a user manager who confirms their own password, and ends every session', () => {
    const o = office();
    expect(o.t.result('accounts.disableLogin', { password: PASSWORDS.clerk }, { token: o.tokens.clerk })).toMatchObject(
      { ok: false, error: { code: 'forbidden' } },
    );
    expect(
      o.t.result('accounts.disableLogin', { password: PASSWORDS.viewer }, { token: o.tokens.viewer }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(o.t.result('accounts.disableLogin', { password: PASSWORDS.admin }, { token: o.tokens.head })).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    expect(o.t.call('settings.get', {}, { token: o.tokens.head }).loginRequired).toBe(true);
    expect(o.t.call('accounts.disableLogin', { password: PASSWORDS.head }, { token: o.tokens.head })).toEqual({
      loginRequired: false,
    });
    expect(o.t.call('accounts.me', {})).toMatchObject({
      loginRequired: false,
      singleUser: true,
      user: { login: 'single', role: 'clerk' },
    });
    expect(o.t.backend.db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 0 });
    const row = o.t.call('audit.query', { module: 'settings' }).rows[0];
    expect(row).toMatchObject({
      userLogin: 'head',
      action: 'disableLogin',
      before: { loginRequired: true },
      after: { loginRequired: false },
    });
    expect(o.t.result('accounts.disableLogin', { password: PASSWORDS.head })).toMatchObject({
      ok: false,
      error: { code: 'login_already_off' },
    });
    o.t.close();
  });

  it('has no personal password in single-user mode, but records a named user who logged in anyway', () => {
    const t = testBackend();
    expect(t.result('accounts.changePassword', { oldPassword: 'abcdef1', newPassword: 'abcdef2' })).toMatchObject({
      ok: false,
      error: { code: 'no_account' },
    });
    t.call('accounts.createUser', { login: 'viewer', name: '赵只读', role: 'readonly', password: 'viewer-pass-1' });
    const { token } = t.call('accounts.login', { login: 'viewer', password: 'viewer-pass-1' });
    // Login off: anyone at the PC may change things, but the log names who did.
    t.call('settings.update', { unitName: '红安县局' }, { token });
    const row = t.call('audit.query', { module: 'settings' }).rows[0];
    expect(row).toMatchObject({ userLogin: 'viewer', userName: '赵只读', after: { unitName: '红安县局' } });
    t.call('settings.update', { unitName: '麻城市局' });
    expect(t.call('audit.query', { module: 'settings' }).rows[0]).toMatchObject({
      userLogin: 'single',
      userName: '内勤（单用户）',
    });
    t.close();
  });
});
