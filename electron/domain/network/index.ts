/** What other modules may use of 网建 (the lint zones allow only this file across modules). */
export {
  managerLookup,
  parseCollected,
  parsePass,
  parseTargetPeriod,
  parseWay,
  retailerLookup,
  splitCodes,
} from './importRows';
export { networkReport } from './compute';
