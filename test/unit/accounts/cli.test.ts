import { describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import { runCli } from '../../../electron/cli';
import { tempDir } from '../../helpers/backend';
import { hashing } from '../../../electron/domain/accounts/password';

hashing.params = { N: 1024, r: 8, p: 1, keylen: 32 };

function setup() {
  const dir = tempDir('wb-cli-acc-');
  const db = path.join(dir, 'workbench.db');
  const run = (args: string[], env: Record<string, string> = {}, prompt?: (q: string) => string) => {
    const r = runCli([...args, '--db', db], { ...env }, prompt ? { promptPassword: prompt } : {});
    return { ...r, json: JSON.parse(r.stdout) };
  };
  return { dir, db, run };
}

/** Office with login on: admin (管理员), clerk (内勤), viewer (只读). */
function office() {
  const s = setup();
  expect(
    s.run(['user', 'add', 'admin', '--name', '王管理', '--role', '管理员'], { WORKBENCH_NEW_PASSWORD: 'admin-pass-1' })
      .code,
  ).toBe(0);
  expect(
    s.run(['user', 'add', 'clerk', '--name', '张敏', '--role', '内勤'], { WORKBENCH_NEW_PASSWORD: 'clerk-pass-1' })
      .code,
  ).toBe(0);
  expect(
    s.run(['user', 'add', 'viewer', '--name', '赵只读', '--role', 'readonly'], {
      WORKBENCH_NEW_PASSWORD: 'viewer-pass-1',
    }).code,
  ).toBe(0);
  const on = s.run(['login', 'on', 'admin'], { WORKBENCH_PASSWORD: 'admin-pass-1' });
  expect(on.code).toBe(0);
  expect(on.json).toEqual({ ok: true, loginRequired: true, confirmedBy: 'admin' });
  return s;
}

describe('CLI as a named user', () => {
  it('acts as the single user while login is off, and the audit log says so', () => {
    const s = setup();
    expect(s.run(['whoami']).json).toMatchObject({
      loginRequired: false,
      singleUser: true,
      user: { login: 'single', roleLabel: '内勤' },
    });
    s.run(['user', 'add', 'clerk', '--name', '张敏', '--role', '内勤'], { WORKBENCH_NEW_PASSWORD: 'clerk-pass-1' });
    const log = s.run(['audit', '--module', 'accounts']).json;
    expect(log.rows[0]).toMatchObject({
      userLogin: 'single',
      userName: '内勤（单用户）',
      via: 'cli',
      viaLabel: '命令行',
      action: 'createUser',
      record: 'user:clerk',
    });
  });

  it('requires --user once login is on and acts as that user', () => {
    const s = office();
    const anon = s.run(['user', 'list']);
    expect(anon.code).toBe(2);
    expect(anon.json.error.code).toBe('login_required');
    expect(anon.json.error.message).toContain('--user');

    const list = s.run(['user', 'list', '--user', 'admin'], { WORKBENCH_PASSWORD: 'admin-pass-1' });
    expect(list.code).toBe(0);
    expect(list.json.users.map((u: any) => `${u.login}:${u.roleLabel}`)).toEqual([
      'admin:管理员',
      'clerk:内勤',
      'viewer:只读',
    ]);
    expect(s.run(['whoami', '--user', 'clerk'], { WORKBENCH_PASSWORD: 'clerk-pass-1' }).json).toMatchObject({
      singleUser: false,
      user: { login: 'clerk', name: '张敏' },
    });

    const wrong = s.run(['whoami', '--user', 'clerk'], { WORKBENCH_PASSWORD: 'nope-nope' });
    expect(wrong.code).toBe(2);
    expect(wrong.json.error.code).toBe('wrong_password');
  });

  it('asks for the password on the terminal when the environment holds none', () => {
    const s = office();
    const asked: string[] = [];
    const r = s.run(['whoami', '--user', 'clerk'], {}, (q) => {
      asked.push(q);
      return 'clerk-pass-1';
    });
    expect(r.code).toBe(0);
    expect(asked).toEqual(['请输入用户 clerk 的密码：']);
    expect(r.json.user.login).toBe('clerk');
  });

  it('refuses a 只读 user every change, exit 2, and changes nothing', () => {
    const s = office();
    const env = { WORKBENCH_PASSWORD: 'viewer-pass-1', WORKBENCH_NEW_PASSWORD: 'another-pass-1' };
    const add = s.run(['user', 'add', 'mole', '--name', '内鬼', '--role', '管理员', '--user', 'viewer'], env);
    expect(add.code).toBe(2);
    expect(add.json.error.code).toBe('forbidden');
    expect(add.json.error.message).toContain('没有权限');
    const off = s.run(['login', 'off', '--user', 'viewer'], env);
    expect(off.code).toBe(2);
    expect(off.json.error.code).toBe('forbidden');
    const backup = s.run(['backup', '--out', path.join(s.dir, 'x.db'), '--user', 'viewer'], env);
    expect(backup.code).toBe(2);
    expect(backup.json.error.code).toBe('forbidden');
    expect(fs.existsSync(path.join(s.dir, 'x.db'))).toBe(false);
    const users = s.run(['user', 'list', '--user', 'admin'], { WORKBENCH_PASSWORD: 'admin-pass-1' }).json.users;
    expect(users.map((u: any) => u.login)).toEqual(['admin', 'clerk', 'viewer']);
    // Reading is allowed.
    expect(s.run(['audit', '--user', 'viewer'], env).code).toBe(0);
  });

  it('resets a password, switches login off with a password, and exports the audit log to Excel', () => {
    const s = office();
    const admin = { WORKBENCH_PASSWORD: 'admin-pass-1' };
    expect(
      s.run(['user', 'passwd', 'clerk', '--user', 'admin'], { ...admin, WORKBENCH_NEW_PASSWORD: 'fresh-pass-9' }).code,
    ).toBe(0);
    expect(s.run(['whoami', '--user', 'clerk'], { WORKBENCH_PASSWORD: 'fresh-pass-9' }).json.user.login).toBe('clerk');
    expect(s.run(['login', 'off', '--user', 'admin'], { WORKBENCH_PASSWORD: 'wrong-pass-0' }).json.error.code).toBe(
      'wrong_password',
    );
    expect(s.run(['login', 'off', '--user', 'admin'], admin).json).toEqual({ ok: true, loginRequired: false });
    expect(s.run(['whoami']).json).toMatchObject({ loginRequired: false, singleUser: true });

    const out = path.join(s.dir, '审计.xlsx');
    const r = s.run(['audit', '--module', 'accounts', '--person', 'admin', '--out', out]);
    expect(r.code).toBe(0);
    const wb = XLSX.read(fs.readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<any[]>(wb.Sheets['审计日志'], { header: 1 });
    expect(rows[0][0]).toBe('审计日志');
    expect(rows[1][0]).toContain('人员：admin');
    expect(rows[2]).toEqual([
      '序号',
      '时间',
      '登录名',
      '姓名',
      '方式',
      '模块',
      '操作',
      '记录',
      '修改内容',
      '修改前（原始数据）',
      '修改后（原始数据）',
    ]);
    const body = rows.slice(3);
    expect(body.length).toBe(r.json.rows);
    expect(body.every((row) => row[2] === 'admin' && row[5] === '用户与登录')).toBe(true);
    expect(body.map((row) => row[6])).toContain('重置密码');
    // the record by name: the user clerk is 张敏 in this office
    expect(body.find((row) => row[6] === '重置密码')?.[7]).toMatch(/^用户 .+（clerk）$/);
    // the CLI's own login is logged with it
    expect(body.map((row) => row[6])).toContain('登录');
  });

  it('updates, deactivates and unlocks users by 登录名, and refuses an unknown role or user', () => {
    const s = office();
    const admin = { WORKBENCH_PASSWORD: 'admin-pass-1' };
    const up = s.run(['user', 'update', 'clerk', '--name', '张敏敏', '--role', '只读', '--user', 'admin'], admin);
    expect(up.code).toBe(0);
    expect(up.json.user).toMatchObject({
      login: 'clerk',
      name: '张敏敏',
      role: 'readonly',
      roleLabel: '只读',
      active: true,
    });
    expect(s.run(['user', 'update', 'clerk', '--role', '科长', '--user', 'admin'], admin).json.error).toMatchObject({
      code: 'invalid_args',
      message: '不认识的角色“科长”，应为 内勤、主任、只读 或 管理员',
    });
    expect(s.run(['user', 'update', 'clerk', '--user', 'admin'], admin).json.error.code).toBe('invalid_args');
    expect(s.run(['user', 'deactivate', 'nobody', '--user', 'admin'], admin).json.error).toMatchObject({
      code: 'unknown_user',
      message: '找不到登录名为“nobody”的用户',
    });

    for (let i = 0; i < 5; i++) s.run(['whoami', '--user', 'viewer'], { WORKBENCH_PASSWORD: 'bad-pass-' + i });
    expect(s.run(['whoami', '--user', 'viewer'], { WORKBENCH_PASSWORD: 'viewer-pass-1' }).json.error.code).toBe(
      'account_locked',
    );
    const listed = s.run(['user', 'list', '--user', 'admin'], admin).json.users.find((u: any) => u.login === 'viewer');
    expect(listed.lockedUntil).not.toBeNull();
    expect(s.run(['user', 'unlock', 'viewer', '--user', 'admin'], admin).json.user.lockedUntil).toBeNull();
    expect(s.run(['whoami', '--user', 'viewer'], { WORKBENCH_PASSWORD: 'viewer-pass-1' }).json.user.login).toBe(
      'viewer',
    );

    expect(s.run(['user', 'deactivate', 'viewer', '--user', 'admin'], admin).json.user.active).toBe(false);
    expect(s.run(['whoami', '--user', 'viewer'], { WORKBENCH_PASSWORD: 'viewer-pass-1' }).json.error.code).toBe(
      'account_disabled',
    );
    const log = s.run(
      ['audit', '--record', 'user:viewer', '--module', 'accounts', '--limit', '3', '--user', 'admin'],
      admin,
    ).json;
    expect(log.rows.map((r: any) => r.action)).toEqual(['deactivateUser', 'logout', 'login']);
  });

  it('refuses new passwords that differ between the two prompts', () => {
    const s = setup();
    const answers = ['first-pass-1', 'second-pass-2'];
    const r = s.run(['user', 'add', 'x1', '--name', '某', '--role', '内勤'], {}, () => answers.shift()!);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('password_mismatch');
    expect(s.run(['audit', '--module', 'accounts']).json.total).toBe(0);
  });
});
