import type { PageRoute } from '../../app/routeTypes';

/** Pages of the accounts module. */
export const accountsRoutes: PageRoute[] = [];
