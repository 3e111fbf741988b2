import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadMastersPage = () => import('./MastersPage');
const MastersPage = lazyNamed(loadMastersPage, 'MastersPage');
const loadSetsPage = () => import('./SetsPage');
const SetsPage = lazyNamed(loadSetsPage, 'SetsPage');
const loadImportWizard = () => import('./ImportWizard');
const ImportWizard = lazyNamed(loadImportWizard, 'ImportWizard');
const loadImportHistoryPage = () => import('./ImportHistoryPage');
const ImportHistoryPage = lazyNamed(loadImportHistoryPage, 'ImportHistoryPage');
const loadStructurePages = () => import('./StructurePages');
const CustomerStructurePage = lazyNamed(loadStructurePages, 'CustomerStructurePage');
const CustomerStructurePrint = lazyNamed(loadStructurePages, 'CustomerStructurePrint');
const ManagerStructurePage = lazyNamed(loadStructurePages, 'ManagerStructurePage');
const ManagerStructurePrint = lazyNamed(loadStructurePages, 'ManagerStructurePrint');

/** Pages of the masterdata module (基础资料, 数据导入, and the two structure reports). */
export const masterdataRoutes: PageRoute[] = [
  {
    path: '/masterdata/retailers',
    label: '零售客户',
    group: '基础资料',
    element: <MastersPage key="retailers" entity="retailers" />,
    perm: 'read',
  },
  {
    path: '/masterdata/managers',
    label: '客户经理',
    group: '基础资料',
    element: <MastersPage key="managers" entity="managers" />,
    perm: 'read',
  },
  {
    path: '/masterdata/routes',
    label: '线路',
    group: '基础资料',
    element: <MastersPage key="routes" entity="routes" />,
    perm: 'read',
  },
  {
    path: '/masterdata/products',
    label: '卷烟规格',
    group: '基础资料',
    element: <MastersPage key="products" entity="products" />,
    perm: 'read',
  },
  { path: '/masterdata/sets', label: '品牌集/客户集', group: '基础资料', element: <SetsPage />, perm: 'read' },
  { path: '/imports', label: '导入向导', group: '数据导入', element: <ImportWizard />, perm: 'edit' },
  { path: '/imports/history', label: '导入历史', group: '数据导入', element: <ImportHistoryPage />, perm: 'read' },
  {
    path: '/masterdata/customer-structure',
    label: '客户结构分析',
    group: '统计报表',
    element: <CustomerStructurePage />,
    perm: 'read',
  },
  {
    path: '/masterdata/manager-structure',
    label: '客户经理队伍结构',
    group: '统计报表',
    element: <ManagerStructurePage />,
    perm: 'read',
  },
  {
    path: '/masterdata/customer-structure/print',
    label: '客户结构分析表',
    group: '统计报表',
    element: <CustomerStructurePrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
  {
    path: '/masterdata/manager-structure/print',
    label: '客户经理队伍结构表',
    group: '统计报表',
    element: <ManagerStructurePrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
];
