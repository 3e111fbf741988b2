/** 按档位投放: per-retailer 条 per 档位 for a spec's quantity in a scope (caps for supply, 参考). */
import { useState } from 'react';
import { Alert, Button, Input, InputNumber, Space, Typography } from 'antd';
import { api, ApiError } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { useApp } from '../../app/AppContext';
import type { Output } from '../../../electron/api/contract';

type Table = Output<'plans.gradeTable'>;

export function GradeTablePage() {
  const { settings } = useApp();
  const [qty, setQty] = useState('');
  const [within, setWithin] = useState('');
  const [cap, setCap] = useState<number | null>(null);
  const [t, setT] = useState<Table | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    try {
      setT(await api.call('plans.gradeTable', { quantityXiang: qty.trim(), within: within.trim() || null, capTiao: cap }));
      setError(null);
    } catch (e) {
      setError((e as ApiError).message);
      setT(null);
    }
  };
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
      <Space style={{ marginBottom: 12 }} wrap>
        <Input addonBefore="投放量" addonAfter="箱" value={qty} onChange={(e) => setQty(e.target.value)} style={{ width: 220 }} data-testid="grades-qty" />
        <Input addonBefore="范围" value={within} onChange={(e) => setWithin(e.target.value)} placeholder="全县；或 manager:工号、route:线路编码" style={{ width: 320 }} />
        <InputNumber addonBefore="单户上限" addonAfter="条" value={cap} min={0} onChange={(v) => setCap(v)} style={{ width: 220 }} />
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
            totals={[{ gradeLabel: '合计', retailers: rows.reduce((s, r) => s + r.retailers, 0), totalTiao: t.allocatedTiao }]}
            exportSpec={{ title: '按档位投放表', unitLine: '单位：条', note: `投放量 ${t.quantityTiao} 条，机动量 ${t.reserveTiao} 条；每户数量为供货上限，仅供参考。` }}
            unitName={settings?.unitName}
          />
        </>
      )}
    </div>
  );
}
