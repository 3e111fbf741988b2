/**
 * Excel export in the page: the sheet writer is shared with the Node-side
 * exports (common/xlsxTable); this adds only the browser download.
 */
import { workbookFromSpecs, writeWorkbook, type SheetOptions } from '../../common/xlsxTable';
import type { TableSpec } from './table';
import { api } from '../api/client';

export {
  neutralise,
  sheetFromSpec,
  signatureFooter,
  signatureRow,
  workbookFromSpecs,
  writeWorkbook,
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
  const name = fileName.endsWith('.xlsx') ? fileName : fileName + '.xlsx';
  const bytes = writeWorkbook(wb);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(
    new Blob([bytes as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  );
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  // What left the workbench, by whom and how many rows, goes into the 审计日志.
  const what = [...new Set(list.map((s) => [s.title, s.period].filter(Boolean).join(' ')))].join('、').slice(0, 200);
  const rows = list.reduce((n, s) => n + s.rows.length, 0);
  void api.call('audit.exported', { what: what || name, rows, fileName: name.slice(0, 300) }).catch(() => {});
}
