/**
 * Who is calling. With login switched off (the default for a one-person
 * install) every call acts as the single 内勤 user.
 */
import type { Database } from 'better-sqlite3';
import type { Actor } from '../../api/define';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings/settings';

export const SINGLE_USER: Omit<Actor, 'via'> = {
  userId: 0,
  login: 'single',
  name: '内勤（单用户）',
  role: 'clerk',
  singleUser: true,
};

export type TokenResolver = (db: Database, token: string) => Omit<Actor, 'via'> | null;

let tokenResolver: TokenResolver | null = null;

/** The accounts module registers how a session token maps to a user. */
export function setTokenResolver(r: TokenResolver): void {
  tokenResolver = r;
}

export function resolveActor(db: Database, token: string | undefined, via: string): Actor {
  const s = readSettings(db);
  if (!s.loginRequired) return { ...SINGLE_USER, via };
  const found = token && tokenResolver ? tokenResolver(db, token) : null;
  if (!found) throw new AppError('login_required', '请先登录');
  return { ...found, via };
}
