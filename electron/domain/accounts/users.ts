/**
 * Local user accounts: 姓名, 登录名, role, active flag, password (scrypt hash).
 * The hash is read only by the credential check in sessions.ts; every other
 * query here names its columns so a hash never reaches a caller.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { ROLE_LABELS, type Actor, type Role } from '../../api/define';
import { AppError } from '../../api/errors';
import { clock } from './clock';
import { checkPasswordPolicy, hashPassword } from './password';

export const ROLES = ['clerk', 'head', 'readonly', 'admin'] as const satisfies readonly Role[];
/** Roles that may manage accounts (perm 'users'): 主任 and 管理员. */
export const MANAGER_ROLES: readonly Role[] = ['head', 'admin'];

/** Logins the app uses itself in the audit log. */
const RESERVED_LOGINS = new Set(['single', 'anonymous', 'system']);

export const loginSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.\-\u4e00-\u9fa5]{2,32}$/, '登录名应为 2–32 个字母、数字、汉字或 _ . -');
export const nameSchema = z.string().trim().min(1, '请填写姓名').max(20, '姓名不能超过 20 个字');
export const roleSchema = z.enum(ROLES);
export const passwordSchema = z.string().min(1, '请输入密码').max(200, '密码太长');

/** What callers may see of a user. */
export interface PublicUser {
  id: number;
  login: string;
  name: string;
  role: Role;
  roleLabel: string;
  active: boolean;
  hasPassword: boolean;
  failedCount: number;
  /** ISO time until which login is refused, when locked now */
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string | null;
  lastLoginAt: string | null;
}

const PUBLIC_COLUMNS = `id, login, name, role, active, (password_hash IS NOT NULL) AS has_password, failed_count,
  locked_until, created_at, updated_at, last_login_at`;

interface PublicRow {
  id: number;
  login: string;
  name: string;
  role: Role;
  active: number;
  has_password: number;
  failed_count: number;
  locked_until: number | null;
  created_at: string;
  updated_at: string | null;
  last_login_at: string | null;
}

function toPublic(r: PublicRow): PublicUser {
  const locked = r.locked_until !== null && r.locked_until > clock.now();
  return {
    id: r.id,
    login: r.login,
    name: r.name,
    role: r.role,
    roleLabel: ROLE_LABELS[r.role],
    active: r.active === 1,
    hasPassword: r.has_password === 1,
    failedCount: r.failed_count,
    lockedUntil: locked ? new Date(r.locked_until!).toISOString() : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastLoginAt: r.last_login_at,
  };
}

export function listUsers(db: Database): PublicUser[] {
  const rows = db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM users ORDER BY active DESC, login`).all() as PublicRow[];
  return rows.map(toPublic);
}

export function getUser(db: Database, id: number): PublicUser {
  const r = db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM users WHERE id = ?`).get(id) as PublicRow | undefined;
  if (!r) throw new AppError('unknown_user', `找不到编号为 ${id} 的用户`);
  return toPublic(r);
}

export function findUserByLogin(db: Database, login: string): PublicUser | null {
  const r = db.prepare(`SELECT ${PUBLIC_COLUMNS} FROM users WHERE login = ?`).get(login.trim()) as
    PublicRow | undefined;
  return r ? toPublic(r) : null;
}

export function userByLogin(db: Database, login: string): PublicUser {
  const u = findUserByLogin(db, login);
  if (!u) throw new AppError('unknown_user', `找不到登录名为“${login}”的用户`);
  return u;
}

/** Active accounts with a password that can still manage users, other than `exceptId`. */
function managersLeft(db: Database, exceptId: number): number {
  const r = db
    .prepare(
      `SELECT count(*) AS n FROM users WHERE active = 1 AND password_hash IS NOT NULL
       AND role IN ('head', 'admin') AND id <> ?`,
    )
    .get(exceptId) as { n: number };
  return r.n;
}

/**
 * With login on, someone must still be able to log in and manage accounts;
 * otherwise the install could only be recovered by editing the database.
 */
function guardLastManager(
  db: Database,
  loginRequired: boolean,
  before: PublicUser,
  after: { role: Role; active: boolean },
): void {
  if (!loginRequired) return;
  const wasManager = before.active && before.hasPassword && MANAGER_ROLES.includes(before.role);
  const staysManager = after.active && MANAGER_ROLES.includes(after.role);
  if (wasManager && !staysManager && managersLeft(db, before.id) === 0) {
    throw new AppError('last_manager', '这是最后一个可以管理用户的启用账号（主任或管理员），不能停用或改为其他角色');
  }
}

export interface NewUser {
  login: string;
  name: string;
  role: Role;
  password: string;
}

export function createUser(db: Database, u: NewUser): PublicUser {
  const login = u.login.trim();
  if (RESERVED_LOGINS.has(login.toLowerCase()))
    throw new AppError('login_reserved', `登录名“${login}”由系统保留，请换一个`);
  if (findUserByLogin(db, login)) throw new AppError('login_taken', `登录名“${login}”已被使用`);
  checkPasswordPolicy(u.password);
  const hash = hashPassword(u.password);
  const r = db
    .prepare('INSERT INTO users(login, name, role, password_hash) VALUES (?, ?, ?, ?)')
    .run(login, u.name.trim(), u.role, hash);
  return getUser(db, Number(r.lastInsertRowid));
}

export interface UserPatch {
  name?: string;
  role?: Role;
  active?: boolean;
}

export function updateUser(
  db: Database,
  actor: Actor,
  loginRequired: boolean,
  id: number,
  patch: UserPatch,
): { before: PublicUser; after: PublicUser } {
  const before = getUser(db, id);
  const next = {
    name: patch.name?.trim() ?? before.name,
    role: patch.role ?? before.role,
    active: patch.active ?? before.active,
  };
  if (actor.userId === id && !next.active) throw new AppError('cannot_deactivate_self', '不能停用当前登录的账号');
  if (actor.userId === id && next.role !== before.role && !actor.singleUser) {
    throw new AppError('cannot_change_own_role', '不能修改自己的角色，请由另一位主任或管理员操作');
  }
  guardLastManager(db, loginRequired, before, next);
  db.prepare(
    `UPDATE users SET name = ?, role = ?, active = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(next.name, next.role, next.active ? 1 : 0, id);
  // A deactivated account is logged out everywhere at once.
  if (!next.active) db.prepare('DELETE FROM sessions WHERE user_id = ?').run(id);
  return { before, after: getUser(db, id) };
}

/** Sets a new password (reset by a manager or changed by the user); clears a lock. */
export function setPassword(db: Database, id: number, password: string): void {
  checkPasswordPolicy(password);
  const hash = hashPassword(password);
  db.prepare(
    `UPDATE users SET password_hash = ?, failed_count = 0, locked_until = NULL,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(hash, id);
}

export function unlockUser(db: Database, id: number): void {
  db.prepare('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(id);
}

/** For the audit log: the parts of a user worth comparing, without secrets. */
export function auditView(u: PublicUser) {
  return { login: u.login, name: u.name, role: u.roleLabel, active: u.active };
}
