/**
 * CLI commands of the accounts module: users, login on/off, who am I, and the
 * audit log. Every command goes through the router as the CLI's user
 * (`--user <登录名>` or, with login off, the single user).
 * New passwords come from WORKBENCH_NEW_PASSWORD or are asked on the terminal
 * (twice); they never appear on the command line, where other users could see them.
 */
import path from 'node:path';
import { AppError } from '../api/errors';
import type { CliCommand, CliContext, ParsedArgs } from './framework';
import { flag, requirePositional } from './framework';

const ROLE_WORDS: Record<string, string> = {
  内勤: 'clerk',
  主任: 'head',
  只读: 'readonly',
  管理员: 'admin',
  clerk: 'clerk',
  head: 'head',
  readonly: 'readonly',
  admin: 'admin',
};

function roleOf(word: string): string {
  const r = ROLE_WORDS[word.trim()];
  if (!r) throw new AppError('invalid_args', `不认识的角色“${word}”，应为 内勤、主任、只读 或 管理员`);
  return r;
}

interface UserRow {
  id: number;
  login: string;
  name: string;
  role: string;
  roleLabel: string;
  active: boolean;
  lockedUntil: string | null;
}

function findUser(ctx: CliContext, login: string): UserRow {
  const users = ctx.call<UserRow[]>('accounts.listUsers', {});
  const u = users.find((x) => x.login.toLowerCase() === login.trim().toLowerCase());
  if (!u) throw new AppError('unknown_user', `找不到登录名为“${login}”的用户`);
  return u;
}

function askTwice(ctx: CliContext, who: string): string {
  const fromEnv = ctx.env?.WORKBENCH_NEW_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!ctx.promptPassword)
    throw new AppError('password_required', '需要新密码：请在环境变量 WORKBENCH_NEW_PASSWORD 中提供');
  const a = ctx.promptPassword(`请输入 ${who} 的新密码：`);
  const b = ctx.promptPassword('请再输入一次：');
  if (a !== b) throw new AppError('password_mismatch', '两次输入的密码不一致，未做任何修改');
  return a;
}

function confirmPassword(ctx: CliContext, who: string): string {
  const fromEnv = ctx.env?.WORKBENCH_PASSWORD;
  if (fromEnv !== undefined) return fromEnv;
  if (!ctx.promptPassword) throw new AppError('password_required', '需要密码：请在环境变量 WORKBENCH_PASSWORD 中提供');
  return ctx.promptPassword(`请输入 ${who} 的密码：`);
}

function brief(u: UserRow) {
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    roleLabel: u.roleLabel,
    active: u.active,
    lockedUntil: u.lockedUntil,
  };
}

function auditFilter(args: ParsedArgs): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k of ['person', 'from', 'to', 'module', 'method', 'record']) {
    const v = flag(args, k);
    if (v !== undefined && v !== 'true') f[k] = v;
  }
  return f;
}

function intFlag(args: ParsedArgs, name: string, dflt: number): number {
  const v = flag(args, name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new AppError('invalid_args', `--${name} 应为非负整数`);
  return n;
}

export const accountsCommands: CliCommand[] = [
  {
    name: 'whoami',
    usage: 'whoami [--user <登录名>]   当前以哪个用户、什么角色操作',
    run: (ctx) => ctx.call('accounts.me', {}),
  },
  {
    name: 'user list',
    usage: 'user list   列出用户（需要主任或管理员）',
    run: (ctx) => ({ users: ctx.call<UserRow[]>('accounts.listUsers', {}).map(brief) }),
  },
  {
    name: 'user add',
    usage:
      'user add <登录名> --name <姓名> --role 内勤|主任|只读|管理员   新建用户（密码取自 WORKBENCH_NEW_PASSWORD 或提示输入）',
    run: (ctx, args) => {
      const login = requirePositional(args, 0, '登录名');
      const name = flag(args, 'name');
      if (!name || name === 'true') throw new AppError('invalid_args', '缺少参数 --name（姓名）');
      const role = roleOf(flag(args, 'role') ?? '');
      const password = askTwice(ctx, login);
      const u = ctx.call<UserRow>('accounts.createUser', { login, name, role, password });
      ctx.say(`已新建用户 ${u.login}（${u.name}，${u.roleLabel}）`);
      return { ok: true, user: brief(u) };
    },
  },
  {
    name: 'user update',
    usage: 'user update <登录名> [--name <姓名>] [--role <角色>] [--active true|false]   修改用户',
    run: (ctx, args) => {
      const u = findUser(ctx, requirePositional(args, 0, '登录名'));
      const patch: Record<string, unknown> = { id: u.id };
      const name = flag(args, 'name');
      if (name !== undefined) patch.name = name;
      const role = flag(args, 'role');
      if (role !== undefined) patch.role = roleOf(role);
      const active = flag(args, 'active');
      if (active !== undefined) {
        if (active !== 'true' && active !== 'false') throw new AppError('invalid_args', '--active 应为 true 或 false');
        patch.active = active === 'true';
      }
      if (Object.keys(patch).length === 1)
        throw new AppError('invalid_args', '没有要修改的内容：请给出 --name、--role 或 --active');
      return { ok: true, user: brief(ctx.call<UserRow>('accounts.updateUser', patch)) };
    },
  },
  {
    name: 'user deactivate',
    usage: 'user deactivate <登录名>   停用用户（历史记录保留）',
    run: (ctx, args) => {
      const u = findUser(ctx, requirePositional(args, 0, '登录名'));
      return { ok: true, user: brief(ctx.call<UserRow>('accounts.deactivateUser', { id: u.id })) };
    },
  },
  {
    name: 'user passwd',
    usage: 'user passwd <登录名>   重置用户密码并解除锁定（新密码取自 WORKBENCH_NEW_PASSWORD 或提示输入）',
    run: (ctx, args) => {
      const u = findUser(ctx, requirePositional(args, 0, '登录名'));
      const password = askTwice(ctx, u.login);
      ctx.call('accounts.resetPassword', { id: u.id, password });
      ctx.say(`已重置 ${u.login} 的密码`);
      return { ok: true, login: u.login };
    },
  },
  {
    name: 'user unlock',
    usage: 'user unlock <登录名>   解除因密码输错造成的锁定',
    run: (ctx, args) => {
      const u = findUser(ctx, requirePositional(args, 0, '登录名'));
      return { ok: true, user: brief(ctx.call<UserRow>('accounts.unlockUser', { id: u.id })) };
    },
  },
  {
    name: 'login on',
    usage: 'login on <主任或管理员的登录名>   启用登录（用该账号的密码确认，取自 WORKBENCH_PASSWORD 或提示输入）',
    run: (ctx, args) => {
      const login = requirePositional(args, 0, '主任或管理员的登录名');
      const password = confirmPassword(ctx, login);
      const r = ctx.call<{ token: string; user: { login: string } }>('accounts.enableLogin', { login, password });
      // The session made for the window is of no use to a one-off command.
      ctx.backend.call('accounts.logout', {}, { via: 'cli', token: r.token });
      ctx.say('已启用登录，之后的命令请加 --user <登录名>');
      return { ok: true, loginRequired: true, confirmedBy: r.user.login };
    },
  },
  {
    name: 'login off',
    usage: 'login off --user <登录名>   关闭登录（单用户模式，用当前用户的密码确认）',
    run: (ctx) => {
      const me = ctx.call<{ user: { login: string } | null; singleUser: boolean }>('accounts.me', {});
      if (me.singleUser) throw new AppError('login_already_off', '登录已经是关闭状态');
      if (!me.user) throw new AppError('login_required', '请先登录');
      const password = confirmPassword(ctx, me.user!.login);
      ctx.call('accounts.disableLogin', { password });
      ctx.say('已关闭登录：此电脑上的所有人都以单用户身份操作');
      return { ok: true, loginRequired: false };
    },
  },
  {
    name: 'audit',
    usage:
      'audit [--person <登录名或姓名>] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--module <模块>] [--method <功能>] [--record <记录>] [--limit N] [--offset N] [--out <文件.xlsx>]   查询或导出审计日志',
    run: (ctx, args) => {
      const f = auditFilter(args);
      const out = flag(args, 'out');
      if (out !== undefined && out !== 'true') {
        const r = ctx.call<{ file: string; rows: number }>('audit.export', { ...f, out: path.resolve(out) });
        ctx.say(`已导出 ${r.rows} 条审计记录到 ${r.file}`);
        return { ok: true, file: r.file, rows: r.rows };
      }
      return ctx.call('audit.query', {
        ...f,
        offset: intFlag(args, 'offset', 0),
        limit: Math.min(1000, intFlag(args, 'limit', 100)),
      });
    },
  },
];
