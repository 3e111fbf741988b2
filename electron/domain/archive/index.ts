/** Public entry of the archive module for the backend: the queue of attachment text still to be read. */
export {
  claimWaiting,
  extractAllWaiting,
  extractStored,
  nextWaiting,
  saveExtracted,
  waitingCount,
  type WaitingBlob,
} from './textQueue';
export type { Extracted } from './blobTypes';
