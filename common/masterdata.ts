/**
 * 基础资料 words shared by the page and the backend: the four masters and their Chinese names
 * (page titles, confirmations, the backend's answers and messages).
 */
export type Entity = 'managers' | 'routes' | 'retailers' | 'products';
export const ENTITY_LABELS: Record<Entity, string> = {
  managers: '客户经理',
  routes: '线路',
  retailers: '零售客户',
  products: '卷烟规格',
};
