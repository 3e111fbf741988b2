import type { PageRoute } from '../../app/routeTypes';
import { lazyNamed } from '../../app/lazyPage';

const loadSalesPage = () => import('./SalesPage');
const SalesPage = lazyNamed(loadSalesPage, 'SalesPage');
const loadDistributionPage = () => import('./DistributionPage');
const DistributionPage = lazyNamed(loadDistributionPage, 'DistributionPage');
const loadDrillPage = () => import('./DrillPage');
const DrillPage = lazyNamed(loadDrillPage, 'DrillPage');
const loadCustomerClassPage = () => import('./CustomerClassPage');
const CustomerClassPage = lazyNamed(loadCustomerClassPage, 'CustomerClassPage');
const loadForecastPage = () => import('./ForecastPage');
const ForecastPage = lazyNamed(loadForecastPage, 'ForecastPage');
const loadAnalysisPage = () => import('./AnalysisPage');
const AnalysisPage = lazyNamed(loadAnalysisPage, 'AnalysisPage');
const loadPackPage = () => import('./PackPage');
const PackPage = lazyNamed(loadPackPage, 'PackPage');
const loadWeeklyPage = () => import('./WeeklyPage');
const WeeklyPage = lazyNamed(loadWeeklyPage, 'WeeklyPage');
const loadReportPrint = () => import('./ReportPrint');
const WeeklyPrint = lazyNamed(loadReportPrint, 'WeeklyPrint');
const AnalysisPrint = lazyNamed(loadReportPrint, 'AnalysisPrint');
const CustomerClassPrint = lazyNamed(loadReportPrint, 'CustomerClassPrint');
const DistributionPrint = lazyNamed(loadReportPrint, 'DistributionPrint');
const ForecastPrint = lazyNamed(loadReportPrint, 'ForecastPrint');
const PackPrint = lazyNamed(loadReportPrint, 'PackPrint');
const SalesPrint = lazyNamed(loadReportPrint, 'SalesPrint');

/** Pages of the reports module. */
export const reportsRoutes: PageRoute[] = [
  { path: '/reports/sales', label: '销售情况表', group: '统计报表', element: <SalesPage />, perm: 'read' },
  {
    path: '/reports/distribution',
    label: '分销与四率',
    group: '统计报表',
    element: <DistributionPage />,
    perm: 'read',
  },
  {
    path: '/reports/customer-class',
    label: '客户分类销售一览',
    group: '统计报表',
    element: <CustomerClassPage />,
    perm: 'read',
  },
  { path: '/reports/forecast', label: '需求预测', group: '统计报表', element: <ForecastPage />, perm: 'read' },
  { path: '/reports/analysis', label: '分析报告', group: '统计报表', element: <AnalysisPage />, perm: 'read' },
  { path: '/reports/weekly', label: '周报', group: '统计报表', element: <WeeklyPage />, perm: 'read' },
  { path: '/reports/pack', label: '月报', group: '统计报表', element: <PackPage />, perm: 'print' },
  {
    path: '/reports/drill',
    label: '零售客户明细',
    group: '统计报表',
    element: <DrillPage />,
    hidden: true,
    perm: 'read',
  },
  {
    path: '/reports/print/sales',
    label: '销售情况表（打印）',
    group: '统计报表',
    element: <SalesPrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/reports/print/distribution',
    label: '分销与四率（打印）',
    group: '统计报表',
    element: <DistributionPrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/reports/print/customer-class',
    label: '客户分类销售一览（打印）',
    group: '统计报表',
    element: <CustomerClassPrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/reports/print/analysis',
    label: '分析报告（打印）',
    group: '统计报表',
    element: <AnalysisPrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/reports/print/forecast',
    label: '需求预测（打印）',
    group: '统计报表',
    element: <ForecastPrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/reports/print/weekly',
    label: '周报（打印）',
    group: '统计报表',
    element: <WeeklyPrint />,
    print: true,
    perm: 'print',
  },
  {
    path: '/reports/print/pack',
    label: '月报（打印）',
    group: '统计报表',
    element: <PackPrint />,
    print: true,
    perm: 'print',
  },
];
