/**
 * 销售计划 words shared by the page and the backend: the levels a plan is broken down to and
 * their Chinese names.
 */
export type Level = 'month' | 'manager' | 'route' | 'retailer' | 'class' | 'brand' | 'spec';
export const LEVEL_LABELS: Record<Level, string> = {
  month: '月份',
  manager: '客户经理',
  route: '线路',
  retailer: '零售客户（参考）',
  class: '价类',
  brand: '品牌',
  spec: '规格',
};
