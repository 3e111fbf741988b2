import type { ReactNode } from 'react';

/**
 * One page of the app. Each module lists its pages in renderer/pages/<module>/routes.tsx;
 * app/modules.ts gathers them into the left navigation and the router.
 */
export interface PageRoute {
  /** hash path, e.g. '/masterdata/retailers' */
  path: string;
  /** label in the left navigation (Chinese) */
  label: string;
  /** navigation group: 基础资料 / 数据导入 / 统计报表 / 销售计划 / 文档档案 / 网建达标 / 系统 */
  group: string;
  element: ReactNode;
  /** hidden from the navigation (detail pages, drill-downs) */
  hidden?: boolean;
  /** a print view: rendered without the app shell, for printing and PDF */
  print?: boolean;
  /**
   * The permission the page needs ('read', 'edit', 'users', …; see electron/api/permissions.ts):
   * for a page whose purpose is changing data, the permission of its main action's method.
   * The navigation hides it from roles without it, and the shell shows 无权限 in its place to a
   * logged-in user without it who opens it by its address; the backend router is what enforces it.
   */
  perm?: 'public' | 'read' | 'print' | 'edit' | 'approve' | 'users' | 'settings' | 'admin';
}
