/**
 * API methods of the accounts module (issue 8): login and sessions, who am I,
 * user management, password changes, switching login on and off, and the
 * audit log (query and Excel export).
 *
 * Permissions: managing accounts needs 'users' (主任, 管理员). Reading the audit
 * log needs only 'read': every role may see who changed a figure or document,
 * when, and from what (PRODUCT.md §7); exporting it needs 'print', which every
 * role has too. Secrets are redacted from the log by the router.
 *
 * Methods whose refusal must still leave a trace (a wrong password is counted
 * even though the call fails) are declared write: false and open their own
 * transactions; every other change runs in the router's transaction.
 */
import path from 'node:path';
import { z } from 'zod';
import {
  method,
  ROLE_LABELS,
  type Actor,
  type Context,
  type JobMap,
  type MethodMap,
  type Permission,
} from '../../api/define';
import { AppError } from '../../api/errors';
import { appFolder, callerPath } from '../../api/appFiles';
import { stamp } from '../../db/connection';
import { ROLE_PERMISSIONS } from '../../api/permissions';
import { makeAudit } from '../../api/router';
import { readSettings, writeSettings } from '../settings';
import {
  auditExport,
  auditFacets,
  auditFilterSchema,
  checkRange,
  countAudit,
  iterateAudit,
  queryAudit,
  writeAuditXlsx,
} from '../audit';
import {
  checkCredentials,
  createSession,
  endAllSessions,
  endSession,
  endUserSessions,
  type CheckedUser,
} from './sessions';
import {
  auditView,
  createUser,
  getUser,
  listUsers,
  loginSchema,
  MANAGER_ROLES,
  nameSchema,
  passwordSchema,
  roleSchema,
  setPassword,
  unlockUser,
  updateUser,
  userByLogin,
} from './users';

const ALL_PERMISSIONS: Permission[] = ['public', 'read', 'print', 'edit', 'approve', 'users', 'settings', 'admin'];

/** What the renderer needs to show or hide: the caller's permissions. */
export function permissionsOf(actor: Pick<Actor, 'role' | 'singleUser'>): Permission[] {
  if (actor.singleUser) return ALL_PERMISSIONS;
  return ALL_PERMISSIONS.filter((p) => ROLE_PERMISSIONS[actor.role].has(p));
}

function actorOf(u: CheckedUser, via: string): Actor {
  return { userId: u.id, login: u.login, name: u.name, role: u.role, via, singleUser: false };
}

const ANONYMOUS_LOGIN = (via: string): Actor => ({
  userId: -1,
  login: 'anonymous',
  name: '未登录',
  role: 'readonly',
  via,
  singleUser: false,
});

/** Checks a password and writes failures to the audit log under the account concerned. */
function check(ctx: Context, login: string, password: string): CheckedUser {
  return checkCredentials(ctx.db, login, password, (user, e) => {
    const who = user ? actorOf(user, ctx.actor.via) : ANONYMOUS_LOGIN(ctx.actor.via);
    makeAudit(ctx.db, who, ctx.method).audit(e);
  });
}

/** The person behind the call must be a real account (not the login-off single user). */
function requireAccount(ctx: Context): void {
  if (ctx.actor.userId <= 0)
    throw new AppError(
      'no_account',
      '当前为单用户模式（未启用登录），没有个人密码；请先在“用户管理”中建立账号并启用登录',
    );
}

function sessionUser(u: CheckedUser) {
  return { id: u.id, login: u.login, name: u.name, role: u.role, roleLabel: ROLE_LABELS[u.role] };
}

const idSchema = z.number().int().positive();

export const accountsMethods = {
  /** Who am I: the login page and the shell ask this first. */
  'accounts.me': method({
    input: z.object({}).strict(),
    perm: 'public',
    write: false,
    handler: (ctx) => {
      const s = readSettings(ctx.db);
      const a = ctx.actor;
      const loggedIn = a.userId >= 0;
      return {
        loginRequired: s.loginRequired,
        singleUser: a.singleUser,
        user: loggedIn
          ? { id: a.userId, login: a.login, name: a.name, role: a.role, roleLabel: ROLE_LABELS[a.role] }
          : null,
        permissions: loggedIn ? permissionsOf(a) : (['public'] as Permission[]),
      };
    },
  }),

  /** 登录: returns a random session token (kept in memory by the caller, never put in a URL). */
  'accounts.login': method({
    input: z.object({ login: loginSchema, password: passwordSchema }).strict(),
    perm: 'public',
    write: false,
    handler: (ctx, input) => {
      const user = check(ctx, input.login, input.password);
      return ctx.db.transaction(() => {
        const s = createSession(ctx.db, user.id, ctx.actor.via);
        makeAudit(ctx.db, actorOf(user, ctx.actor.via), ctx.method).audit({
          module: 'accounts',
          action: 'login',
          record: `user:${user.login}`,
        });
        return {
          token: s.token,
          expiresAt: s.expiresAt,
          user: sessionUser(user),
          permissions: permissionsOf({ role: user.role, singleUser: false }),
        };
      })();
    },
  }),

  /** 退出登录: ends the caller's session. */
  'accounts.logout': method({
    input: z.object({}).strict(),
    perm: 'public',
    write: false,
    handler: (ctx) => {
      const sid = ctx.actor.sessionId;
      if (!sid) return { ended: false };
      return ctx.db.transaction(() => {
        const ended = endSession(ctx.db, sid);
        if (ended) ctx.audit({ module: 'accounts', action: 'logout', record: `user:${ctx.actor.login}` });
        return { ended };
      })();
    },
  }),

  /** 修改密码: the user's own, confirmed with the current one. Other sessions end. */
  'accounts.changePassword': method({
    input: z.object({ oldPassword: passwordSchema, newPassword: passwordSchema }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      requireAccount(ctx);
      check(ctx, ctx.actor.login, input.oldPassword);
      if (input.oldPassword === input.newPassword) throw new AppError('same_password', '新密码不能与原密码相同');
      ctx.db.transaction(() => {
        setPassword(ctx.db, ctx.actor.userId, input.newPassword);
        const ended = endUserSessions(ctx.db, ctx.actor.userId, ctx.actor.sessionId);
        ctx.audit({
          module: 'accounts',
          action: 'changePassword',
          record: `user:${ctx.actor.login}`,
          after: { credential: 'changed', otherSessionsEnded: ended },
        });
      })();
      return { ok: true as const };
    },
  }),

  /** 用户管理: every account, without password hashes. */
  'accounts.listUsers': method({
    input: z.object({}).strict(),
    perm: 'users',
    write: false,
    handler: (ctx) => listUsers(ctx.db),
  }),

  'accounts.createUser': method({
    input: z.object({ login: loginSchema, name: nameSchema, role: roleSchema, password: passwordSchema }).strict(),
    perm: 'users',
    write: true,
    handler: (ctx, input) => {
      const u = createUser(ctx.db, input);
      ctx.audit({ module: 'accounts', action: 'createUser', record: `user:${u.login}`, after: auditView(u) });
      return u;
    },
  }),

  /** Change 姓名, role or the active flag. */
  'accounts.updateUser': method({
    input: z
      .object({
        id: idSchema,
        name: nameSchema.optional(),
        role: roleSchema.optional(),
        active: z.boolean().optional(),
      })
      .strict(),
    perm: 'users',
    write: true,
    handler: (ctx, input) => {
      const { id, ...patch } = input;
      const { before, after } = updateUser(ctx.db, ctx.actor, readSettings(ctx.db).loginRequired, id, patch);
      ctx.audit({
        module: 'accounts',
        action: 'updateUser',
        record: `user:${after.login}`,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    },
  }),

  /** 停用: the account can no longer log in and its sessions end; its history stays. */
  'accounts.deactivateUser': method({
    input: z.object({ id: idSchema }).strict(),
    perm: 'users',
    write: true,
    handler: (ctx, input) => {
      const { before, after } = updateUser(ctx.db, ctx.actor, readSettings(ctx.db).loginRequired, input.id, {
        active: false,
      });
      ctx.audit({
        module: 'accounts',
        action: 'deactivateUser',
        record: `user:${after.login}`,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    },
  }),

  /** 重置密码 by a 主任/管理员: also clears a lock and ends the user's sessions. */
  'accounts.resetPassword': method({
    input: z.object({ id: idSchema, password: passwordSchema }).strict(),
    perm: 'users',
    write: true,
    handler: (ctx, input) => {
      const u = getUser(ctx.db, input.id);
      setPassword(ctx.db, u.id, input.password);
      endUserSessions(ctx.db, u.id, ctx.actor.userId === u.id ? ctx.actor.sessionId : undefined);
      ctx.audit({
        module: 'accounts',
        action: 'resetPassword',
        record: `user:${u.login}`,
        after: { credential: 'reset' },
      });
      return getUser(ctx.db, u.id);
    },
  }),

  /** 解锁 before the lock runs out. */
  'accounts.unlockUser': method({
    input: z.object({ id: idSchema }).strict(),
    perm: 'users',
    write: true,
    handler: (ctx, input) => {
      const u = getUser(ctx.db, input.id);
      unlockUser(ctx.db, u.id);
      ctx.audit({
        module: 'accounts',
        action: 'unlockUser',
        record: `user:${u.login}`,
        before: { lockedUntil: u.lockedUntil, failedCount: u.failedCount },
      });
      return getUser(ctx.db, u.id);
    },
  }),

  /**
   * 启用登录. Someone must be able to log in and manage accounts afterwards, so
   * it needs an active 主任 or 管理员 account, confirmed with its password; the
   * caller continues as that account (the token is returned).
   */
  'accounts.enableLogin': method({
    input: z.object({ login: loginSchema, password: passwordSchema }).strict(),
    perm: 'users',
    write: false,
    handler: (ctx, input) => {
      if (readSettings(ctx.db).loginRequired) throw new AppError('login_already_on', '登录已经启用');
      const target = userByLogin(ctx.db, input.login);
      if (!MANAGER_ROLES.includes(target.role)) {
        throw new AppError(
          'need_manager',
          '启用登录需要用主任或管理员账号确认（启用后由该账号管理用户）；请先建立这样的账号并设置密码',
        );
      }
      const user = check(ctx, input.login, input.password);
      return ctx.db.transaction(() => {
        const { before, after } = writeSettings(ctx.db, { loginRequired: true });
        const s = createSession(ctx.db, user.id, ctx.actor.via);
        ctx.audit({
          module: 'settings',
          action: 'enableLogin',
          record: 'settings.loginRequired',
          before,
          after: { ...after, confirmedBy: user.login },
        });
        return {
          token: s.token,
          expiresAt: s.expiresAt,
          user: sessionUser(user),
          permissions: permissionsOf({ role: user.role, singleUser: false }),
        };
      })();
    },
  }),

  /** 关闭登录 (single-user install): confirmed with the caller's own password. */
  'accounts.disableLogin': method({
    input: z.object({ password: passwordSchema }).strict(),
    perm: 'users',
    write: false,
    handler: (ctx, input) => {
      if (!readSettings(ctx.db).loginRequired) throw new AppError('login_already_off', '登录已经是关闭状态');
      requireAccount(ctx);
      check(ctx, ctx.actor.login, input.password);
      ctx.db.transaction(() => {
        const { before, after } = writeSettings(ctx.db, { loginRequired: false });
        endAllSessions(ctx.db);
        ctx.audit({ module: 'settings', action: 'disableLogin', record: 'settings.loginRequired', before, after });
      })();
      return { loginRequired: false as const };
    },
  }),

  /** 审计日志: newest first, filtered by person, date, module, method and record. */
  'audit.query': method({
    input: auditFilterSchema
      .extend({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      const { offset, limit, ...f } = input;
      checkRange(f);
      return { ...queryAudit(ctx.db, f, offset, limit), offset, limit };
    },
  }),

  /** The people and modules present in the log, for the filter drop-downs. */
  'audit.facets': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => auditFacets(ctx.db),
  }),

  /**
   * 导出 Excel: every matching row into an .xlsx file — in the exports folder (the page then
   * downloads it), a file the shell's save dialog chose, or any path at the CLI.
   */
  'audit.export': method({
    input: auditFilterSchema.extend({ out: z.string().min(1).max(1000).optional() }).strict(),
    perm: 'print',
    write: false,
    handler: (ctx, input) => {
      const { out, ...f } = input;
      checkRange(f);
      const exportsDir = appFolder(ctx.dataDir, 'exports');
      const file = callerPath(ctx.actor, out ?? `审计日志-${stamp()}.xlsx`, [exportsDir]);
      if (!file.toLowerCase().endsWith('.xlsx')) throw new AppError('invalid_export_name', '导出文件名应以 .xlsx 结尾');
      const n = countAudit(ctx.db, f);
      if (n > 500_000)
        throw new AppError('too_many_rows', `符合条件的记录有 ${n} 条，超过单个文件能容纳的数量，请缩小日期范围`);
      const r = writeAuditXlsx(file, readSettings(ctx.db).unitName, f, iterateAudit(ctx.db, f));
      auditExport(ctx, { what: '审计日志', rows: r.rows, fileName: path.basename(r.file), filter: f, file: r.file });
      return r;
    },
  }),

  /**
   * An export the page made itself (a grid or report saved as Excel in the window):
   * what, how many rows, and the file name, written to the audit log under the caller.
   */
  'audit.exported': method({
    input: z
      .object({
        what: z.string().trim().min(1).max(200),
        rows: z.number().int().min(0).max(100_000_000),
        fileName: z.string().trim().max(300).optional(),
      })
      .strict(),
    perm: 'print',
    write: false,
    handler: (ctx, input) => {
      auditExport(ctx, { what: input.what, rows: input.rows, fileName: input.fileName || undefined });
      return { logged: true as const };
    },
  }),
} satisfies MethodMap;

export const accountsJobs = {} satisfies JobMap;
