/** API methods and jobs of the plans module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const plansMethods = {} satisfies MethodMap;
export const plansJobs = {} satisfies JobMap;
