/** What other modules may use of imports (the lint zones allow only this file across modules). */
export { cellText, codeText, dayToIso, isBlank, parseDay, parseDecimal, parseFen, type Cell } from './values';
export {
  nextLineId,
  notifyOrdersChanged,
  onOrdersAdded,
  onOrdersChanged,
  onOrdersImported,
  setBatchLines,
  type LineIds,
  type OrderLineSink,
} from './hooks';
