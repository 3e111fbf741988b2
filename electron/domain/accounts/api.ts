/** API methods and jobs of the accounts module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const accountsMethods = {} satisfies MethodMap;
export const accountsJobs = {} satisfies JobMap;
