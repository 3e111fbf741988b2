/**
 * Print view of 网建指标达标情况表: for each scope (全县 / 客户经理 / 线路) every
 * indicator with numerator, denominator, actual, target, gap and status, then
 * the list of what is behind — what the department head signs on the first
 * working day of the month.
 */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import type { TableSpec } from '../../components/table';
import { useApp } from '../../app/AppContext';
import { SCOPE_LABELS, fmtGap, fmtValue, monthLabel, searchParam, type ScopeKind, type Unit } from './common';

export function DashboardPrint() {
  const { settings } = useApp();
  const period = searchParam('period') ?? '';
  const by = (searchParam('by') ?? 'manager') as ScopeKind;
  const { data, error } = useCall('network.report', { period, by }, []);
  if (error) return <div style={{ padding: 40 }}>{error.message}</div>;
  if (!data) return <Spin style={{ margin: 80 }} />;
  const spec: TableSpec = {
    title: '网建指标达标情况表',
    columns: [
      { key: 'scope', title: SCOPE_LABELS[by], width: 12 },
      { key: 'name', title: '指标', width: 12 },
      { key: 'numerator', title: '分子', type: 'int', width: 7 },
      { key: 'denominator', title: '分母', type: 'int', width: 7 },
      { key: 'value', title: '实际', width: 9, align: 'right' },
      { key: 'target', title: '目标', width: 9, align: 'right' },
      { key: 'gap', title: '差距', width: 12, align: 'right' },
      { key: 'status', title: '状态', width: 7 },
    ],
    rows: data.rows.flatMap((r) =>
      r.indicators.map((i) => ({
        // the scope on every row: a page that starts inside a group still says whose rows they are
        scope: by === 'county' ? r.label : `${r.label}（${r.key}）`,
        name: i.name,
        numerator: i.numerator,
        denominator: i.denominator,
        value: fmtValue(i.unit as Unit, i.value),
        target: i.target === null ? '—' : fmtValue(i.unit as Unit, i.target),
        gap: fmtGap(i.unit as Unit, i.gap),
        status: i.status,
      })),
    ),
  };
  const behind = data.rows.flatMap((r) =>
    r.indicators
      .filter((i) => i.status === '未达标')
      .map((i) => ({
        scope: by === 'county' ? r.label : `${r.label}（${r.key}）`,
        name: i.name,
        gap: fmtGap(i.unit as Unit, i.gap),
      })),
  );
  const note =
    (data.notes.length ? data.notes.join('；') + '。' : '') +
    data.definitions.map((d) => d.definition).join('；') +
    (data.basis === 'current'
      ? '。本月无期末存档，分母按打印时的基础资料计算（剔除期末后加入的客户）。'
      : '。分母取自本月期末存档。');
  return (
    <PrintDocument
      title="网建指标达标情况表"
      unitName={settings?.unitName}
      period={monthLabel(period)}
      unitLine={`按${SCOPE_LABELS[by]}`}
      orientation="landscape"
      note={note}
      signatures={['制表人', '审核人（客服部主任）', '制表日期']}
    >
      <PrintTable spec={spec} />
      <h2>未达标事项（{behind.length} 项）</h2>
      {behind.length === 0 ? (
        <p>本月所有设定目标的指标均已达标或接近目标。</p>
      ) : (
        <PrintTable
          spec={{
            title: '未达标事项',
            columns: [
              { key: 'scope', title: SCOPE_LABELS[by] },
              { key: 'name', title: '指标' },
              { key: 'gap', title: '差距', align: 'right' },
            ],
            rows: behind,
          }}
        />
      )}
    </PrintDocument>
  );
}
