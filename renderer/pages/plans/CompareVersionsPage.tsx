/** 版本对比: two versions of a plan side by side, cell by cell, changed cells marked. */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { useApp } from '../../app/AppContext';
import { displayDecimals, displayUnitName, searchParam, unitsToDisplay, type PlanUnit } from './common';

export function CompareVersionsPage() {
  const planId = Number(searchParam('id'));
  const navigate = useNavigate();
  const { settings } = useApp();
  const plan = useCall('plans.get', planId ? { planId } : null, [planId]);
  const versions = useMemo(() => plan.data?.versions ?? [], [plan.data]);
  const [a, setA] = useState<number | null>(null);
  const [b, setB] = useState<number | null>(null);
  useEffect(() => {
    if (versions.length >= 2 && a === null) {
      setA(versions[versions.length - 2].no);
      setB(versions[versions.length - 1].no);
    }
  }, [versions, a]);
  const cmp = useCall('plans.compare', a && b ? { planId, a, b } : null, [planId, a, b]);
  const unit = (cmp.data?.unit ?? '0.01箱') as PlanUnit;
  const d = (u: number) => unitsToDisplay(u, unit);
  const rows = (cmp.data?.rows ?? []).map((r) => ({
    ...r,
    a: d(r.unitsA),
    b: d(r.unitsB),
    diff: d(r.diff),
    mark: r.changed ? '有变化' : '',
    locks: `${r.lockedA ? '锁' : '—'} → ${r.lockedB ? '锁' : '—'}`,
  }));
  const opts = versions.map((v) => ({
    value: v.no,
    label: `第${v.no}版 ${new Date(v.createdAt).toLocaleString('zh-CN')}${v.note ? ' ' + v.note : ''}`,
  }));
  const u = displayUnitName(unit);
  return (
    <div data-testid="plan-compare">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        版本对比：{plan.data?.plan.name}
      </Typography.Title>
      {versions.length < 2 && plan.data && (
        <Alert type="info" showIcon message="此计划只有一个版本，保存新版本后可以对比。" />
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Select value={a} options={opts} onChange={setA} style={{ width: 300 }} data-testid="compare-a" />
        <span>对比</span>
        <Select value={b} options={opts} onChange={setB} style={{ width: 300 }} data-testid="compare-b" />
        {cmp.data && <Typography.Text>共 {cmp.data.changedCells} 格有变化</Typography.Text>}
        <Button onClick={() => navigate(`/plans/edit?id=${planId}`)}>返回计划</Button>
      </Space>
      <DataGrid
        testId="compare-grid"
        rows={rows}
        rowKey={(r) => String(r.key)}
        columns={[
          { key: 'key', title: '编码', type: 'text', width: 12 },
          { key: 'label', title: '名称', type: 'text', width: 14 },
          { key: 'a', title: `第${a ?? ''}版(${u})`, type: 'number', decimals: displayDecimals(unit) },
          { key: 'b', title: `第${b ?? ''}版(${u})`, type: 'number', decimals: displayDecimals(unit) },
          { key: 'diff', title: `增减(${u})`, type: 'number', decimals: displayDecimals(unit) },
          { key: 'locks', title: '锁定', type: 'text', width: 10 },
          { key: 'mark', title: '变化', type: 'text', width: 8 },
        ]}
        totals={
          cmp.data
            ? [
                {
                  key: '合计',
                  label: '',
                  a: d(cmp.data.totalA),
                  b: d(cmp.data.totalB),
                  diff: d(cmp.data.totalB - cmp.data.totalA),
                  locks: '',
                  mark: '',
                },
              ]
            : undefined
        }
        exportSpec={{ title: `${plan.data?.plan.name ?? ''}版本对比`, unitLine: `单位：${u}` }}
        unitName={settings?.unitName}
      />
    </div>
  );
}
