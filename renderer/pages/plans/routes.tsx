import type { PageRoute } from '../../app/routeTypes';
import { PlanListPage } from './PlanListPage';
import { PlanEditorPage } from './PlanEditorPage';
import { CompareVersionsPage } from './CompareVersionsPage';
import { ProgressPage } from './ProgressPage';
import { GradeTablePage } from './GradeTablePage';
import { ProgressPrint, SchemePrint } from './PrintViews';

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
