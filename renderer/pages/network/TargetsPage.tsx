/**
 * 目标录入: targets of one indicator for a year, quarter or month, for the
 * county, every 客户经理 and every 线路. Rates are typed as percentages.
 * Leaving a cell empty removes that target (the status becomes 无目标).
 */
import { useMemo, useState } from 'react';
import { App, Button, Card, DatePicker, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, useCall, type ApiError } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';

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
  const { message } = App.useApp();
  const [kind, setKind] = useState<Kind>('year');
  const [anchor, setAnchor] = useState<Dayjs>(dayjs());
  const period = periodText(kind, anchor);
  const indicators = useCall('network.indicators', {}, []);
  const [code, setCode] = useState<string | undefined>(undefined);
  const ind = (indicators.data ?? []).find((i) => i.code === (code ?? indicators.data?.[0]?.code));
  const targets = useCall('network.targets', { period }, []);
  const scopes = useCall('network.scopes', {}, []);
  const [edits, setEdits] = useState<Map<string, number | null>>(new Map());
  const pct = ind?.unit === 'rate';

  const rows = useMemo(() => {
    if (!ind || !scopes.data) return [];
    const t = (k: string, c: string) =>
      targets.data?.find((x) => x.indicatorCode === ind.code && x.scopeKind === k && x.scopeCode === c)?.value ?? null;
    const show = (x: number | null) => (x === null ? null : pct ? +(x * 100).toFixed(6) : x);
    const row = (k: string, c: string, label: string, name: string) => {
      const id = `${k}|${c}`;
      return {
        id,
        scopeKind: k,
        scopeCode: c,
        kind: label,
        name,
        value: edits.has(id) ? edits.get(id)! : show(t(k, c)),
      };
    };
    return [
      row('county', '', '全县', '全县'),
      ...scopes.data.managers
        .filter((m) => m.onDuty === 1)
        .map((m) => row('manager', m.code, '客户经理', `${m.name}（${m.code}）`)),
      ...scopes.data.routes.map((r) =>
        row('route', r.code, '线路', `${r.name}（${r.code}）${r.managerName ? ' · ' + r.managerName : ''}`),
      ),
    ];
  }, [ind, scopes.data, targets.data, edits, pct]);

  const save = async () => {
    if (!ind || edits.size === 0) return;
    const list = [...edits.entries()].map(([id, v]) => {
      const [scopeKind, scopeCode] = id.split('|');
      return {
        indicatorCode: ind.code,
        period,
        scopeKind: scopeKind as 'county' | 'manager' | 'route',
        scopeCode,
        value: v === null ? null : pct ? v / 100 : v,
      };
    });
    try {
      await api.call('network.setTargets', { rows: list });
      message.success(`已保存 ${list.length} 个目标`);
      setEdits(new Map());
      targets.reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };

  return (
    <div data-testid="targets-page">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        目标录入
      </Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={kind}
          onChange={(k) => {
            setKind(k);
            setEdits(new Map());
          }}
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
            if (d) {
              setAnchor(d);
              setEdits(new Map());
            }
          }}
        />
        <Select
          value={ind?.code}
          onChange={(c) => {
            setCode(c);
            setEdits(new Map());
          }}
          style={{ width: 200 }}
          options={(indicators.data ?? []).map((i) => ({ value: i.code, label: i.name }))}
          data-testid="target-indicator"
        />
        <Button type="primary" disabled={edits.size === 0} onClick={save} data-testid="save-targets">
          保存{edits.size ? `（${edits.size} 处修改）` : ''}
        </Button>
        <Button disabled={edits.size === 0} onClick={() => setEdits(new Map())}>
          放弃修改
        </Button>
      </Space>
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
            },
          ]}
          rows={rows}
          rowKey={(r) => String(r.id)}
          height={480}
          onCellEdit={(row, _k, value) => {
            const n = value === null || value === '' || value === undefined ? null : Number(value);
            if (n !== null && !Number.isFinite(n)) {
              message.error('请输入数字');
              return;
            }
            setEdits(new Map(edits).set(String(row.id), n));
          }}
          testId="targets-grid"
        />
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
          月度目标优先于季度目标，季度目标优先于年度目标。未设目标的范围显示“无目标”。目标也可在“数据导入”中按文件导入（类型：网建目标）。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
