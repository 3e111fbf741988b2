/** API methods and jobs of the masterdata module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const masterdataMethods = {} satisfies MethodMap;
export const masterdataJobs = {} satisfies JobMap;
