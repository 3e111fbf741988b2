/**
 * A table description (./table) written as an Excel sheet through SheetJS:
 * the title, the line under it (单位名称, 统计期间, 单位), merged Chinese
 * headers, numbers kept as numbers in the displayed unit with the displayed
 * precision as a number format, column widths, the 口径说明 note, and text
 * cells that would start a formula (= + - @, tab, CR) neutralised with a
 * leading apostrophe. Writing the file is left to the caller: a download in
 * the page, a file or a base64 answer in Node.
 */
import * as XLSX from 'xlsx';
import { DEFAULT_SIGNATURES, displayValue, excelFormat, type TableColumn, type TableSpec } from './table';

export type Cell = string | number | null;

/** A text that Excel or WPS would run as a formula is prefixed with ' (OWASP CSV injection). */
export function neutralise(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? "'" + v : v;
}

function isText(col: TableColumn): boolean {
  return col.type === undefined || col.type === 'text';
}

/**
 * The cell for a stored value: numbers in the unit the column shows, text
 * neutralised; an empty text stays an empty text cell, an empty number stays
 * an empty cell (never 0).
 */
export function cellValue(col: TableColumn, v: unknown): Cell {
  if (v === '' && isText(col)) return '';
  const d = displayValue(col, v);
  return typeof d === 'string' ? neutralise(d) : d;
}

/** Header rows starting at row `top`: one row, or two with the groups merged over their columns. */
export function headerRows(cols: TableColumn[], top: number): { rows: Cell[][]; merges: XLSX.Range[] } {
  const width = cols.length;
  if (!cols.some((c) => c.group)) return { rows: [cols.map((c) => c.title)], merges: [] };
  const merges: XLSX.Range[] = [];
  const upper: Cell[] = [];
  const lower: Cell[] = [];
  for (let i = 0; i < width; i++) {
    const c = cols[i];
    if (!c.group) {
      upper.push(c.title);
      lower.push(null);
      merges.push({ s: { r: top, c: i }, e: { r: top + 1, c: i } });
    } else {
      const startsGroup = i === 0 || cols[i - 1].group !== c.group;
      upper.push(startsGroup ? c.group : null);
      lower.push(c.title);
      if (startsGroup) {
        let j = i;
        while (j + 1 < width && cols[j + 1].group === c.group) j++;
        if (j > i) merges.push({ s: { r: top, c: i }, e: { r: top, c: j } });
      }
    }
  }
  return { rows: [upper, lower], merges };
}

/** Number formats at the displayed precision on the numeric cells of rows [first, first + count). */
export function applyNumberFormats(ws: XLSX.WorkSheet, cols: TableColumn[], first: number, count: number): void {
  for (let r = first; r < first + count; r++) {
    for (let c = 0; c < cols.length; c++) {
      const fmt = excelFormat(cols[c]);
      const cell = ws[XLSX.utils.encode_cell({ r, c })];
      if (fmt && cell && cell.t === 'n') cell.z = fmt;
    }
  }
}

/** Column widths: the column's own, else from the title's length. */
export function columnWidths(cols: TableColumn[]): XLSX.ColInfo[] {
  return cols.map((c) => ({ wch: c.width ?? Math.max(8, Math.min(40, (c.title.length + 2) * 2)) }));
}

/** A sheet name Excel accepts (no \ / ? * [ ] :, ≤ 31 characters), made unique within `used`. */
export function uniqueSheetName(wanted: string, used: Set<string>): string {
  let name = wanted.replace(/[\\/?*[\]:]/g, '').slice(0, 31) || '表';
  let n = 2;
  while (used.has(name)) name = `${name.slice(0, 28)}(${n++})`;
  used.add(name);
  return name;
}

export interface SheetOptions {
  /**
   * The line under the title. By default 单位名称 (when given), 统计期间 and the
   * 单位 line; a text to write there instead (e.g. the filter an extract was
   * taken with); false for a sheet with no such line.
   */
  infoLine?: string | false;
  /** Rows written below the table and its 口径说明, e.g. the 制表人/审核人 signature line. */
  footer?: (spec: TableSpec) => Cell[][];
}

/** Today as YYYY-MM-DD on the local calendar. */
function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The signature line: the labels spread evenly over the table's width, 制表日期 filled in with `date`. */
export function signatureRow(
  width: number,
  date: string,
  labels: readonly string[] = DEFAULT_SIGNATURES,
): (string | null)[] {
  const texts = labels.map((s) => `${s}：${s === '制表日期' ? date : ''}`);
  // A table narrower than the line: one label a cell, the labels left over share the last cell.
  if (width < labels.length)
    return width < 1 ? [] : [...texts.slice(0, width - 1), texts.slice(width - 1).join('　　　　')];
  const sig: (string | null)[] = new Array(width).fill(null);
  const step = Math.floor(width / labels.length);
  texts.forEach((t, i) => (sig[i * step] = t));
  return sig;
}

/**
 * SheetOptions.footer for a table to be signed: an empty row, then the
 * signature line (by default 制表人 / 审核人 / 制表日期, the print view's).
 * Without a date, 制表日期 is the day the sheet is written.
 */
export function signatureFooter(
  labels: readonly string[] = DEFAULT_SIGNATURES,
  date?: string,
): (spec: TableSpec) => Cell[][] {
  return (spec) => [[], signatureRow(spec.columns.length, date ?? localToday(), labels)];
}

export function sheetFromSpec(spec: TableSpec, unitName?: string, options: SheetOptions = {}): XLSX.WorkSheet {
  const cols = spec.columns;
  const width = cols.length;
  const aoa: Cell[][] = [];
  const merges: XLSX.Range[] = [];
  const fullRow = (text: string) => {
    aoa.push([text, ...Array(width - 1).fill(null)]);
    merges.push({ s: { r: aoa.length - 1, c: 0 }, e: { r: aoa.length - 1, c: width - 1 } });
  };
  fullRow(spec.title);
  if (options.infoLine !== false) {
    const info =
      options.infoLine ??
      [unitName ? `单位名称：${unitName}` : '', spec.period ? `统计期间：${spec.period}` : '', spec.unitLine ?? '']
        .filter(Boolean)
        .join('    ');
    fullRow(info);
  }
  const header = headerRows(cols, aoa.length);
  aoa.push(...header.rows);
  merges.push(...header.merges);
  const firstData = aoa.length;
  const body = [...spec.rows, ...(spec.totals ?? [])];
  for (const row of body) aoa.push(cols.map((c) => cellValue(c, row[c.key])));
  if (spec.note) {
    aoa.push([]);
    fullRow(`口径说明：${spec.note}`);
  }
  if (options.footer) aoa.push(...options.footer(spec));
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  ws['!merges'] = merges;
  applyNumberFormats(ws, cols, firstData, body.length);
  ws['!cols'] = columnWidths(cols);
  return ws;
}

/** One sheet per table, named after its sheetName (else its title), unique within the workbook. */
export function workbookFromSpecs(specs: TableSpec[], unitName?: string, options: SheetOptions = {}): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const spec of specs) {
    XLSX.utils.book_append_sheet(
      wb,
      sheetFromSpec(spec, unitName, options),
      uniqueSheetName(spec.sheetName ?? spec.title, used),
    );
  }
  return wb;
}
