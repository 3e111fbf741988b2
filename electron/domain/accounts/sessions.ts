/**
 * Logging in: the credential check with its lockout (5 wrong passwords lock the
 * account for a few minutes), and sessions. A session token is 32 random bytes
 * handed to the caller once; the database keeps only its SHA-256, so a copy of
 * the database file does not let anyone act as a logged-in user.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { Actor, AuditEntry, Role } from '../../api/define';
import { AppError } from '../../api/errors';
import { clock } from './clock';
import { hashPassword, needsRehash, verifyPassword } from './password';

/** Wrong passwords in a row that lock an account. */
export const LOCK_AFTER = 5;
/** How long a lock lasts. */
export const LOCK_MS = 5 * 60_000;
/**
 * The one answer to a wrong password and to an unknown login name alike, so the
 * answer does not tell which accounts exist.
 */
export const WRONG_CREDENTIALS = '登录名或密码不正确';
/** What the audit log records for a login name that is not an account (never what was typed). */
export const UNKNOWN_ACCOUNT = '未知账号';

/** A session lasts a working day; then the user logs in again. */
export const SESSION_TTL_MS = 8 * 3600_000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

interface CredentialRow {
  id: number;
  login: string;
  name: string;
  role: Role;
  active: number;
  password_hash: string | null;
  failed_count: number;
  locked_until: number | null;
}

function credentialRow(db: Database, login: string): CredentialRow | undefined {
  return db
    .prepare(
      'SELECT id, login, name, role, active, password_hash, failed_count, locked_until FROM users WHERE login = ?',
    )
    .get(login.trim()) as CredentialRow | undefined;
}

function minutesLeft(until: number): number {
  return Math.max(1, Math.ceil((until - clock.now()) / 60_000));
}

export interface CheckedUser {
  id: number;
  login: string;
  name: string;
  role: Role;
}

/**
 * Checks a login name and password. Wrong passwords are counted (and the lock
 * set) in their own transaction, so the count survives the refusal that follows;
 * the caller must therefore not be inside a transaction. `audit` receives the
 * failure and lock events, attributed to the account they concern.
 */
export function checkCredentials(
  db: Database,
  login: string,
  password: string,
  audit: (user: CheckedUser | null, e: AuditEntry) => void,
): CheckedUser {
  const row = credentialRow(db, login);
  const now = clock.now();
  if (row && row.locked_until !== null && row.locked_until > now) {
    // Still locked: the password is not even checked, so guessing gains nothing.
    throw new AppError(
      'account_locked',
      `密码连续输错 ${LOCK_AFTER} 次，账号已锁定，请 ${minutesLeft(row.locked_until)} 分钟后再试，或请主任/管理员重置密码`,
    );
  }
  const ok = verifyPassword(password, row?.password_hash ?? null);
  if (!row || !ok) {
    const user = row ? { id: row.id, login: row.login, name: row.name, role: row.role } : null;
    if (row) {
      // A lock that has run out starts a fresh count.
      const previous = row.locked_until !== null ? 0 : row.failed_count;
      const failed = previous + 1;
      const lock = failed >= LOCK_AFTER;
      db.transaction(() => {
        db.prepare('UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?').run(
          lock ? 0 : failed,
          lock ? now + LOCK_MS : null,
          row.id,
        );
        audit(user, {
          module: 'accounts',
          action: lock ? 'lock' : 'loginFailed',
          record: `user:${row.login}`,
          after: { failedCount: failed, ...(lock ? { lockedMinutes: LOCK_MS / 60_000 } : {}) },
        });
      })();
      if (lock)
        throw new AppError(
          'account_locked',
          `密码连续输错 ${LOCK_AFTER} 次，账号已锁定 ${LOCK_MS / 60_000} 分钟，请稍后再试，或请主任/管理员重置密码`,
        );
      throw new AppError('wrong_password', WRONG_CREDENTIALS);
    }
    // What was typed is never stored: it is often a password typed into the wrong box.
    db.transaction(() => audit(null, { module: 'accounts', action: 'loginFailed', record: UNKNOWN_ACCOUNT }))();
    throw new AppError('wrong_password', WRONG_CREDENTIALS);
  }
  if (row.active !== 1) throw new AppError('account_disabled', '该账号已停用，请联系主任或管理员');
  if (row.failed_count !== 0 || row.locked_until !== null) {
    db.prepare('UPDATE users SET failed_count = 0, locked_until = NULL WHERE id = ?').run(row.id);
  }
  // A hash made with older (cheaper) parameters is replaced now that the password is known.
  if (row.password_hash && needsRehash(row.password_hash)) {
    db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hashPassword(password), row.id);
  }
  return { id: row.id, login: row.login, name: row.name, role: row.role };
}

export interface NewSession {
  token: string;
  sessionId: string;
  expiresAt: string;
}

export function createSession(db: Database, userId: number, via: string): NewSession {
  const now = clock.now();
  const token = randomBytes(32).toString('base64url');
  const sessionId = tokenHash(token);
  const expires = now + SESSION_TTL_MS;
  // Old sessions are cleared as new ones are made; nothing else needs to sweep.
  db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  db.prepare('INSERT INTO sessions(token_hash, user_id, via, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    sessionId,
    userId,
    via,
    now,
    expires,
  );
  db.prepare(`UPDATE users SET last_login_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`).run(userId);
  return { token, sessionId, expiresAt: new Date(expires).toISOString() };
}

export function endSession(db: Database, sessionId: string): boolean {
  return db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sessionId).changes > 0;
}

/** Ends every session of a user except `keep` (the one asking). */
export function endUserSessions(db: Database, userId: number, keep?: string): number {
  return db.prepare('DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?').run(userId, keep ?? '').changes;
}

export function endAllSessions(db: Database): void {
  db.prepare('DELETE FROM sessions').run();
}

/**
 * The user behind a token, or null when the token is unknown. An expired
 * session or a deactivated account is refused with its own message.
 * Read-only: resolving runs before every call and must not need a write lock.
 */
export function resolveToken(db: Database, token: string): Omit<Actor, 'via'> | null {
  if (typeof token !== 'string' || token.length < 20 || token.length > 200) return null;
  const id = tokenHash(token);
  const r = db
    .prepare(
      `SELECT u.id, u.login, u.name, u.role, u.active, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash = ?`,
    )
    .get(id) as { id: number; login: string; name: string; role: Role; active: number; expires_at: number } | undefined;
  if (!r) return null;
  // Both say "log in again" to every transport (code login_required); the message says why.
  if (r.expires_at <= clock.now()) throw new AppError('login_required', '登录已过期，请重新登录');
  if (r.active !== 1) throw new AppError('login_required', '该账号已停用，请联系主任或管理员');
  return { userId: r.id, login: r.login, name: r.name, role: r.role, singleUser: false, sessionId: id };
}
