import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadHomePage = () => import('./HomePage');
const HomePage = lazyNamed(loadHomePage, 'HomePage');
const loadSettingsPage = () => import('./SettingsPage');
const SettingsPage = lazyNamed(loadSettingsPage, 'SettingsPage');

export const coreRoutes: PageRoute[] = [
  { path: '/', label: '首页', group: '首页', element: <HomePage /> },
  { path: '/settings', label: '设置', group: '系统', element: <SettingsPage />, perm: 'settings' },
];
