/**
 * The grid every module uses: ag-grid community with the Chinese locale,
 * keyboard navigation (arrows, Tab, Enter to edit and to move down after an edit,
 * F2 to edit, Esc to cancel), sorting and filters, pinned 合计 rows computed by the
 * query, and 导出Excel through SheetJS.
 *
 * Editable grids behave like a spreadsheet, built here because ag-grid's clipboard and
 * range selection are Enterprise features:
 * - every editable column has one validator (`parse`, or one derived from the column's
 *   type); a typed value that does not parse is never written — the cell turns red with the
 *   reason and keeps its old value;
 * - Ctrl+V pastes a tab-separated block (Excel, WPS) from the focused cell right and down,
 *   each value through the column's validator, as one write and one undo step; when the
 *   block's first column holds codes or names the grid knows, it offers to match rows by key;
 * - Ctrl+C copies the focused cell, or the selected rows, in the units shown (Ctrl+Shift+C
 *   with the header row); Ctrl+D fills the focused value down over the selected rows;
 * - Ctrl+Z / Ctrl+Y undo and redo edits, pastes and fills until the page is left;
 * - rows are selected with the checkbox, a click, Ctrl+click and Shift+click.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  themeQuartz,
  type ColDef,
  type Column,
  type GridApi,
  type IRowNode,
  type RowClickedEvent,
  type RowDoubleClickedEvent,
  type SelectionChangedEvent,
  type ValueSetterParams,
} from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { Alert, App, Button, Modal, Space, Tooltip } from 'antd';
import { DownloadOutlined, QuestionCircleOutlined, RedoOutlined, UndoOutlined } from '@ant-design/icons';
import { exportXlsx, type SheetOptions } from './exportXlsx';
import { fitColumns, hiddenRight } from './gridFit';
import { UI_FONT_FAMILY } from '../app/uiFont';
import { decimalsOf, type TableColumn, type TableSpec } from './table';
import { fmtCases, fmtInt, fmtNumber, fmtPct, fmtSignedPct, fmtWan, fmtYuan } from './format';
import './gridModules';
import {
  choiceParser,
  dateParser,
  intParser,
  numberParser,
  sameCellValue,
  textParser,
  type CellParser,
} from '../../common/cellValues';
import {
  copyText,
  looksKeyed,
  parseTsv,
  pasteSummary,
  planPaste,
  toTsv,
  type PasteColumn,
  type PasteRow,
} from './gridClipboard';

const theme = themeQuartz.withParams({ fontFamily: 'inherit', fontSize: 13, headerFontWeight: 600, spacing: 6 });

export function formatCell(col: TableColumn, v: unknown): string {
  if (v === null || v === undefined) return col.type && col.type !== 'text' ? '—' : '';
  if (typeof v !== 'number') return String(v);
  const d = decimalsOf(col);
  switch (col.type) {
    case 'cases':
      return fmtCases(v, d);
    case 'wan':
      return fmtWan(v, d);
    case 'yuan':
      return fmtYuan(v, d);
    case 'percent':
      return fmtPct(v, d);
    case 'signedPercent':
      return fmtSignedPct(v, d);
    case 'int':
      return fmtInt(v);
    case 'number':
      return fmtNumber(v, d);
    default:
      return String(v);
  }
}

export type GridColumn<T = Record<string, unknown>> = TableColumn & {
  editable?: boolean;
  pinned?: 'left' | 'right';
  cellEditor?: string;
  cellEditorParams?: unknown;
  filter?: boolean;
  /** false: in the Excel export only, not on screen (a rarely needed column a detail view shows) */
  screen?: boolean;
  render?: (row: T) => string;
  /**
   * Long text wraps onto more lines (the row grows) instead of widening the column: the column
   * takes the room the others leave, never narrower than this many characters (a register's
   * 标题); `width` stays its width in Excel.
   */
  wrap?: number;
  /**
   * The column's validator: typed or pasted text → the value to write, or a Chinese reason.
   * Without it an editable column gets one from its type (number, int, date, text, or the
   * select editor's values).
   */
  parse?: CellParser;
};

/** How a change reached the grid. */
export type EditHow = 'edit' | 'paste' | 'fill' | 'undo' | 'redo';

/** One cell's change: the parsed new value and the value it replaces. */
export interface CellEdit<T> {
  row: T;
  rowId: string;
  key: string;
  value: unknown;
  old: unknown;
}

/**
 * What a page's write gives back: false when nothing was written (the page said why),
 * true (or nothing) when written — undo then writes the old values back the same way —
 * or its own undo.
 */
export type EditOutcome = boolean | void | { undo: () => Promise<boolean | void> | boolean | void };

export interface DataGridProps<T extends Record<string, unknown>> {
  columns: GridColumn<T>[];
  rows: T[];
  /** 合计 rows pinned at the bottom */
  totals?: Record<string, unknown>[];
  /** Excel export: title, period and unit line of the sheet */
  exportSpec?: Omit<TableSpec, 'columns' | 'rows' | 'totals'>;
  exportFileName?: string;
  /** Excel export: what goes around the table, e.g. the signature footer */
  exportOptions?: SheetOptions;
  unitName?: string;
  height?: number | string;
  rowKey?: (row: T) => string;
  /** checkbox selection of rows (batch edits); editable grids always have it (fill down) */
  selectable?: boolean;
  onSelectionChange?: (rows: T[]) => void;
  /** a new value clears the ticked rows (e.g. after the page has acted on the selection) */
  selectionReset?: number;
  /** one typed cell (older pages); several cells are passed one by one */
  onCellEdit?: (row: T, key: string, value: unknown, old: unknown) => void;
  /** every change — a typed cell, a paste, a fill, an undo — as one write */
  onCellsEdit?: (edits: CellEdit<T>[], how: EditHow) => Promise<EditOutcome> | EditOutcome;
  /** codes and names that identify a row, for paste by key (工号, 线路编码, 客户编码, 姓名) */
  rowKeys?: (row: T) => string[];
  /** why a cell takes no paste or fill (e.g. 已锁定), or null; typing into it is still allowed */
  blockedCell?: (row: T, key: string) => string | null;
  /** undo history and red marks belong to this key (e.g. the indicator and period shown) */
  historyKey?: string;
  onRowClick?: (row: T) => void;
  /** double-click on a cell that cannot be edited (a double-click on an editable cell edits it) */
  onRowDoubleClick?: (row: T) => void;
  toolbar?: React.ReactNode;
  loading?: boolean;
  testId?: string;
}

/** The validator an editable column uses: its own, or one from its type. */
export function columnParser(c: GridColumn<never>): CellParser {
  if (c.parse) return c.parse;
  const values = (c.cellEditorParams as { values?: string[] } | undefined)?.values;
  if (values) return choiceParser(values);
  switch (c.type) {
    case 'int':
      return intParser();
    case 'date':
      return dateParser();
    case 'percent':
    case 'signedPercent':
      return numberParser({ decimals: decimalsOf(c) + 2, percent: 'fraction' });
    case 'number':
    case 'cases':
    case 'wan':
    case 'yuan':
      return numberParser({ decimals: decimalsOf(c) });
    default:
      return textParser();
  }
}

interface Entry<T> {
  label: string;
  edits: CellEdit<T>[];
  undo: () => Promise<EditOutcome> | EditOutcome;
}

const cellId = (rowId: string, key: string) => `${rowId}\u0001${key}`;

/** True when the keyboard or clipboard event belongs to a text box (a cell editor, a search box). */
function inTextBox(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

interface Problem {
  where: string;
  reason: string;
}

export function DataGrid<T extends Record<string, unknown>>(p: DataGridProps<T>) {
  const { message } = App.useApp();
  const apiRef = useRef<GridApi | null>(null);
  const props = useRef(p);
  props.current = p;
  const editableGrid = p.columns.some((c) => c.editable);
  const parsers = useMemo(
    () =>
      new Map(
        (p.columns as GridColumn<never>[]).filter((c) => c.editable).map((c) => [c.key, columnParser(c)] as const),
      ),
    [p.columns],
  );
  const parsersRef = useRef(parsers);
  parsersRef.current = parsers;

  // Red marks: the cell, where it is (for the list above the grid) and why.
  const [errors, setErrors] = useState<Map<string, Problem>>(new Map());
  const errorsRef = useRef(errors);
  errorsRef.current = errors;
  const [loose, setLoose] = useState<Problem[]>([]);
  // Undo and redo, until the page is left (or what the grid shows changes, historyKey).
  const history = useRef<{ undo: Entry<T>[]; redo: Entry<T>[] }>({ undo: [], redo: [] });
  const [, setVersion] = useState(0);
  const bump = () => setVersion((v) => v + 1);
  const [keyedPaste, setKeyedPaste] = useState<{ block: string[][]; firstKey: string } | null>(null);

  useEffect(() => {
    history.current = { undo: [], redo: [] };
    setErrors(new Map());
    setLoose([]);
    bump();
  }, [p.historyKey]);
  useEffect(() => {
    apiRef.current?.refreshCells({ force: true });
  }, [errors]);
  useEffect(() => {
    if (p.selectionReset) apiRef.current?.deselectAll();
  }, [p.selectionReset]);

  const rowLabel = (row: T, node: IRowNode): string => {
    const keys = props.current.rowKeys?.(row);
    return keys?.length ? keys.filter(Boolean).slice(0, 2).join(' ') : `第 ${(node.rowIndex ?? 0) + 1} 行`;
  };
  const titleOf = (key: string) => props.current.columns.find((c) => c.key === key)?.title ?? key;

  const mark = (add: { rowId: string; key: string; problem: Problem }[], clear: { rowId: string; key: string }[]) => {
    if (!add.length && !clear.length) return;
    setErrors((prev) => {
      const next = new Map(prev);
      for (const c of clear) next.delete(cellId(c.rowId, c.key));
      for (const a of add) next.set(cellId(a.rowId, a.key), a.problem);
      return next;
    });
  };

  /** Sends edits to the page; on success records the undo step. */
  const write = async (edits: CellEdit<T>[], how: EditHow): Promise<EditOutcome> => {
    const cur = props.current;
    if (cur.onCellsEdit) return cur.onCellsEdit(edits, how);
    if (cur.onCellEdit) {
      for (const e of edits) cur.onCellEdit(e.row, e.key, e.value, e.old);
      return true;
    }
    return false;
  };
  const swap = (edits: CellEdit<T>[]) => edits.map((e) => ({ ...e, value: e.old, old: e.value }));
  const commit = async (edits: CellEdit<T>[], how: EditHow, label: string): Promise<boolean> => {
    if (!edits.length) return false;
    let outcome: EditOutcome;
    try {
      outcome = await write(edits, how);
    } catch (err) {
      message.error((err as Error).message);
      return false;
    }
    if (outcome === false) return false;
    const undo = typeof outcome === 'object' && outcome ? outcome.undo : () => write(swap(edits), 'undo');
    history.current.undo.push({ label, edits, undo });
    if (how !== 'redo') history.current.redo = [];
    mark(
      [],
      edits.map((e) => ({ rowId: e.rowId, key: e.key })),
    );
    bump();
    return true;
  };

  // Undo and redo run one after another, in the order pressed (a quick second Ctrl+Z waits for the first).
  const queue = useRef<Promise<void>>(Promise.resolve());
  const enqueue = (f: () => Promise<void>) => {
    queue.current = queue.current.then(f, f);
    return queue.current;
  };
  const undo = () => enqueue(undoNow);
  const redo = () => enqueue(redoNow);
  const undoNow = async () => {
    const e = history.current.undo.pop();
    if (!e) {
      message.info('没有可撤销的修改');
      return;
    }
    try {
      const r = await e.undo();
      if (r === false) history.current.undo.push(e);
      else {
        history.current.redo.push(e);
        message.success(`已撤销：${e.label}`);
      }
    } catch (err) {
      history.current.undo.push(e);
      message.error((err as Error).message);
    } finally {
      bump();
    }
  };
  const redoNow = async () => {
    const e = history.current.redo.pop();
    if (!e) {
      message.info('没有可重做的修改');
      return;
    }
    try {
      if (await commit(e.edits, 'redo', e.label)) message.success(`已重做：${e.label}`);
      else history.current.redo.push(e);
    } finally {
      bump();
    }
  };

  /** The rows as shown (after sort and filter) and the editable columns' paste view. */
  const shownNodes = (): IRowNode[] => {
    const out: IRowNode[] = [];
    apiRef.current?.forEachNodeAfterFilterAndSort((n) => {
      if (n.data) out.push(n);
    });
    return out;
  };
  const shownColumns = (): Column[] =>
    (apiRef.current?.getAllDisplayedColumns() ?? []).filter((c) => !!c.getColDef().field);
  const pasteRows = (nodes: IRowNode[]): PasteRow[] =>
    nodes.map((n) => ({
      id: n.id!,
      keys: props.current.rowKeys?.(n.data as T),
      value: (k) => (n.data as T)[k],
      blocked: (k) => props.current.blockedCell?.(n.data as T, k) ?? null,
      shows: (k, text) => {
        const col = props.current.columns.find((c) => c.key === k);
        if (!col) return false;
        const row = n.data as T;
        const t = text.trim();
        const shown = col.render
          ? [col.render(row)]
          : [formatCell(col, row[k]), copyText(col, row[k]), String(row[k] ?? '')];
        return shown.some((x) => x.trim() === t);
      },
    }));
  const pasteColumns = (cols: Column[]): PasteColumn[] =>
    cols.map((c) => {
      const key = c.getColDef().field!;
      return { key, title: titleOf(key), parse: parsersRef.current.get(key) };
    });

  const focus = () => {
    const f = apiRef.current?.getFocusedCell();
    if (!f || f.rowPinned || f.rowIndex === null || f.rowIndex === undefined) return null;
    const node = apiRef.current!.getDisplayedRowAtIndex(f.rowIndex);
    if (!node?.data) return null;
    return { node, key: f.column.getColDef().field ?? '', column: f.column };
  };
  const selectedShown = (): IRowNode[] => {
    const sel = new Set(apiRef.current?.getSelectedNodes().map((n) => n.id));
    return shownNodes().filter((n) => sel.has(n.id));
  };

  // ---- typed edits ----
  const valueSetter = (c: GridColumn<T>) => (params: ValueSetterParams) => {
    const parse = parsersRef.current.get(c.key);
    if (!parse || !params.node || params.node.rowPinned) return false;
    const text = params.newValue === null || params.newValue === undefined ? '' : String(params.newValue);
    const r = parse(text);
    const rowId = params.node.id!;
    if (!r.ok) {
      mark(
        [
          {
            rowId,
            key: c.key,
            problem: { where: `${rowLabel(params.data, params.node)}「${c.title}」`, reason: r.reason },
          },
        ],
        [],
      );
      message.error(`${c.title}：${r.reason}，未保存`);
      return false;
    }
    if (sameCellValue(r.value, params.oldValue)) {
      mark([], [{ rowId, key: c.key }]);
      return false;
    }
    const edit: CellEdit<T> = { row: params.data as T, rowId, key: c.key, value: r.value, old: params.oldValue };
    void commit([edit], 'edit', `修改「${c.title}」`);
    return false;
  };

  // ---- paste ----
  const runPaste = async (block: string[][], byKey: boolean) => {
    const api = apiRef.current;
    const f = focus();
    if (!api || !f) {
      message.info('先单击要粘贴到的单元格');
      return;
    }
    const nodes = shownNodes();
    const cols = shownColumns();
    const rowIndex = nodes.findIndex((n) => n.id === f.node.id);
    let colIndex = cols.findIndex((c) => c.getColDef().field === f.key);
    const pcols = pasteColumns(cols);
    // by key the values go into the focused column, or the first editable one to its right
    if (byKey && !pcols[colIndex]?.parse) {
      const next = pcols.findIndex((c, i) => i > colIndex && c.parse);
      if (next >= 0) colIndex = next;
    }
    const selected = selectedShown().map((n) => nodes.indexOf(n));
    const plan = planPaste(block, pasteRows(nodes), pcols, { rowIndex, colIndex }, { byKey, targetRows: selected });
    if (plan.refused) {
      message.error(plan.refused);
      return;
    }
    const edits: CellEdit<T>[] = plan.edits.map((e) => {
      const node = nodes[e.rowIndex];
      const key = pcols[e.colIndex].key;
      return { row: node.data as T, rowId: node.id!, key, value: e.value, old: (node.data as T)[key] };
    });
    const written = edits.length === 0 || (await commit(edits, 'paste', `粘贴 ${plan.valid} 格`));
    if (!written) return;
    const add: { rowId: string; key: string; problem: Problem }[] = [];
    const unbound: Problem[] = [];
    for (const pr of plan.invalid) {
      if (pr.rowIndex !== undefined && pr.colIndex !== undefined) {
        const node = nodes[pr.rowIndex];
        const key = pcols[pr.colIndex].key;
        add.push({
          rowId: node.id!,
          key,
          problem: { where: `${rowLabel(node.data as T, node)}「${titleOf(key)}」`, reason: pr.reason },
        });
      } else unbound.push({ where: `粘贴内容第 ${pr.blockRow} 行`, reason: pr.reason });
    }
    // valid cells lose an old red mark
    const clear = plan.edits.map((e) => ({ rowId: nodes[e.rowIndex].id!, key: pcols[e.colIndex].key }));
    mark(add, clear);
    setLoose(unbound);
    const summary = pasteSummary(plan);
    if (plan.invalid.length) message.warning(summary);
    else message.success(summary);
  };

  const onPaste = (e: React.ClipboardEvent) => {
    if (inTextBox(e.target) || !editableGrid) return;
    const text = e.clipboardData.getData('text/plain');
    e.preventDefault();
    if (!text) return;
    if (!focus()) {
      message.info('先单击要粘贴到的单元格');
      return;
    }
    const block = parseTsv(text);
    if (props.current.rowKeys && looksKeyed(block, pasteRows(shownNodes())))
      setKeyedPaste({ block, firstKey: block[0][0] });
    else void runPaste(block, false);
  };

  // ---- copy ----
  const buildCopy = (headers: boolean): { text: string; what: string } | null => {
    const cols = shownColumns();
    const byKey = new Map(props.current.columns.map((c) => [c.key, c]));
    const show = (node: IRowNode, c: Column) => {
      const col = byKey.get(c.getColDef().field!);
      if (!col) return '';
      return col.render ? col.render(node.data as T) : copyText(col, (node.data as T)[col.key]);
    };
    const f = focus();
    const sel = selectedShown();
    if (!headers && sel.length < 2) {
      if (!f) return null;
      return { text: toTsv([[show(f.node, f.column)]]).replace(/\r\n$/, ''), what: '1 格' };
    }
    const nodes = sel.length ? sel : f ? [f.node] : [];
    if (!nodes.length) return null;
    const lines = nodes.map((n) => cols.map((c) => show(n, c)));
    if (headers) lines.unshift(cols.map((c) => titleOf(c.getColDef().field!)));
    return { text: toTsv(lines), what: `${nodes.length} 行${headers ? '（含表头）' : ''}` };
  };
  const onCopy = (e: React.ClipboardEvent) => {
    if (inTextBox(e.target)) return;
    if (window.getSelection()?.toString()) return;
    const out = buildCopy(false);
    if (!out) return;
    e.clipboardData.setData('text/plain', out.text);
    e.preventDefault();
    message.success(`已复制 ${out.what}`);
  };

  // ---- fill down ----
  const fillDown = async () => {
    const f = focus();
    if (!f) {
      message.info('先单击要向下填充的值');
      return;
    }
    const parse = parsersRef.current.get(f.key);
    if (!parse) {
      message.info(`“${titleOf(f.key)}”列不能修改`);
      return;
    }
    // As in Excel: the top selected row's value goes down over the other selected rows; when
    // the focused row is not among them, its value goes over all of them.
    const sel = selectedShown();
    const source = sel.some((n) => n.id === f.node.id) ? sel[0] : f.node;
    const targets = sel.filter((n) => n.id !== source.id);
    if (!targets.length) {
      message.info('先选中要填充的行（勾选，或按住 Shift、Ctrl 单击）');
      return;
    }
    const value = (source.data as T)[f.key];
    const edits: CellEdit<T>[] = [];
    let blocked = 0;
    for (const n of targets) {
      const row = n.data as T;
      if (props.current.blockedCell?.(row, f.key)) {
        blocked++;
        continue;
      }
      if (!sameCellValue(row[f.key], value)) edits.push({ row, rowId: n.id!, key: f.key, value, old: row[f.key] });
    }
    const note = blocked ? `，${blocked} 格已锁定未改` : '';
    if (!edits.length) {
      message.info(`没有要填充的格${note}`);
      return;
    }
    if (await commit(edits, 'fill', `填充 ${edits.length} 格`)) message.success(`已向下填充 ${edits.length} 格${note}`);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (inTextBox(e.target)) return;
    if (apiRef.current?.getEditingCells().length) return;
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'c' && e.shiftKey) {
      e.preventDefault();
      const out = buildCopy(true);
      if (!out) return;
      // A copy started here goes to the document, not to the grid: write it on the way down.
      const put = (ev: ClipboardEvent) => {
        ev.clipboardData?.setData('text/plain', out.text);
        ev.preventDefault();
        ev.stopImmediatePropagation();
      };
      document.addEventListener('copy', put, { capture: true });
      const done = document.execCommand('copy');
      document.removeEventListener('copy', put, { capture: true });
      if (done) message.success(`已复制 ${out.what}`);
      else void navigator.clipboard?.writeText(out.text).then(() => message.success(`已复制 ${out.what}`));
      return;
    }
    if (!editableGrid) return;
    if (k === 'z' && !e.shiftKey) {
      e.preventDefault();
      void undo();
    } else if (k === 'y' || (k === 'z' && e.shiftKey)) {
      e.preventDefault();
      void redo();
    } else if (k === 'd') {
      e.preventDefault();
      void fillDown();
    }
  };

  const colDefs = useMemo<ColDef[]>(() => {
    const defs = buildColumnDefs(p.columns as GridColumn[], [
      ...(p.rows as Record<string, unknown>[]),
      ...((p.totals ?? []) as Record<string, unknown>[]),
    ]);
    const visit = (d: ColDef & { children?: ColDef[] }) => {
      if (d.children) d.children.forEach(visit);
      const c = p.columns.find((x) => x.key === d.field);
      if (!c?.editable) return;
      const id = (params: { node?: IRowNode | null }) => cellId(params.node?.id ?? '', c.key);
      d.valueSetter = valueSetter(c);
      d.cellClassRules = { 'grid-cell-invalid': (params) => errorsRef.current.has(id(params)) };
      d.cellStyle = (params) =>
        errorsRef.current.has(id(params))
          ? { backgroundColor: '#fff1f0', boxShadow: 'inset 0 0 0 1px #ff4d4f', color: '#a8071a' }
          : null;
      d.tooltipValueGetter = (params) => errorsRef.current.get(id(params))?.reason;
    };
    defs.forEach(visit);
    return defs;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.columns, p.rows, p.totals]);

  const doExport = () => {
    const spec: TableSpec = {
      title: p.exportSpec?.title ?? '数据',
      ...p.exportSpec,
      columns: p.columns,
      rows: sortedRows(apiRef.current, p.rows),
      totals: p.totals,
    };
    exportXlsx(spec, p.exportFileName ?? spec.title, p.unitName, p.exportOptions);
  };
  // Columns wider than the grid: key column pinned, the view ending at a column's edge, and the
  // titles still to the right named under the grid.
  const hostRef = useRef<HTMLDivElement | null>(null);
  const [outRight, setOutRight] = useState<string[]>([]);
  const fitFrame = useRef(0);
  const fit = () => {
    cancelAnimationFrame(fitFrame.current);
    fitFrame.current = requestAnimationFrame(() => {
      const api = apiRef.current;
      if (!api || !hostRef.current) return;
      setOutRight(fitColumns(api, hostRef.current).hiddenRight);
    });
  };
  const onScrolled = () => {
    const api = apiRef.current;
    if (api && hostRef.current) setOutRight(hiddenRight(api, hostRef.current));
  };
  useEffect(() => () => cancelAnimationFrame(fitFrame.current), []);
  const problems = [...errors.values(), ...loose];
  const selectable = p.selectable || editableGrid;
  return (
    <div data-testid={p.testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {(p.toolbar || p.exportSpec || editableGrid) && (
        <Space wrap>
          {p.toolbar}
          {editableGrid && (
            <>
              <Tooltip title="撤销上一次修改、粘贴或填充（Ctrl+Z）">
                <Button
                  icon={<UndoOutlined />}
                  disabled={!history.current.undo.length}
                  onClick={() => void undo()}
                  data-testid="grid-undo"
                >
                  撤销
                </Button>
              </Tooltip>
              <Tooltip title="重做（Ctrl+Y）">
                <Button
                  icon={<RedoOutlined />}
                  disabled={!history.current.redo.length}
                  onClick={() => void redo()}
                  data-testid="grid-redo"
                >
                  重做
                </Button>
              </Tooltip>
              <Tooltip
                title={
                  <div>
                    双击或按 F2 修改，回车保存并下移，Tab 右移
                    <br />
                    Ctrl+V 从 Excel、WPS 粘贴（从当前格向右、向下）
                    <br />
                    Ctrl+C 复制当前格或选中的行，Ctrl+Shift+C 连表头复制
                    <br />
                    Ctrl+D 把当前格的值填到选中的行
                    <br />
                    Ctrl+Z 撤销，Ctrl+Y 重做
                    <br />
                    勾选或按住 Shift、Ctrl 单击选择多行
                  </div>
                }
              >
                <QuestionCircleOutlined style={{ color: '#8c8c8c' }} aria-label="表格操作说明" />
              </Tooltip>
            </>
          )}
          {p.exportSpec && (
            <Button icon={<DownloadOutlined />} onClick={doExport}>
              导出Excel
            </Button>
          )}
        </Space>
      )}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="grid-problems"
          message={`${problems.length} 格无效，未保存（原值保留）`}
          description={
            <div style={{ maxHeight: 96, overflow: 'auto' }}>
              {problems.slice(0, 50).map((pr, i) => (
                <div key={i}>
                  {pr.where}：{pr.reason}
                </div>
              ))}
              {problems.length > 50 && <div>另有 {problems.length - 50} 格</div>}
            </div>
          }
          action={
            <Button
              size="small"
              onClick={() => {
                setErrors(new Map());
                setLoose([]);
              }}
            >
              清除标记
            </Button>
          }
        />
      )}
      <style>{GRID_CSS}</style>
      <div
        ref={hostRef}
        className={outRight.length ? 'grid-more-right' : undefined}
        style={{ height: p.height ?? 520, width: '100%', position: 'relative' }}
        onPaste={onPaste}
        onCopy={onCopy}
        onKeyDown={onKeyDown}
      >
        <AgGridReact
          theme={theme}
          localeText={AG_GRID_LOCALE_CN}
          columnDefs={colDefs}
          rowData={p.rows}
          pinnedBottomRowData={p.totals}
          loading={p.loading}
          getRowId={p.rowKey ? (params) => p.rowKey!(params.data as T) : undefined}
          rowSelection={selectable ? ROW_SELECTION : undefined}
          onGridReady={(e) => (apiRef.current = e.api)}
          onFirstDataRendered={fit}
          onGridSizeChanged={fit}
          onNewColumnsLoaded={fit}
          onRowDataUpdated={fit}
          onDisplayedColumnsChanged={fit}
          onBodyScroll={(e) => e.direction === 'horizontal' && onScrolled()}
          onSelectionChanged={(e: SelectionChangedEvent) => p.onSelectionChange?.(e.api.getSelectedRows() as T[])}
          onRowClicked={(e: RowClickedEvent) => e.data && !e.rowPinned && p.onRowClick?.(e.data as T)}
          onRowDoubleClicked={(e: RowDoubleClickedEvent) => {
            // A double-click on an editable cell (or its editor) edits it; elsewhere in the row it opens the row.
            if (!e.data || e.rowPinned || onEditableCell(e)) return;
            p.onRowDoubleClick?.(e.data as T);
          }}
          defaultColDef={DEFAULT_COL_DEF}
          tooltipShowDelay={200}
          stopEditingWhenCellsLoseFocus
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          overlayNoRowsTemplate="<span>暂无数据</span>"
          animateRows={false}
        />
      </div>
      {outRight.length > 0 && (
        <div data-testid="grid-more-right" style={{ color: '#8c8c8c', fontSize: 12, marginTop: -4 }}>
          右侧还有 {outRight.length} 列（{outRight.slice(0, 4).join('、')}
          {outRight.length > 4 ? '等' : ''}），拖动表格下方的滚动条或按住 Shift 滚动鼠标滚轮查看 →
        </div>
      )}
      <Modal
        open={!!keyedPaste}
        title="按哪种方式粘贴？"
        onCancel={() => setKeyedPaste(null)}
        footer={[
          <Button key="cancel" onClick={() => setKeyedPaste(null)}>
            取消
          </Button>,
          <Button
            key="pos"
            data-testid="paste-by-position"
            onClick={() => {
              const k = keyedPaste;
              setKeyedPaste(null);
              if (k) void runPaste(k.block, false);
            }}
          >
            按位置粘贴
          </Button>,
          <Button
            key="key"
            type="primary"
            data-testid="paste-by-key"
            onClick={() => {
              const k = keyedPaste;
              setKeyedPaste(null);
              if (k) void runPaste(k.block, true);
            }}
          >
            按第一列匹配行
          </Button>,
        ]}
      >
        {keyedPaste && (
          <p>
            粘贴的 {keyedPaste.block.length} 行中，第一列是本表已有的编码或名称（如“{keyedPaste.firstKey}”）。
            按第一列匹配行时，第二列起的数值填入对应的行，与两边的排列顺序无关；按位置粘贴则从当前格起逐行填入。
          </p>
        )}
      </Modal>
    </div>
  );
}

// Kept the same object across renders: a new one would make the grid apply its column
// definitions again and undo the fitted widths (gridFit.ts).
const DEFAULT_COL_DEF: ColDef = { sortable: true, resizable: true, wrapHeaderText: true, autoHeaderHeight: true };
const ROW_SELECTION = {
  mode: 'multiRow',
  checkboxes: true,
  headerCheckbox: true,
  enableClickSelection: true,
} as const;

/**
 * Headers wrap between words, never inside one (调拨价 / (元/条)); a grid with more columns to the
 * right shows a shadow at its right edge.
 */
const GRID_CSS = `
.ag-header-cell-text { word-break: keep-all; overflow-wrap: normal; }
.grid-more-right .ag-root-wrapper::after {
  content: ''; position: absolute; top: 0; right: 0; bottom: 0; width: 14px; pointer-events: none; z-index: 5;
  background: linear-gradient(to right, rgba(0, 0, 0, 0), rgba(0, 0, 0, 0.14));
}`;

/** Pixels a text takes in the grid's 14px font: CJK and full-width characters about 14, others about 8. */
function estimatedWidth(t: string): number {
  let w = 0;
  for (const ch of t) w += /[\u2e80-\uffef]/.test(ch) ? 14 : 8;
  return w;
}

let measurer: CanvasRenderingContext2D | null | undefined;
/**
 * Pixels a text takes in the grid's 13px font (bold: a header), measured in the page's own font
 * when it can be, else estimated a little wide.
 */
export function textWidth(t: string, bold = false): number {
  if (measurer === undefined) {
    try {
      measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
    } catch {
      measurer = null;
    }
  }
  if (!measurer) return estimatedWidth(t);
  measurer.font = `${bold ? 600 : 400} 13px ${UI_FONT_FAMILY}`;
  return Math.ceil(measurer.measureText(t).width);
}

/**
 * Pixels a header needs: its longest line plus the sort and filter icons. A header wraps before
 * a bracket (调拨价 / (元/条)), never inside a word (the grid's CSS keeps Chinese words whole).
 */
export function headerWidth(title: string, filter = true): number {
  return Math.max(...title.split(/(?=[(（])/).map((t) => textWidth(t, true))) + (filter ? 52 : 40);
}

/** Free text wider than this stops there, its full text in a tooltip (names, notes); keys never stop. */
const MAX_TEXT_WIDTH = 420;

export function buildColumnDefs(columns: GridColumn[], rows: Record<string, unknown>[] = []): ColDef[] {
  const sample = rows.length > 400 ? rows.slice(0, 400) : rows;
  const leaf = (c: GridColumn): ColDef => {
    const numeric = c.type && c.type !== 'text' && c.type !== 'date';
    // sized to the content shown (cell padding and a little): numbers, codes, dates and document
    // numbers are never cut off
    let content = 0;
    for (const r of sample) {
      const t = c.render ? c.render(r as never) : formatCell(c, r[c.key]);
      if (t) content = Math.max(content, textWidth(String(t)) + 30);
    }
    const isKey = numeric || /code|key|number|no$|No$|phone|date|when|time|range/i.test(c.key);
    if (!isKey) content = Math.min(content, MAX_TEXT_WIDTH);
    const header = headerWidth(c.title, c.filter !== false);
    return {
      field: c.key,
      // no line break after the slash of a unit: 调拨价 / (元/条), not 调拨价(元/ / 条)
      headerName: c.title.replace(/\//g, '/\u2060'),
      width: c.width && !c.wrap ? Math.max(c.width * 9, 70, content) : undefined,
      flex: c.width && !c.wrap ? undefined : 1,
      // wide enough for the Chinese header and its sort/filter icons, and for the content (unless it wraps)
      minWidth: c.wrap ? Math.max(80, header, c.wrap * 9) : Math.max(80, header, c.width ? 0 : content),
      wrapText: !!c.wrap,
      autoHeight: !!c.wrap,
      tooltipValueGetter: (params) => (params.valueFormatted ?? params.value ?? '') as string,
      editable: c.editable ? (params) => !params.node.rowPinned : false,
      // typed text reaches the column's validator as typed (no number editor that swallows 「十二」)
      cellDataType: false,
      pinned: c.pinned,
      hide: c.screen === false,
      cellEditor: c.editable ? (c.cellEditor ?? 'agTextCellEditor') : c.cellEditor,
      cellEditorParams: c.cellEditorParams,
      filter: c.filter === false ? false : numeric ? 'agNumberColumnFilter' : 'agTextColumnFilter',
      type: numeric ? 'rightAligned' : undefined,
      valueFormatter: c.render ? (params) => c.render!(params.data) : (params) => formatCell(c, params.value),
    };
  };
  const defs: ColDef[] = [];
  const groups = new Map<string, { headerName: string; children: ColDef[] }>();
  for (const c of columns) {
    if (!c.group) defs.push(leaf(c));
    else {
      let g = groups.get(c.group);
      if (!g) {
        g = { headerName: c.group, children: [] };
        groups.set(c.group, g);
        defs.push(g as unknown as ColDef);
      }
      g.children.push(leaf(c));
    }
  }
  return defs;
}

/** True when the double-click landed on a cell the grid lets the user edit. */
function onEditableCell(e: RowDoubleClickedEvent): boolean {
  const target = e.event?.target;
  const cell = target instanceof Element ? target.closest('.ag-cell[col-id]') : null;
  const colId = cell?.getAttribute('col-id');
  const column = colId ? e.api.getColumn(colId) : null;
  return column ? column.isCellEditable(e.node) : false;
}

function sortedRows<T>(api: GridApi | null, rows: T[]): T[] {
  if (!api) return rows;
  const out: T[] = [];
  api.forEachNodeAfterFilterAndSort((n) => n.data && out.push(n.data as T));
  return out;
}
