import type { PageRoute } from '../../app/routeTypes';

/** Pages of the network module. */
export const networkRoutes: PageRoute[] = [];
