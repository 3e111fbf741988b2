/**
 * What an import kind is: its fields (with the header synonyms of DOMAIN.md)
 * and a session that checks one row at a time and writes the good ones.
 */
import type { Database } from 'better-sqlite3';
import type { Cell } from '../values';

/** How a column's unit is read from its header: 条/箱, 元/万元, 元/条 or 元/箱. */
export type Measure = 'qty' | 'money' | 'price';

export interface FieldSpec {
  key: string;
  /** Chinese label shown in the mapping step */
  label: string;
  /** accepted headers, most specific first; matching ignores spaces, bracket units and full/half width */
  synonyms: string[];
  /** the import cannot run without this column */
  required?: boolean;
  measure?: Measure;
  /** a calendar date: the preview shows date cells as YYYY-MM-DD rather than serial numbers */
  date?: boolean;
}

export interface KindOptions {
  /** orders: replace the dates the file covers */
  replace: boolean;
  /** orders: the period the file states (title rows) or the user chose, yyyymmdd inclusive */
  period: { from: number; to: number } | null;
}

/** One data row as the kind sees it. */
export interface RowView {
  /** row number as a spreadsheet shows it */
  row: number;
  /** raw cell of a mapped field, undefined when the field is not mapped */
  get(key: string): Cell | undefined;
  has(key: string): boolean;
  /** multiplier from the header's unit: qty → 条 per unit, money/price → 分 per unit */
  factor(key: string): number;
  date1904: boolean;
}

export type Checked<R> = { ok: true; record: R } | { ok: false; reason: string };

export interface KindSession<R> {
  /** Checks one row; must not write. */
  check(row: RowView): Checked<R>;
  /** Writes a checked row; returns a reason when the row is refused at write time (e.g. a duplicate). */
  write(record: R, row: number): string | null;
  /** After the last row: the batch's day range (orders) and a note for the history. */
  finish(): { dayFrom?: number | null; dayTo?: number | null; replacedLines?: number; note?: string };
}

export interface KindOpenContext {
  db: Database;
  /** 0 in preview, where nothing is written */
  batchId: number;
  options: KindOptions;
  preview: boolean;
}

export interface ImportKind<R = any> {
  kind: string;
  /** Chinese name: 零售客户, 订单明细 … */
  label: string;
  fields: FieldSpec[];
  /** groups of fields of which at least one must be mapped, e.g. [['retailerCode', 'licence']] */
  requiredAny?: string[][];
  /** the file's period (from title rows) limits its rows: only kinds with dated rows */
  dated?: boolean;
  /** rolls back this kind's rows of a batch; masters share one implementation */
  rollback?(db: Database, batchId: number): { dayFrom?: number | null; dayTo?: number | null };
  open(ctx: KindOpenContext): KindSession<R>;
}
