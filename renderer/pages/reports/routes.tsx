import type { PageRoute } from '../../app/routeTypes';

/** Pages of the reports module. */
export const reportsRoutes: PageRoute[] = [];
