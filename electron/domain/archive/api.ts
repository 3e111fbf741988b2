/** API methods and jobs of the archive module; merged into the contract in api/contract.ts. */
import type { JobMap, MethodMap } from '../../api/define';

export const archiveMethods = {} satisfies MethodMap;
export const archiveJobs = {} satisfies JobMap;
