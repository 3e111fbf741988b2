/**
 * One description of a report table serves the grid, the Excel export and the
 * print view, so the three always show the same numbers in the same layout.
 * Pure data and arithmetic: used by the renderer and by Node (CLI and service
 * exports) alike, so it imports nothing.
 */
export type ColumnType = 'text' | 'int' | 'number' | 'cases' | 'wan' | 'yuan' | 'percent' | 'signedPercent' | 'date';

export interface TableColumn {
  key: string;
  title: string;
  /** upper header row for merged Chinese headers, e.g. 销量(箱) over 本期 / 同期 / 同比 */
  group?: string;
  /**
   * How the stored value is shown: cases = 条 shown as 箱; wan = 分 shown as 万元;
   * yuan = 分 shown as 元; percent = a fraction shown as %; int; number (as is).
   */
  type?: ColumnType;
  decimals?: number;
  width?: number;
  align?: 'left' | 'right' | 'center';
}

export interface TableSpec {
  /** 表名, e.g. 卷烟销售情况表 */
  title: string;
  /** 统计期间, e.g. 2026年3月 */
  period?: string;
  /** 单位：箱、万元 */
  unitLine?: string;
  columns: TableColumn[];
  rows: Record<string, unknown>[];
  /** 合计 rows, computed by the query (never summed from rounded cells) */
  totals?: Record<string, unknown>[];
  /** 口径说明: the definitions used */
  note?: string;
  /** sheet name for workbooks (≤ 31 characters) */
  sheetName?: string;
}

/** The signature line under a printed or exported report: 制表人, 审核人, 制表日期. */
export const DEFAULT_SIGNATURES: readonly string[] = ['制表人', '审核人', '制表日期'];

/** The value to put in a cell (Excel) in the unit the column shows; null stays null. */
export function displayValue(col: TableColumn, v: unknown): number | string | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return null;
  switch (col.type) {
    case 'cases':
      return v / 250;
    case 'wan':
      return v / 1_000_000;
    case 'yuan':
      return v / 100;
    default:
      return v;
  }
}

export function decimalsOf(col: TableColumn): number {
  if (col.decimals !== undefined) return col.decimals;
  switch (col.type) {
    case 'int':
      return 0;
    case 'text':
    case 'date':
      return 0;
    default:
      return 2;
  }
}

/** Excel number format for a column at its displayed precision. */
export function excelFormat(col: TableColumn): string | undefined {
  const d = decimalsOf(col);
  const frac = d > 0 ? '.' + '0'.repeat(d) : '';
  switch (col.type) {
    case 'int':
      return '#,##0';
    case 'number':
    case 'cases':
    case 'wan':
    case 'yuan':
      return '#,##0' + frac;
    case 'percent':
      return '0' + frac + '%';
    case 'signedPercent':
      return '+0' + frac + '%;-0' + frac + '%;0' + frac + '%';
    default:
      return undefined;
  }
}
