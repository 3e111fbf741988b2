import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadMonitorPage = () => import('./MonitorPage');
const MonitorPage = lazyNamed(loadMonitorPage, 'MonitorPage');
const loadMonitorPrint = () => import('./MonitorPrint');
const MonitorPrint = lazyNamed(loadMonitorPrint, 'MonitorPrint');

/** Pages of the 内管 module. */
export const monitorRoutes: PageRoute[] = [
  { path: '/monitor', label: '内管预警', group: '内管', element: <MonitorPage />, perm: 'read' },
  {
    path: '/monitor/print',
    label: '内管情况表',
    group: '内管',
    element: <MonitorPrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
];
