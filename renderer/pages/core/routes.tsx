import type { PageRoute } from '../../app/routeTypes';
import { HomePage } from './HomePage';
import { SettingsPage } from './SettingsPage';

export const coreRoutes: PageRoute[] = [
  { path: '/', label: '首页', group: '首页', element: <HomePage /> },
  { path: '/settings', label: '设置', group: '系统', element: <SettingsPage />, perm: 'settings' },
];
