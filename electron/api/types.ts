/**
 * The one entry through which the page (renderer/, common/) reaches the
 * contract: types only, so nothing of the Node side is bundled into the page.
 * The lint zones allow no other file of electron/ there.
 */
export type {
  ErrorPayload,
  Input,
  JobEvent,
  JobInput,
  JobName,
  JobOutput,
  MethodName,
  Output,
  Result,
  Role,
} from './contract';
export type { CustomerStructure, ManagerStructure } from '../domain/masterdata/structure';
