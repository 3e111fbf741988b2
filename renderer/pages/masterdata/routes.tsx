import type { PageRoute } from '../../app/routeTypes';

/** Pages of the masterdata module. */
export const masterdataRoutes: PageRoute[] = [];
