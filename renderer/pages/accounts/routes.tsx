import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadAuditPage = () => import('./AuditPage');
const AuditPage = lazyNamed(loadAuditPage, 'AuditPage');
const loadChangePasswordPage = () => import('./ChangePasswordPage');
const ChangePasswordPage = lazyNamed(loadChangePasswordPage, 'ChangePasswordPage');
const loadLoginPage = () => import('./LoginPage');
const LoginPage = lazyNamed(loadLoginPage, 'LoginPage');
const loadUsersPage = () => import('./UsersPage');
const UsersPage = lazyNamed(loadUsersPage, 'UsersPage');

/** Pages of the accounts module. */
export const accountsRoutes: PageRoute[] = [
  { path: '/login', label: '登录', group: '系统', element: <LoginPage />, hidden: true },
  { path: '/accounts/users', label: '用户管理', group: '系统', element: <UsersPage />, perm: 'users' },
  { path: '/accounts/audit', label: '审计日志', group: '系统', element: <AuditPage />, perm: 'read' },
  { path: '/accounts/password', label: '修改密码', group: '系统', element: <ChangePasswordPage />, hidden: true },
];
