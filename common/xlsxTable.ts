/**
 * A table description (./table) written as an Excel sheet through SheetJS:
 * the title, the line under it (单位名称, 统计期间, 单位), merged Chinese
 * headers, numbers kept as numbers in the displayed unit with the displayed
 * precision as a number format, column widths, the 口径说明 note, and text
 * cells that would start a formula (= + - @, tab, CR) neutralised with a
 * leading apostrophe; and the print setup every sheet carries (A4, landscape
 * when wide, fit to one page wide, the title and header rows repeated on each
 * page, panes frozen under the header and after the key column), written by
 * writeWorkbook. Saving the bytes is left to the caller: a download in the
 * page, a file or a base64 answer in Node.
 */
import * as XLSX from 'xlsx';
import { DEFAULT_SIGNATURES, displayValue, excelFormat, type TableColumn, type TableSpec } from './table';
import { todayText } from './days';

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
  /** false for a sheet with no title row (an import layout: the header row first). */
  title?: false;
  /**
   * The line under the title. By default 单位名称 (when given), 统计期间 and the
   * 单位 line; a text to write there instead (e.g. the filter an extract was
   * taken with); false for a sheet with no such line.
   */
  infoLine?: string | false;
  /** Rows written below the table and its 口径说明, e.g. the 制表人/审核人 signature line. */
  footer?: (spec: TableSpec) => Cell[][];
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
  return (spec) => [[], signatureRow(spec.columns.length, date ?? todayText(), labels)];
}

/** How a sheet prints and opens (kept on the sheet as `!print`; written by writeWorkbook). */
export interface PrintSetup {
  landscape: boolean;
  /** rows 1..n repeated at the top of every printed page (title, info line, headers) */
  repeatRows: number;
  /** rows and columns frozen when the sheet opens */
  freezeRows: number;
  freezeCols: number;
}

/** Wider than a portrait A4 page (about 90 characters of column width): print landscape. */
const PORTRAIT_WIDTH = 90;

export function printSetupOf(ws: XLSX.WorkSheet): PrintSetup | undefined {
  return (ws as { '!print'?: PrintSetup })['!print'];
}

export function setPrintSetup(ws: XLSX.WorkSheet, p: PrintSetup): void {
  (ws as { '!print'?: PrintSetup })['!print'] = p;
  if (!ws['!margins']) ws['!margins'] = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 };
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
  if (options.title !== false) fullRow(spec.title);
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
  const totalWidth = ws['!cols'].reduce((a, c) => a + (c.wch ?? 8), 0);
  setPrintSetup(ws, {
    landscape: totalWidth > PORTRAIT_WIDTH,
    repeatRows: firstData,
    freezeRows: firstData,
    // the first column names the row (规格, 客户经理…): kept in view when scrolling right
    freezeCols: width > 4 && isText(cols[0]) ? 1 : 0,
  });
  return ws;
}

const colName = (c: number) => XLSX.utils.encode_col(c);

/** The sheet XML with the print setup of `p` written into it (OOXML element order kept). */
export function patchSheetXml(xml: string, p: PrintSetup): string {
  let out = xml;
  // <sheetPr> comes first in <worksheet>: fit to page needs pageSetUpPr there
  if (/<sheetPr[\s>/]/.test(out)) {
    out = out.replace(/<sheetPr([^>]*)\/>/, '<sheetPr$1><pageSetUpPr fitToPage="1"/></sheetPr>');
    if (!out.includes('pageSetUpPr')) out = out.replace('</sheetPr>', '<pageSetUpPr fitToPage="1"/></sheetPr>');
  } else out = out.replace(/(<worksheet[^>]*>)/, '$1<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>');
  if (p.freezeRows > 0 || p.freezeCols > 0) {
    const top = `${colName(p.freezeCols)}${p.freezeRows + 1}`;
    const pane = p.freezeCols > 0 && p.freezeRows > 0 ? 'bottomRight' : p.freezeRows > 0 ? 'bottomLeft' : 'topRight';
    const attrs = [
      p.freezeCols > 0 ? `xSplit="${p.freezeCols}"` : '',
      p.freezeRows > 0 ? `ySplit="${p.freezeRows}"` : '',
      `topLeftCell="${top}"`,
      `activePane="${pane}"`,
      'state="frozen"',
    ]
      .filter(Boolean)
      .join(' ');
    out = out.replace(
      /<sheetView([^>]*)\/>/,
      `<sheetView$1><pane ${attrs}/><selection pane="${pane}" activeCell="${top}" sqref="${top}"/></sheetView>`,
    );
  }
  const setup = `<pageSetup paperSize="9" orientation="${p.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`;
  out = /<pageMargins[^>]*\/>/.test(out)
    ? out.replace(/(<pageMargins[^>]*\/>)/, `$1${setup}`)
    : out.replace('</sheetData>', `</sheetData>${setup}`);
  return out;
}

/**
 * The workbook as .xlsx bytes with every sheet's print setup: SheetJS writes
 * the cells, merges and the repeated rows (defined names _xlnm.Print_Titles);
 * the page setup and frozen panes, which it does not write, are added to each
 * sheet's XML in the zip it produced.
 */
export function writeWorkbook(wb: XLSX.WorkBook): Uint8Array {
  const names = (wb.Workbook ??= {}).Names ?? [];
  wb.SheetNames.forEach((name, i) => {
    const p = printSetupOf(wb.Sheets[name]);
    if (!p || p.repeatRows < 1) return;
    if (names.some((n) => n.Name === '_xlnm.Print_Titles' && n.Sheet === i)) return;
    names.push({ Name: '_xlnm.Print_Titles', Sheet: i, Ref: `'${name.replace(/'/g, "''")}'!$1:$${p.repeatRows}` });
  });
  wb.Workbook.Names = names;
  const bytes = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  const zip = XLSX.CFB.read(new Uint8Array(bytes), { type: 'array' });
  const dec = new TextDecoder();
  const enc = new TextEncoder();
  wb.SheetNames.forEach((name, i) => {
    const p = printSetupOf(wb.Sheets[name]);
    if (!p) return;
    const entry = XLSX.CFB.find(zip, `/xl/worksheets/sheet${i + 1}.xml`);
    if (!entry) return;
    entry.content = enc.encode(patchSheetXml(dec.decode(entry.content as Uint8Array), p));
    entry.size = (entry.content as Uint8Array).length;
  });
  return XLSX.CFB.write(zip, { type: 'array', fileType: 'zip', compression: true }) as Uint8Array;
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
