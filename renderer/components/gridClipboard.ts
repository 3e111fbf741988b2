/**
 * The grids' clipboard, without the DOM: reading the tab-separated block Excel and WPS put
 * on the clipboard (quoted cells with line breaks included), writing rows back out in the
 * units the grid shows (so Excel takes them as numbers), and planning a paste — which
 * value goes into which cell, by position or by a key in the block's first column, and
 * which cells are refused with the column validator's reason.
 * TSV reading and writing is papaparse's (MIT, the common CSV/TSV parser of the web).
 */
import Papa from 'papaparse';
import type { CellParser } from '../../common/cellValues';
import { halfWidth, sameCellValue } from '../../common/cellValues';
import { decimalsOf, type TableColumn } from '../../common/table';

/** Clipboard text → rows of cells. The line ending after the last row is not a row. */
export function parseTsv(text: string): string[][] {
  const t = text.replace(/\r?\n$/, '');
  if (t === '') return [['']];
  // Excel ends rows with CRLF and breaks lines inside a quoted cell with LF alone.
  const newline = t.includes('\r\n') ? '\r\n' : t.includes('\r') ? '\r' : '\n';
  const r = Papa.parse<string[]>(t, { delimiter: '\t', newline, quoteChar: '"', skipEmptyLines: false });
  return r.data.map((row) => row.map((c) => c ?? ''));
}

/** Rows of cells → clipboard text as Excel writes it (tabs, CRLF, quotes only where needed). */
export function toTsv(rows: string[][]): string {
  if (!rows.length) return '';
  return Papa.unparse(rows, { delimiter: '\t', newline: '\r\n', quotes: false }) + '\r\n';
}

/**
 * A value as copied out: in the unit the column shows (箱, 万元, 元, %), at the shown
 * decimals, without thousands separators, so Excel reads it as a number.
 */
export function copyText(col: TableColumn, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return '';
  const d = decimalsOf(col);
  switch (col.type) {
    case 'cases':
      return (v / 250).toFixed(d);
    case 'wan':
      return (v / 1_000_000).toFixed(d);
    case 'yuan':
      return (v / 100).toFixed(d);
    case 'percent':
    case 'signedPercent':
      return `${(v * 100).toFixed(d)}%`;
    case 'int':
      return String(Math.round(v));
    case 'number':
      return v.toFixed(d);
    default:
      return String(v);
  }
}

/** What a paste needs to know about a grid column. */
export interface PasteColumn {
  key: string;
  title: string;
  /** the column's validator; absent when the column cannot be edited */
  parse?: CellParser;
}

/** What a paste needs to know about a row, in the order the grid shows them. */
export interface PasteRow {
  id: string;
  /** codes and names that identify the row (工号, 线路编码, 客户编码, 姓名) */
  keys?: string[];
  /** the current value of a column */
  value(key: string): unknown;
  /** why this cell takes no paste or fill (a lock, a row that cannot be edited), or null */
  blocked?(key: string): string | null;
  /** true when the cell already shows this text (a read-only cell pasted back unchanged) */
  shows?(key: string, text: string): boolean;
}

export interface PlannedEdit {
  rowIndex: number;
  colIndex: number;
  value: unknown;
}
export interface PasteProblem {
  /** the grid cell, when the problem belongs to one */
  rowIndex?: number;
  colIndex?: number;
  /** where it was in the pasted block (1-based, as a clerk counts) */
  blockRow: number;
  blockCol: number;
  reason: string;
}
export interface PastePlan {
  /** the whole paste refused (nothing written), with the reason */
  refused?: string;
  /** valid cells whose value changes */
  edits: PlannedEdit[];
  /** valid cells, changed or not */
  valid: number;
  invalid: PasteProblem[];
}

const keyFold = (s: string) => halfWidth(s).replace(/\s+/g, '').toUpperCase();

/** The rows a key names: one index, or the count of rows sharing it. */
function keyIndex(rows: PasteRow[]): Map<string, number[]> {
  const idx = new Map<string, number[]>();
  rows.forEach((r, i) => {
    for (const k of new Set((r.keys ?? []).filter(Boolean).map(keyFold))) {
      const list = idx.get(k);
      if (list) list.push(i);
      else idx.set(k, [i]);
    }
  });
  return idx;
}

/**
 * True when the block's first column holds keys the grid knows (most of its non-blank
 * cells name a row) and there is something beside them to paste.
 */
export function looksKeyed(block: string[][], rows: PasteRow[]): boolean {
  if (!block.length || block[0].length < 2) return false;
  const idx = keyIndex(rows);
  const firsts = block.map((r) => (r[0] ?? '').trim()).filter((c) => c !== '');
  if (firsts.length === 0) return false;
  const hits = firsts.filter((c) => idx.has(keyFold(c))).length;
  return hits / firsts.length >= 0.6;
}

/**
 * Where each pasted value goes. By position: from the focused cell right and down; more rows
 * or columns than the grid has there refuses the whole paste. By key: the block's first column
 * names the row, the other columns go into the focused column and to its right.
 * A 1×1 block with several target rows (the selected rows) goes into each of them.
 */
export function planPaste(
  block: string[][],
  rows: PasteRow[],
  cols: PasteColumn[],
  start: { rowIndex: number; colIndex: number },
  opts: { byKey?: boolean; targetRows?: number[] } = {},
): PastePlan {
  const plan: PastePlan = { edits: [], valid: 0, invalid: [] };
  const width = block.reduce((w, r) => Math.max(w, r.length), 0);
  const valueCols = opts.byKey ? width - 1 : width;
  if (valueCols < 1) return { ...plan, refused: '粘贴的内容除第一列外没有数值' };
  const colsLeft = cols.length - start.colIndex;
  if (valueCols > colsLeft)
    return { ...plan, refused: `粘贴的内容有 ${valueCols} 列，从当前列往右只有 ${colsLeft} 列，未粘贴` };

  // Which grid row each block row goes to.
  let targets: (number | { reason: string })[];
  let blockRows = block;
  if (opts.byKey) {
    const idx = keyIndex(rows);
    targets = block.map((r) => {
      const k = (r[0] ?? '').trim();
      const hit = idx.get(keyFold(k));
      if (!hit) return { reason: k === '' ? '第一列为空，找不到对应的行' : `找不到“${k}”` };
      if (hit.length > 1) return { reason: `“${k}”对应 ${hit.length} 行，请用编码` };
      return hit[0];
    });
    blockRows = block.map((r) => r.slice(1));
  } else if (block.length === 1 && width === 1 && opts.targetRows && opts.targetRows.length > 1) {
    targets = opts.targetRows;
    blockRows = opts.targetRows.map(() => block[0]);
  } else {
    const rowsLeft = rows.length - start.rowIndex;
    if (block.length > rowsLeft)
      return {
        ...plan,
        refused: `粘贴的内容有 ${block.length} 行，从当前行往下只有 ${rowsLeft} 行，未粘贴`,
      };
    targets = block.map((_, i) => start.rowIndex + i);
  }

  const seen = new Set<string>();
  blockRows.forEach((cells, bi) => {
    const target = targets[bi];
    for (let bj = 0; bj < valueCols; bj++) {
      const text = cells[bj] ?? '';
      const blockCol = bj + 1 + (opts.byKey ? 1 : 0);
      if (typeof target !== 'number') {
        plan.invalid.push({ blockRow: bi + 1, blockCol, reason: target.reason });
        continue;
      }
      const colIndex = start.colIndex + bj;
      const col = cols[colIndex];
      const row = rows[target];
      const at = { rowIndex: target, colIndex, blockRow: bi + 1, blockCol };
      // A cell that cannot change but receives what it already shows (a block copied out
      // of the grid and pasted back) is left alone without complaint.
      if (!col.parse) {
        if (!row.shows?.(col.key, text)) plan.invalid.push({ ...at, reason: `“${col.title}”列不能修改` });
        continue;
      }
      const blocked = row.blocked?.(col.key);
      if (blocked) {
        const same = col.parse(text);
        if (!(same.ok && sameCellValue(same.value, row.value(col.key)))) plan.invalid.push({ ...at, reason: blocked });
        continue;
      }
      const cellId = `${target}|${colIndex}`;
      if (seen.has(cellId)) {
        plan.invalid.push({ ...at, reason: '同一格在粘贴内容中出现了两次' });
        continue;
      }
      seen.add(cellId);
      const r = col.parse(text);
      if (!r.ok) {
        plan.invalid.push({ ...at, reason: r.reason });
        continue;
      }
      plan.valid++;
      if (!sameCellValue(r.value, row.value(col.key))) plan.edits.push({ rowIndex: target, colIndex, value: r.value });
    }
  });
  return plan;
}

/** The summary after a paste: 「已粘贴 34 格，2 格无效」. */
export function pasteSummary(plan: PastePlan): string {
  if (plan.refused) return plan.refused;
  if (plan.valid === 0) return `未粘贴：${plan.invalid.length} 格无效`;
  return `已粘贴 ${plan.valid} 格${plan.invalid.length ? `，${plan.invalid.length} 格无效` : ''}`;
}
