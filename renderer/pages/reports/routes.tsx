import type { PageRoute } from '../../app/routeTypes';
import { SalesPage } from './SalesPage';
import { DistributionPage } from './DistributionPage';
import { DrillPage } from './DrillPage';
import { CustomerClassPage } from './CustomerClassPage';
import { ForecastPage } from './ForecastPage';
import { AnalysisPage } from './AnalysisPage';
import { PackPage } from './PackPage';
import {
  AnalysisPrint,
  CustomerClassPrint,
  DistributionPrint,
  ForecastPrint,
  PackPrint,
  SalesPrint,
} from './ReportPrint';

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
    path: '/reports/print/pack',
    label: '月报（打印）',
    group: '统计报表',
    element: <PackPrint />,
    print: true,
    perm: 'print',
  },
];
