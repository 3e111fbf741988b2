/**
 * The grid every module uses: ag-grid community with the Chinese locale,
 * keyboard navigation (arrows, Tab, Enter to edit, Esc to cancel), sorting and
 * filters, pinned 合计 rows computed by the query, and 导出Excel through SheetJS.
 */
import { useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import {
  AllCommunityModule,
  ModuleRegistry,
  themeQuartz,
  type ColDef,
  type GridApi,
  type CellValueChangedEvent,
  type RowClickedEvent,
  type RowDoubleClickedEvent,
  type SelectionChangedEvent,
} from 'ag-grid-community';
import { AG_GRID_LOCALE_CN } from '@ag-grid-community/locale';
import { Button, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { exportXlsx, type SheetOptions } from './exportXlsx';
import { decimalsOf, type TableColumn, type TableSpec } from './table';
import { fmtCases, fmtInt, fmtNumber, fmtPct, fmtSignedPct, fmtWan, fmtYuan } from './format';

ModuleRegistry.registerModules([AllCommunityModule]);

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

export interface DataGridProps<T extends Record<string, unknown>> {
  columns: (TableColumn & {
    editable?: boolean;
    pinned?: 'left' | 'right';
    cellEditor?: string;
    cellEditorParams?: unknown;
    filter?: boolean;
    render?: (row: T) => string;
  })[];
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
  /** checkbox selection of rows (batch edits) */
  selectable?: boolean;
  onSelectionChange?: (rows: T[]) => void;
  onCellEdit?: (row: T, key: string, value: unknown, old: unknown) => void;
  onRowClick?: (row: T) => void;
  /** double-click on a cell that cannot be edited (a double-click on an editable cell edits it) */
  onRowDoubleClick?: (row: T) => void;
  toolbar?: React.ReactNode;
  loading?: boolean;
  testId?: string;
}

export function DataGrid<T extends Record<string, unknown>>(p: DataGridProps<T>) {
  const apiRef = useRef<GridApi | null>(null);
  const colDefs = useMemo<ColDef[]>(
    () => buildColumnDefs(p.columns as DataGridProps<Record<string, unknown>>['columns']),
    [p.columns],
  );
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
  return (
    <div data-testid={p.testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      {(p.toolbar || p.exportSpec) && (
        <Space wrap>
          {p.toolbar}
          {p.exportSpec && (
            <Button icon={<DownloadOutlined />} onClick={doExport}>
              导出Excel
            </Button>
          )}
        </Space>
      )}
      <div style={{ height: p.height ?? 520, width: '100%' }}>
        <AgGridReact
          theme={theme}
          localeText={AG_GRID_LOCALE_CN}
          columnDefs={colDefs}
          rowData={p.rows}
          pinnedBottomRowData={p.totals}
          loading={p.loading}
          getRowId={p.rowKey ? (params) => p.rowKey!(params.data as T) : undefined}
          rowSelection={p.selectable ? { mode: 'multiRow', checkboxes: true, headerCheckbox: true } : undefined}
          onGridReady={(e) => (apiRef.current = e.api)}
          onSelectionChanged={(e: SelectionChangedEvent) => p.onSelectionChange?.(e.api.getSelectedRows() as T[])}
          onCellValueChanged={(e: CellValueChangedEvent) =>
            p.onCellEdit?.(e.data as T, e.colDef.field!, e.newValue, e.oldValue)
          }
          onRowClicked={(e: RowClickedEvent) => e.data && !e.rowPinned && p.onRowClick?.(e.data as T)}
          onRowDoubleClicked={(e: RowDoubleClickedEvent) => {
            // A double-click on an editable cell (or its editor) edits it; elsewhere in the row it opens the row.
            if (!e.data || e.rowPinned || onEditableCell(e)) return;
            p.onRowDoubleClick?.(e.data as T);
          }}
          defaultColDef={{ sortable: true, resizable: true }}
          stopEditingWhenCellsLoseFocus
          enterNavigatesVertically
          enterNavigatesVerticallyAfterEdit
          overlayNoRowsTemplate="<span>暂无数据</span>"
          animateRows={false}
        />
      </div>
    </div>
  );
}

export function buildColumnDefs(columns: DataGridProps<Record<string, unknown>>['columns']): ColDef[] {
  const leaf = (c: DataGridProps<Record<string, unknown>>['columns'][number]): ColDef => {
    const numeric = c.type && c.type !== 'text' && c.type !== 'date';
    return {
      field: c.key,
      headerName: c.title,
      width: c.width ? Math.max(c.width * 9, 70) : undefined,
      flex: c.width ? undefined : 1,
      // wide enough for the Chinese header and its sort/filter icons
      minWidth: Math.max(80, c.title.length * 14 + 52),
      editable: c.editable ?? false,
      pinned: c.pinned,
      cellEditor: c.cellEditor,
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
