/** 按档位投放: per-retailer 条 per 档位 for a spec's quantity in a scope (caps for supply, 参考). */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Collapse, Input, InputNumber, Space, Typography } from 'antd';
import { api, ApiError } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { useApp } from '../../app/AppContext';
import { can, useMe } from '../accounts/session';
import type { Output } from '@contract';
import { searchParam } from './common';
import { ScopePicker, useReportOptions } from '../reports/common';

type Table = Output<'plans.gradeTable'>;

/** 档位权重 (Settings): one weight per grade, non-decreasing; used by 档位权重 breakdowns and this table. */
function GradeWeightsEditor() {
  const { settings, reload } = useApp();
  const { message } = App.useApp();
  const me = useMe();
  const [w, setW] = useState<number[]>(settings?.gradeWeights ?? Array.from({ length: 30 }, (_, i) => i + 1));
  useEffect(() => {
    if (settings?.gradeWeights) setW(settings.gradeWeights);
  }, [settings?.gradeWeights]);
  const save = async () => {
    try {
      await api.call('settings.update', { gradeWeights: w });
      message.success('档位权重已保存');
      reload();
    } catch (e) {
      message.error((e as ApiError).message);
    }
  };
  const editable = can(me, 'settings');
  return (
    <Card size="small">
      <Space wrap size={[8, 8]}>
        {w.map((v, i) => (
          <InputNumber
            key={i}
            size="small"
            min={0}
            max={10000}
            value={v}
            disabled={!editable}
            addonBefore={`${i + 1}档`}
            style={{ width: 120 }}
            onChange={(x) => setW(w.map((y, j) => (j === i ? (x ?? 0) : y)))}
            data-testid={`grade-weight-${i + 1}`}
          />
        ))}
      </Space>
      <div style={{ marginTop: 8 }}>
        <Space>
          <Button type="primary" disabled={!editable} onClick={save} data-testid="grade-weights-save">
            保存档位权重
          </Button>
          <Button disabled={!editable} onClick={() => setW(Array.from({ length: 30 }, (_, i) => i + 1))}>
            恢复为线性（1–30）
          </Button>
          <Typography.Text type="secondary">权重须随档位升高而不降低。</Typography.Text>
        </Space>
      </div>
    </Card>
  );
}

export function GradeTablePage() {
  const { settings } = useApp();
  const [qty, setQty] = useState(() => searchParam('qty') ?? '');
  const [within, setWithin] = useState(() => searchParam('within') || 'county');
  const scopeOptions = useReportOptions();
  const [cap, setCap] = useState<number | null>(null);
  const [t, setT] = useState<Table | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    try {
      setT(
        await api.call('plans.gradeTable', {
          quantityXiang: qty.trim(),
          within: within === 'county' || within.endsWith(':') ? null : within,
          capTiao: cap,
        }),
      );
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
      setT(null);
    }
  };
  // Opened from a plan cell: compute at once.
  useEffect(() => {
    if (searchParam('qty')) void run();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const rows = (t?.rows ?? []).map((r) => ({ ...r, gradeLabel: `${r.grade}档` }));
  return (
    <div data-testid="plan-grades">
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        按档位投放
      </Typography.Title>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message="每个档位每户可供量（整条），高档位不低于低档位；各档合计不超过投放量，余下部分为机动量。零售客户层级的数量是供货上限，仅供参考，不作为最低任务。"
      />
      <Collapse
        style={{ marginBottom: 12 }}
        items={[{ key: 'w', label: '档位权重设置', children: <GradeWeightsEditor /> }]}
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Input
          addonBefore="投放量"
          addonAfter="箱"
          value={qty}
          onChange={(e) => setQty(e.target.value)}
          style={{ width: 220 }}
          data-testid="grades-qty"
        />
        <Space.Compact>
          <span style={{ padding: '4px 8px', background: '#fafafa', border: '1px solid #d9d9d9', borderRight: 0 }}>
            范围
          </span>
          <ScopePicker value={within} onChange={setWithin} options={scopeOptions.data} />
        </Space.Compact>
        <InputNumber
          addonBefore="单户上限"
          addonAfter="条"
          value={cap}
          min={0}
          onChange={(v) => setCap(v)}
          style={{ width: 220 }}
        />
        <Button type="primary" onClick={run} data-testid="grades-run">
          计算
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {t && (
        <>
          <Typography.Paragraph data-testid="grades-summary">
            投放量 {t.quantityTiao} 条，按档位分配 {t.allocatedTiao} 条，机动量 {t.reserveTiao} 条。
          </Typography.Paragraph>
          <DataGrid
            testId="grades-grid"
            rows={rows}
            rowKey={(r) => String(r.grade)}
            columns={[
              { key: 'gradeLabel', title: '档位', type: 'text' },
              { key: 'retailers', title: '户数', type: 'int' },
              { key: 'weight', title: '权重', type: 'number' },
              { key: 'perRetailerTiao', title: '每户(条)', type: 'int' },
              { key: 'totalTiao', title: '小计(条)', type: 'int' },
            ]}
            totals={[
              { gradeLabel: '合计', retailers: rows.reduce((s, r) => s + r.retailers, 0), totalTiao: t.allocatedTiao },
            ]}
            exportSpec={{
              title: '按档位投放表',
              unitLine: '单位：条',
              note: `投放量 ${t.quantityTiao} 条，机动量 ${t.reserveTiao} 条；每户数量为供货上限，仅供参考。`,
            }}
            unitName={settings?.unitName}
          />
        </>
      )}
    </div>
  );
}
