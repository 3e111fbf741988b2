import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadDashboardPage = () => import('./DashboardPage');
const DashboardPage = lazyNamed(loadDashboardPage, 'DashboardPage');
const loadDashboardPrint = () => import('./DashboardPrint');
const DashboardPrint = lazyNamed(loadDashboardPrint, 'DashboardPrint');
const loadIndicatorsPage = () => import('./IndicatorsPage');
const IndicatorsPage = lazyNamed(loadIndicatorsPage, 'IndicatorsPage');
const loadTargetsPage = () => import('./TargetsPage');
const TargetsPage = lazyNamed(loadTargetsPage, 'TargetsPage');
const loadAssessmentPage = () => import('./AssessmentPage');
const AssessmentPage = lazyNamed(loadAssessmentPage, 'AssessmentPage');
const loadAssessmentPrint = () => import('./AssessmentPrint');
const AssessmentPrint = lazyNamed(loadAssessmentPrint, 'AssessmentPrint');

/** Pages of the network module. */
export const networkRoutes: PageRoute[] = [
  { path: '/network', label: '达标情况', group: '网建达标', element: <DashboardPage />, perm: 'read' },
  { path: '/network/assessment', label: '月度考核', group: '网建达标', element: <AssessmentPage />, perm: 'read' },
  { path: '/network/targets', label: '目标录入', group: '网建达标', element: <TargetsPage />, perm: 'edit' },
  { path: '/network/indicators', label: '指标目录', group: '网建达标', element: <IndicatorsPage />, perm: 'edit' },
  {
    path: '/network/print',
    label: '网建指标达标情况表',
    group: '网建达标',
    element: <DashboardPrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
  {
    path: '/network/assessment/print',
    label: '客户经理月度考核表',
    group: '网建达标',
    element: <AssessmentPrint />,
    print: true,
    hidden: true,
    perm: 'print',
  },
];
