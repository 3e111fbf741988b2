/** API methods and jobs of the imports module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const importsMethods = {} satisfies MethodMap;
export const importsJobs = {} satisfies JobMap;
