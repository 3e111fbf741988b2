/** API methods and jobs of the network module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const networkMethods = {} satisfies MethodMap;
export const networkJobs = {} satisfies JobMap;
