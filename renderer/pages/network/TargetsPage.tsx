/**
 * 目标录入: targets of one indicator for a year, quarter or month, for the
 * county, every 客户经理 and every 线路. Rates are typed as percentages.
 * Leaving a cell empty removes that target (the status becomes 无目标).
 * Every change (typed, pasted from the city's sheet, filled down) is saved at
 * once as one write, checked against the indicator's bounds; Ctrl+Z undoes it.
 */
import { useMemo, useState } from 'react';
import { Card, DatePicker, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, useCall } from '../../api/client';
import { DataGrid, type CellEdit, type EditHow } from '../../components/DataGrid';
import { numberParser } from '../../../common/cellValues';
import { PageHead } from '../../components/PageHead';
import { useGridWrite } from '../../components/useGridWrite';

type Kind = 'year' | 'quarter' | 'month';

function periodText(kind: Kind, d: Dayjs): string {
  if (kind === 'year') return String(d.year());
  if (kind === 'quarter') return `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
  return d.format('YYYY-MM');
}

function periodLabel(p: string): string {
  const q = /^(\d{4})-Q(\d)$/.exec(p);
  if (q) return `${q[1]}年第${q[2]}季度`;
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  return `${p}年`;
}

export function TargetsPage() {
  const writeGrid = useGridWrite();
  const [kind, setKind] = useState<Kind>('year');
  const [anchor, setAnchor] = useState<Dayjs>(dayjs());
  const period = periodText(kind, anchor);
  const indicators = useCall('network.indicators', {}, []);
  const [code, setCode] = useState<string | undefined>(undefined);
  const ind = (indicators.data ?? []).find((i) => i.code === (code ?? indicators.data?.[0]?.code));
  const targets = useCall('network.targets', { period }, []);
  const scopes = useCall('network.scopes', {}, []);
  const pct = ind?.unit === 'rate';
  // The indicator's bounds: a rate 0%–100% (typed as a percentage), a count a whole number ≥ 0, a score ≥ 0.
  const parse = useMemo(
    () =>
      numberParser({
        label: '目标值',
        decimals: pct ? 2 : ind?.unit === 'count' ? 0 : 2,
        min: 0,
        max: pct ? 100 : undefined,
        percent: pct ? 'points' : undefined,
      }),
    [pct, ind?.unit],
  );

  type Row = { id: string; scopeKind: string; scopeCode: string; kind: string; name: string; value: number | null };
  const rows = useMemo<Row[]>(() => {
    if (!ind || !scopes.data) return [];
    const t = (k: string, c: string) =>
      targets.data?.find((x) => x.indicatorCode === ind.code && x.scopeKind === k && x.scopeCode === c)?.value ?? null;
    const show = (x: number | null) => (x === null ? null : pct ? +(x * 100).toFixed(6) : x);
    const row = (k: string, c: string, label: string, name: string) => ({
      id: `${k}|${c}`,
      scopeKind: k,
      scopeCode: c,
      kind: label,
      name,
      value: show(t(k, c)),
    });
    return [
      row('county', '', '全县', '全县'),
      ...scopes.data.managers
        .filter((m) => m.onDuty === 1)
        .map((m) => row('manager', m.code, '客户经理', `${m.name}（${m.code}）`)),
      ...scopes.data.routes.map((r) =>
        row('route', r.code, '线路', `${r.name}（${r.code}）${r.managerName ? ' · ' + r.managerName : ''}`),
      ),
    ];
  }, [ind, scopes.data, targets.data, pct]);
  // 工号 / 线路编码 and names, for a paste whose first column names the rows
  const rowKeys = useMemo(() => {
    const m = new Map<string, string[]>([['county|', ['全县']]]);
    for (const x of scopes.data?.managers ?? []) m.set(`manager|${x.code}`, [x.code, x.name, `${x.name}（${x.code}）`]);
    for (const x of scopes.data?.routes ?? []) m.set(`route|${x.code}`, [x.code, x.name, `${x.name}（${x.code}）`]);
    return m;
  }, [scopes.data]);

  const save = async (edits: CellEdit<Row>[], how: EditHow) => {
    if (!ind) return false;
    const list = edits.map((e) => ({
      indicatorCode: ind.code,
      period,
      scopeKind: e.row.scopeKind as 'county' | 'manager' | 'route',
      scopeCode: e.row.scopeCode,
      value:
        e.value === null || e.value === undefined ? null : pct ? +(Number(e.value) / 100).toFixed(8) : Number(e.value),
    }));
    return writeGrid(
      () => api.call('network.setTargets', { rows: list }),
      targets.reload,
      how === 'edit' ? `已保存${list[0].value === null ? '（清除目标）' : ''}` : undefined,
    );
  };

  return (
    <div data-testid="targets-page">
      <PageHead title="目标录入" level={3}>
        <Select
          value={kind}
          onChange={(k) => setKind(k)}
          style={{ width: 100 }}
          options={[
            { value: 'year', label: '年度' },
            { value: 'quarter', label: '季度' },
            { value: 'month', label: '月度' },
          ]}
        />
        <DatePicker
          picker={kind}
          value={anchor}
          allowClear={false}
          onChange={(d) => {
            if (d) setAnchor(d);
          }}
        />
        <Select
          value={ind?.code}
          onChange={(c) => setCode(c)}
          style={{ width: 200 }}
          options={(indicators.data ?? []).map((i) => ({ value: i.code, label: i.name }))}
          data-testid="target-indicator"
        />
        <Typography.Text type="secondary">修改后立即保存；可从 Excel 粘贴整列，按 Ctrl+Z 撤销</Typography.Text>
      </PageHead>
      <Card size="small" title={`${ind?.name ?? ''} · ${periodLabel(period)}目标${pct ? '（%）' : ''}`}>
        <DataGrid
          columns={[
            { key: 'kind', title: '范围', width: 8 },
            { key: 'name', title: '名称', width: 24 },
            {
              key: 'value',
              title: pct ? '目标值(%)' : '目标值',
              type: 'number',
              decimals: pct ? 2 : ind?.unit === 'count' ? 0 : 2,
              editable: true,
              width: 14,
              parse,
            },
          ]}
          rows={rows}
          rowKey={(r) => r.id}
          rowKeys={(r) => [...(rowKeys.get(r.id) ?? []), r.name]}
          historyKey={`${ind?.code}|${period}`}
          height={480}
          onCellsEdit={save}
          testId="targets-grid"
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
          月度目标优先于季度目标，季度目标优先于年度目标。未设目标的格子显示“—”，该范围在网建达标情况表中为“无目标”。目标也可在“数据导入”中按文件导入（类型：网建目标）。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
