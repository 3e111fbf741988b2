import type { Permission, Role } from './define';

/**
 * What each role may do (PRODUCT.md §7, issue "accounts and roles").
 * 内勤 edits; 主任 reads, approves, prints and manages users; 只读 reads and prints;
 * 管理员 manages users and settings. The install's everyday settings (单位名称,
 * 年度, 档位 weights, backups) are 'settings': the clerk who runs the office keeps
 * them too. Switching login on or off is not a setting but accounts.enableLogin /
 * accounts.disableLogin ('users', confirmed with a password).
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  clerk: new Set<Permission>(['public', 'read', 'print', 'edit', 'settings']),
  head: new Set<Permission>(['public', 'read', 'print', 'approve', 'users']),
  readonly: new Set<Permission>(['public', 'read', 'print']),
  admin: new Set<Permission>(['public', 'read', 'print', 'users', 'settings', 'admin']),
};

export function roleAllows(role: Role, perm: Permission, singleUser: boolean): boolean {
  // With login switched off the install has one person who does everything.
  if (singleUser) return true;
  return ROLE_PERMISSIONS[role].has(perm);
}
