/**
 * The logged-in user as the renderer knows it: who, which role, which
 * permissions. The session token lives only in the API client's memory (never
 * in storage or a URL); reloading the page means logging in again.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { Output } from '@contract';
import { api } from '../../api/client';

export type Me = Output<'accounts.me'>;
export type Permission = Me['permissions'][number];

let current: Me | null = null;
/** Why the last call was sent to 登录 (e.g. 登录已过期，请重新登录), shown on the login page. */
let reason: string | null = null;
const subscribers = new Set<() => void>();

function publish(me: Me | null) {
  current = me;
  for (const s of subscribers) s();
}

function subscribe(cb: () => void) {
  subscribers.add(cb);
  return () => subscribers.delete(cb);
}

/** Asks the backend who the caller is now. */
export async function refreshMe(): Promise<Me | null> {
  try {
    publish(await api.call('accounts.me', {}));
  } catch {
    publish(null);
  }
  return current;
}

export function loginReason(): string | null {
  return reason;
}

export async function logIn(login: string, password: string) {
  const r = await api.call('accounts.login', { login, password });
  reason = null;
  api.setToken(r.token);
  await refreshMe();
  return r;
}

/** Continues as the account that confirmed switching login on. */
export async function adoptSession(token: string) {
  api.setToken(token);
  await refreshMe();
}

export async function logOut() {
  try {
    await api.call('accounts.logout', {});
  } finally {
    api.setToken(null);
    await refreshMe();
  }
}

let listening = false;

/** Follows the backend's "log in (again)" answers, once for the whole page. */
function listen() {
  if (listening) return;
  listening = true;
  api.onAuthRequired((_code, message) => {
    // A bare 请先登录 needs no explanation; an expired or disabled session does.
    if (current?.user && message !== '请先登录') reason = message;
    void refreshMe();
  });
}

/** The current user; loads once and follows logins, logouts and expired sessions. */
export function useMe(): Me | null {
  const me = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    listen();
    if (current === null) void refreshMe();
  }, []);
  return me;
}

export function can(me: Me | null, perm: Permission | undefined): boolean {
  if (!perm) return true;
  return !!me && me.permissions.includes(perm);
}
