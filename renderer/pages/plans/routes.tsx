import type { PageRoute } from '../../app/routeTypes';

/** Pages of the plans module. */
export const plansRoutes: PageRoute[] = [];
