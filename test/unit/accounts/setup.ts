/** A backend with login switched on and one account per role, for the accounts tests. */
import { testBackend, type TestBackend } from '../../helpers/backend';
import { hashing } from '../../../electron/domain/accounts/password';

// Cheaper hashes keep the suite fast; secrets.test.ts checks the product's default cost.
hashing.params = { N: 1024, r: 8, p: 1, keylen: 32 };

export const PASSWORDS = {
  admin: 'admin-pass-1',
  clerk: 'clerk-pass-1',
  head: 'head-pass-1',
  viewer: 'viewer-pass-1',
} as const;

export interface Office {
  t: TestBackend;
  tokens: { admin: string; clerk: string; head: string; viewer: string };
  ids: { admin: number; clerk: number; head: number; viewer: number };
  login(login: string, password: string): string;
}

/** Creates 管理员 admin, 内勤 clerk (张敏), 主任 head (李主任), 只读 viewer, and switches login on. */
export function office(opts: Parameters<typeof testBackend>[0] = {}): Office {
  const t = testBackend(opts);
  const admin = t.call('accounts.createUser', {
    login: 'admin',
    name: '王管理',
    role: 'admin',
    password: PASSWORDS.admin,
  });
  const clerk = t.call('accounts.createUser', {
    login: 'clerk',
    name: '张敏',
    role: 'clerk',
    password: PASSWORDS.clerk,
  });
  const head = t.call('accounts.createUser', { login: 'head', name: '李主任', role: 'head', password: PASSWORDS.head });
  const viewer = t.call('accounts.createUser', {
    login: 'viewer',
    name: '赵只读',
    role: 'readonly',
    password: PASSWORDS.viewer,
  });
  const on = t.call('accounts.enableLogin', { login: 'admin', password: PASSWORDS.admin });
  const login = (l: string, p: string) => t.call('accounts.login', { login: l, password: p }).token as string;
  return {
    t,
    login,
    ids: { admin: admin.id, clerk: clerk.id, head: head.id, viewer: viewer.id },
    tokens: {
      admin: on.token,
      clerk: login('clerk', PASSWORDS.clerk),
      head: login('head', PASSWORDS.head),
      viewer: login('viewer', PASSWORDS.viewer),
    },
  };
}
