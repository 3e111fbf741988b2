import type { PageRoute } from './routeTypes';
import { coreRoutes } from '../pages/core/routes';
import { masterdataRoutes } from '../pages/masterdata/routes';
import { reportsRoutes } from '../pages/reports/routes';
import { cultivationRoutes } from '../pages/cultivation/routes';
import { plansRoutes } from '../pages/plans/routes';
import { supplyRoutes } from '../pages/supply/routes';
import { archiveRoutes } from '../pages/archive/routes';
import { networkRoutes } from '../pages/network/routes';
import { monitorRoutes } from '../pages/monitor/routes';
import { accountsRoutes } from '../pages/accounts/routes';
import { gradingRoutes } from '../pages/grading/routes';

/** Navigation groups in the order the left menu shows them. */
export const GROUP_ORDER = [
  '首页',
  '基础资料',
  '数据导入',
  '统计报表',
  '销售计划',
  '文档档案',
  '网建达标',
  '内管',
  '系统',
];

export const allRoutes: PageRoute[] = [
  ...coreRoutes,
  ...masterdataRoutes,
  ...gradingRoutes,
  ...reportsRoutes,
  ...cultivationRoutes,
  ...plansRoutes,
  ...supplyRoutes,
  ...archiveRoutes,
  ...networkRoutes,
  ...monitorRoutes,
  ...accountsRoutes,
];
