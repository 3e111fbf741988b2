/**
 * A report table (one TableSpec: the same layout the Excel export and the print use) shown as
 * a grid whose 导出Excel writes the spec's title, period, unit line and note; and a stack of
 * them, one panel a table, for the 月报 and 周报 packs.
 */
import { Collapse } from 'antd';
import { DataGrid } from './DataGrid';
import type { TableSpec } from './table';
import { useApp } from '../app/AppContext';

export function SpecGrid({ spec, height, testId }: { spec: TableSpec; height?: number; testId?: string }) {
  const { settings } = useApp();
  return (
    <DataGrid
      columns={spec.columns}
      rows={spec.rows}
      totals={spec.totals}
      height={height}
      unitName={settings?.unitName}
      exportSpec={{
        title: spec.title,
        period: spec.period,
        unitLine: spec.unitLine,
        note: spec.note,
        sheetName: spec.sheetName,
      }}
      testId={testId}
    />
  );
}

/** The tables of a pack, the first open. */
export function SpecCollapse({ specs, height }: { specs: TableSpec[]; height: number }) {
  return (
    <Collapse
      defaultActiveKey={['0']}
      items={specs.map((s, i) => ({ key: String(i), label: s.title, children: <SpecGrid spec={s} height={height} /> }))}
    />
  );
}
