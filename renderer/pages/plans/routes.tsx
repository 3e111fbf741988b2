import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadPlanListPage = () => import('./PlanListPage');
const PlanListPage = lazyNamed(loadPlanListPage, 'PlanListPage');
const loadPlanEditorPage = () => import('./PlanEditorPage');
const PlanEditorPage = lazyNamed(loadPlanEditorPage, 'PlanEditorPage');
const loadCompareVersionsPage = () => import('./CompareVersionsPage');
const CompareVersionsPage = lazyNamed(loadCompareVersionsPage, 'CompareVersionsPage');
const loadProgressPage = () => import('./ProgressPage');
const ProgressPage = lazyNamed(loadProgressPage, 'ProgressPage');
const loadGradeTablePage = () => import('./GradeTablePage');
const GradeTablePage = lazyNamed(loadGradeTablePage, 'GradeTablePage');
const loadPrintViews = () => import('./PrintViews');
const ProgressPrint = lazyNamed(loadPrintViews, 'ProgressPrint');
const SchemePrint = lazyNamed(loadPrintViews, 'SchemePrint');

/** Pages of the plans module. */
export const plansRoutes: PageRoute[] = [
  { path: '/plans', label: '计划编制', group: '销售计划', element: <PlanListPage />, perm: 'read' },
  { path: '/plans/progress', label: '计划进度', group: '销售计划', element: <ProgressPage />, perm: 'read' },
  { path: '/plans/grades', label: '按档位投放', group: '销售计划', element: <GradeTablePage />, perm: 'read' },
  { path: '/plans/edit', label: '计划', group: '销售计划', element: <PlanEditorPage />, hidden: true, perm: 'read' },
  {
    path: '/plans/compare',
    label: '版本对比',
    group: '销售计划',
    element: <CompareVersionsPage />,
    hidden: true,
    perm: 'read',
  },
  {
    path: '/plans/scheme-print',
    label: '计划分解表',
    group: '销售计划',
    element: <SchemePrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/plans/progress-print',
    label: '进度通报',
    group: '销售计划',
    element: <ProgressPrint />,
    print: true,
    perm: 'print',
  },
];
