import type { PageRoute } from '../../app/routeTypes';

/** Pages of the archive module. */
export const archiveRoutes: PageRoute[] = [];
