/**
 * Excel export in the page: the sheet writer is shared with the Node-side
 * exports (common/xlsxTable); this adds only the browser download.
 */
import * as XLSX from 'xlsx';
import { workbookFromSpecs, type SheetOptions } from '../../common/xlsxTable';
import type { TableSpec } from './table';

export {
  neutralise,
  sheetFromSpec,
  signatureFooter,
  signatureRow,
  workbookFromSpecs,
  type SheetOptions,
} from '../../common/xlsxTable';

/** Saves one or more tables as an .xlsx download. */
export function exportXlsx(
  specs: TableSpec | TableSpec[],
  fileName: string,
  unitName?: string,
  options?: SheetOptions,
): void {
  const list = Array.isArray(specs) ? specs : [specs];
  const wb = workbookFromSpecs(list, unitName, options);
  XLSX.writeFile(wb, fileName.endsWith('.xlsx') ? fileName : fileName + '.xlsx', { compression: true });
}
