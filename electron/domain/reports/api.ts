/** API methods and jobs of the reports module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const reportsMethods = {} satisfies MethodMap;
export const reportsJobs = {} satisfies JobMap;
