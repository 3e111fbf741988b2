/**
 * Who is calling. With login switched off (the default for a one-person
 * install) every call acts as the single 内勤 user; with it on, the caller's
 * session token names the user, whatever the transport (IPC, HTTP, CLI).
 */
import type { Database } from 'better-sqlite3';
import type { Actor } from '../../api/define';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings';
import { resolveToken } from './sessions';

export const SINGLE_USER: Omit<Actor, 'via'> = {
  userId: 0,
  login: 'single',
  name: '内勤（单用户）',
  role: 'clerk',
  singleUser: true,
};

export type TokenResolver = (db: Database, token: string) => Omit<Actor, 'via'> | null;

let tokenResolver: TokenResolver = resolveToken;

/** Replaces how a session token maps to a user (the accounts module's sessions by default). */
export function setTokenResolver(r: TokenResolver): void {
  tokenResolver = r;
}

export function resolveActor(db: Database, token: string | undefined, via: string): Actor {
  const s = readSettings(db);
  if (!s.loginRequired) {
    // Login off: anyone at the PC may do everything. A named user who logged in
    // anyway (the CLI's --user) is still recorded by name in the audit log.
    let named: Omit<Actor, 'via'> | null;
    try {
      named = token ? tokenResolver(db, token) : null;
    } catch {
      named = null;
    }
    return named ? { ...named, singleUser: true, via } : { ...SINGLE_USER, via };
  }
  const found = token ? tokenResolver(db, token) : null;
  if (!found) throw new AppError('login_required', '请先登录');
  return { ...found, via };
}
