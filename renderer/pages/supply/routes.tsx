import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadSupplyPage = () => import('./SupplyPage');
const SupplyPage = lazyNamed(loadSupplyPage, 'SupplyPage');
const loadSupplyPrint = () => import('./SupplyPrint');
const SupplyPrint = lazyNamed(loadSupplyPrint, 'SupplyPrint');

/** Pages of 货源投放. */
export const supplyRoutes: PageRoute[] = [
  { path: '/supply', label: '货源投放', group: '销售计划', element: <SupplyPage />, perm: 'read' },
  {
    path: '/supply/print',
    label: '货源投放方案',
    group: '销售计划',
    element: <SupplyPrint />,
    print: true,
    perm: 'print',
  },
];
