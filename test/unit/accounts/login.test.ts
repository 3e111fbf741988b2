import { afterEach, describe, expect, it } from 'vitest';
import { clock } from '../../../electron/domain/accounts/clock';
import { LOCK_AFTER, LOCK_MS, SESSION_TTL_MS } from '../../../electron/domain/accounts/sessions';
import { hashing, hashPassword, parseHash, verifyPassword } from '../../../electron/domain/accounts/password';
import { office, PASSWORDS } from './setup';

const realNow = clock.now;
afterEach(() => {
  clock.now = realNow;
});

function freezeAt(ms: number) {
  let now = ms;
  clock.now = () => now;
  return { advance: (d: number) => (now += d) };
}

describe('login and sessions', () => {
  it('logs a user in with a random token and resolves it to that user and role', () => {
    const o = office();
    const me = o.t.call('accounts.me', {}, { token: o.tokens.clerk });
    expect(me).toMatchObject({
      loginRequired: true,
      singleUser: false,
      user: { login: 'clerk', name: '张敏', role: 'clerk', roleLabel: '内勤' },
    });
    expect(me.permissions).toContain('edit');
    expect(me.permissions).not.toContain('users');
    const again = o.login('clerk', PASSWORDS.clerk);
    expect(again).not.toBe(o.tokens.clerk);
    expect(again).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The database keeps only a digest of the token.
    const stored = o.t.backend.db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[];
    expect(stored.map((r) => r.token_hash)).not.toContain(again);
    o.t.close();
  });

  it('refuses calls without a token once login is on, and names no user to an anonymous caller', () => {
    const o = office();
    const r = o.t.result('settings.get', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'login_required', message: '请先登录' } });
    expect(o.t.call('accounts.me', {})).toMatchObject({ loginRequired: true, user: null, permissions: ['public'] });
    expect(o.t.result('settings.get', {}, { token: 'x'.repeat(43) })).toMatchObject({
      ok: false,
      error: { code: 'login_required' },
    });
    o.t.close();
  });

  it('locks an account after five wrong passwords, even for the right one, until the lock runs out', () => {
    const clockCtl = freezeAt(Date.UTC(2026, 2, 15, 2, 0, 0));
    const o = office();
    for (let i = 1; i < LOCK_AFTER; i++) {
      const r = o.t.result('accounts.login', { login: 'clerk', password: 'wrong-' + i });
      expect(r).toMatchObject({ ok: false, error: { code: 'wrong_password', message: '登录名或密码不正确' } });
    }
    const fifth = o.t.result('accounts.login', { login: 'clerk', password: 'wrong-5' });
    expect(fifth).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    // Locked: even the right password is refused.
    expect(o.t.result('accounts.login', { login: 'clerk', password: PASSWORDS.clerk })).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });
    const listed = o.t.call('accounts.listUsers', {}, { token: o.tokens.admin }).find((u: any) => u.login === 'clerk');
    expect(listed.lockedUntil).toBe(new Date(Date.UTC(2026, 2, 15, 2, 0, 0) + LOCK_MS).toISOString());
    // Other accounts are not affected.
    expect(o.login('head', PASSWORDS.head)).toBeTruthy();

    clockCtl.advance(LOCK_MS - 1000);
    expect(o.t.result('accounts.login', { login: 'clerk', password: PASSWORDS.clerk })).toMatchObject({
      ok: false,
      error: { code: 'account_locked' },
    });
    clockCtl.advance(1000);
    const token = o.login('clerk', PASSWORDS.clerk);
    expect(o.t.call('accounts.me', {}, { token }).user.login).toBe('clerk');
    const after = o.t.call('accounts.listUsers', {}, { token: o.tokens.admin }).find((u: any) => u.login === 'clerk');
    expect(after).toMatchObject({ lockedUntil: null, failedCount: 0 });

    // The lock and the failures are in the audit log under the account.
    const log = o.t.call('audit.query', { person: 'clerk', module: 'accounts' }, { token: o.tokens.admin });
    const actions = log.rows.map((r: any) => r.action);
    expect(actions.filter((a: string) => a === 'loginFailed')).toHaveLength(LOCK_AFTER - 1);
    expect(actions).toContain('lock');
    o.t.close();
  });

  it('starts a fresh count after a lock expires and resets the count on success', () => {
    const clockCtl = freezeAt(Date.UTC(2026, 2, 15, 2, 0, 0));
    const o = office();
    for (let i = 0; i < LOCK_AFTER; i++) o.t.result('accounts.login', { login: 'viewer', password: 'nope-nope' });
    clockCtl.advance(LOCK_MS + 1);
    const failedCount = () =>
      o.t.call('accounts.listUsers', {}, { token: o.tokens.admin }).find((u: any) => u.login === 'viewer').failedCount;
    const r = o.t.result('accounts.login', { login: 'viewer', password: 'nope-nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    expect(failedCount()).toBe(1);
    o.login('viewer', PASSWORDS.viewer);
    expect(failedCount()).toBe(0);
    o.t.result('accounts.login', { login: 'viewer', password: 'nope-nope' });
    expect(failedCount()).toBe(1);
    o.t.close();
  });

  it('answers a wrong password and an unknown login name with the same words, and never stores what was typed', () => {
    const o = office();
    const wrong = o.t.result('accounts.login', { login: 'clerk', password: 'not-the-pass' });
    const typedInWrongBox = 'Secret.Pa55word';
    const unknown = o.t.result('accounts.login', { login: typedInWrongBox, password: 'whatever-1' });
    expect(wrong).toEqual({ ok: false, error: { code: 'wrong_password', message: '登录名或密码不正确' } });
    expect(unknown).toEqual(wrong);
    const rows = o.t.backend.db
      .prepare("SELECT user_login, record FROM audit_log WHERE action = 'loginFailed' ORDER BY id")
      .all() as { user_login: string; record: string }[];
    expect(rows).toEqual([
      { user_login: 'clerk', record: 'user:clerk' },
      { user_login: 'anonymous', record: '未知账号' },
    ]);
    // a string that is not even a login name is refused as bad input, and is not stored either
    expect(o.t.result('accounts.login', { login: 'Pa55word!#', password: 'whatever-1' }).error?.code).toBe(
      'invalid_input',
    );
    const everything = JSON.stringify(o.t.backend.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain(typedInWrongBox);
    expect(everything).not.toContain('Pa55word!#');
    // and the 审计日志 page shows it so
    const shown = o.t.call('audit.query', { module: 'accounts' }, { token: o.tokens.admin });
    expect(JSON.stringify(shown)).not.toContain(typedInWrongBox);
    o.t.close();
  });

  it('replaces a hash made with older parameters at the next successful login, and only then', () => {
    const o = office();
    const old = { N: 512, r: 8, p: 1, keylen: 32 };
    o.t.backend.db
      .prepare('UPDATE users SET password_hash = ? WHERE login = ?')
      .run(hashPassword(PASSWORDS.viewer, old), 'viewer');
    const stored = () =>
      o.t.backend.db.prepare('SELECT password_hash FROM users WHERE login = ?').pluck().get('viewer') as string;
    const before = stored();
    expect(parseHash(before)?.params).toEqual(old);
    // a wrong password changes nothing
    o.t.result('accounts.login', { login: 'viewer', password: 'not-the-pass' });
    expect(stored()).toBe(before);
    o.login('viewer', PASSWORDS.viewer);
    const after = stored();
    expect(after).not.toBe(before);
    expect(parseHash(after)?.params).toEqual(hashing.params);
    expect(verifyPassword(PASSWORDS.viewer, after)).toBe(true);
    // current parameters: the next login leaves the hash as it is
    o.login('viewer', PASSWORDS.viewer);
    expect(stored()).toBe(after);
    o.t.close();
  });

  it('lets a manager unlock or reset a locked account at once', () => {
    freezeAt(Date.UTC(2026, 2, 15, 2, 0, 0));
    const o = office();
    for (let i = 0; i < LOCK_AFTER; i++) o.t.result('accounts.login', { login: 'clerk', password: 'nope-nope' });
    o.t.call('accounts.unlockUser', { id: o.ids.clerk }, { token: o.tokens.head });
    expect(o.login('clerk', PASSWORDS.clerk)).toBeTruthy();
    for (let i = 0; i < LOCK_AFTER; i++) o.t.result('accounts.login', { login: 'clerk', password: 'nope-nope' });
    o.t.call('accounts.resetPassword', { id: o.ids.clerk, password: 'brand-new-1' }, { token: o.tokens.admin });
    expect(o.t.result('accounts.login', { login: 'clerk', password: PASSWORDS.clerk })).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    expect(o.login('clerk', 'brand-new-1')).toBeTruthy();
    // The reset ended the clerk's earlier session.
    expect(o.t.result('settings.get', {}, { token: o.tokens.clerk })).toMatchObject({
      ok: false,
      error: { code: 'login_required' },
    });
    o.t.close();
  });

  it('expires a session after a working day and says so', () => {
    const clockCtl = freezeAt(Date.UTC(2026, 2, 15, 0, 0, 0));
    const o = office();
    const token = o.login('clerk', PASSWORDS.clerk);
    clockCtl.advance(SESSION_TTL_MS - 1);
    expect(o.t.result('settings.get', {}, { token }).ok).toBe(true);
    clockCtl.advance(1);
    expect(o.t.result('settings.get', {}, { token })).toMatchObject({
      ok: false,
      error: { code: 'login_required', message: '登录已过期，请重新登录' },
    });
    expect(o.t.call('accounts.me', {}, { token }).user).toBeNull();
    o.t.close();
  });

  it('ends a session on logout', () => {
    const o = office();
    const token = o.login('viewer', PASSWORDS.viewer);
    expect(o.t.call('accounts.logout', {}, { token })).toEqual({ ended: true });
    expect(o.t.result('settings.get', {}, { token })).toMatchObject({ ok: false, error: { code: 'login_required' } });
    expect(o.t.result('settings.get', {}, { token: o.tokens.viewer }).ok).toBe(true);
    o.t.close();
  });

  it('refuses a deactivated account and ends its sessions', () => {
    const o = office();
    o.t.call('accounts.deactivateUser', { id: o.ids.clerk }, { token: o.tokens.head });
    expect(o.t.result('settings.get', {}, { token: o.tokens.clerk })).toMatchObject({
      ok: false,
      error: { code: 'login_required' },
    });
    expect(o.t.result('accounts.login', { login: 'clerk', password: PASSWORDS.clerk })).toMatchObject({
      ok: false,
      error: { code: 'account_disabled' },
    });
    o.t.call('accounts.updateUser', { id: o.ids.clerk, active: true }, { token: o.tokens.head });
    expect(o.login('clerk', PASSWORDS.clerk)).toBeTruthy();
    o.t.close();
  });

  it('changes a password only with the current one and ends the other sessions', () => {
    const o = office();
    const second = o.login('clerk', PASSWORDS.clerk);
    expect(
      o.t.result(
        'accounts.changePassword',
        { oldPassword: 'not-it-1', newPassword: 'new-pass-22' },
        { token: o.tokens.clerk },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    expect(
      o.t.result(
        'accounts.changePassword',
        { oldPassword: PASSWORDS.clerk, newPassword: '123' },
        { token: o.tokens.clerk },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'weak_password', message: '密码至少需要 6 个字符' },
    });
    o.t.call(
      'accounts.changePassword',
      { oldPassword: PASSWORDS.clerk, newPassword: 'new-pass-22' },
      { token: o.tokens.clerk },
    );
    expect(o.t.result('settings.get', {}, { token: o.tokens.clerk }).ok).toBe(true);
    expect(o.t.result('settings.get', {}, { token: second })).toMatchObject({
      ok: false,
      error: { code: 'login_required' },
    });
    expect(o.t.result('accounts.login', { login: 'clerk', password: PASSWORDS.clerk }).ok).toBe(false);
    expect(o.login('clerk', 'new-pass-22')).toBeTruthy();
    o.t.close();
  });

  it('refuses duplicate, reserved and malformed logins with a Chinese message and adds nothing', () => {
    const o = office();
    const as = { token: o.tokens.admin };
    expect(
      o.t.result('accounts.createUser', { login: 'CLERK', name: '重复', role: 'clerk', password: 'abcdef1' }, as),
    ).toMatchObject({ ok: false, error: { code: 'login_taken' } });
    expect(
      o.t.result('accounts.createUser', { login: 'single', name: '保留', role: 'clerk', password: 'abcdef1' }, as),
    ).toMatchObject({ ok: false, error: { code: 'login_reserved' } });
    const bad = o.t.result(
      'accounts.createUser',
      { login: 'a b', name: '空格', role: 'clerk', password: 'abcdef1' },
      as,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((bad as any).error.message).toContain('登录名');
    expect(
      o.t.result('accounts.createUser', { login: 'newbie', name: '新人', role: 'boss', password: 'abcdef1' }, as),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(o.t.call('accounts.listUsers', {}, as)).toHaveLength(4);
    o.t.close();
  });

  it('refuses to deactivate or demote oneself, so an account that manages users remains', () => {
    const o = office();
    o.t.call('accounts.deactivateUser', { id: o.ids.head }, { token: o.tokens.admin });
    const r = o.t.result('accounts.updateUser', { id: o.ids.admin, role: 'clerk' }, { token: o.tokens.admin });
    expect(r).toMatchObject({ ok: false, error: { code: 'cannot_change_own_role' } });
    expect(o.t.result('accounts.deactivateUser', { id: o.ids.admin }, { token: o.tokens.admin })).toMatchObject({
      ok: false,
      error: { code: 'cannot_deactivate_self' },
    });
    // A second manager may not demote the last one either.
    o.t.call('accounts.updateUser', { id: o.ids.head, active: true }, { token: o.tokens.admin });
    const head = o.login('head', PASSWORDS.head);
    o.t.call('accounts.updateUser', { id: o.ids.admin, role: 'readonly' }, { token: head });
    expect(o.t.result('accounts.deactivateUser', { id: o.ids.head }, { token: head })).toMatchObject({
      ok: false,
      error: { code: 'cannot_deactivate_self' },
    });
    const users = o.t.call('accounts.listUsers', {}, { token: head });
    expect(users.find((u: any) => u.login === 'admin').roleLabel).toBe('只读');
    o.t.close();
  });
});
