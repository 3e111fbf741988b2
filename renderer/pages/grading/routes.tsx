import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadGradingPage = () => import('./GradingPage');
const GradingPage = lazyNamed(loadGradingPage, 'GradingPage');
const loadGradingPrint = () => import('./GradingPrint');
const GradingPrint = lazyNamed(loadGradingPrint, 'GradingPrint');

/** Pages of the 客户分档 module. */
export const gradingRoutes: PageRoute[] = [
  { path: '/grading', label: '客户分档', group: '基础资料', element: <GradingPage />, perm: 'read' },
  {
    path: '/grading/print',
    label: '客户档位调整名单',
    group: '基础资料',
    element: <GradingPrint />,
    print: true,
    perm: 'print',
  },
];
