/** 计划进度: actual sales against the plan per cell — 完成率, 时间进度, 超欠进度 — as of a date. */
import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Empty, Select } from 'antd';
import { useNavigate } from 'react-router-dom';
import dayjs from 'dayjs';
import { useCall } from '../../api/client';
import { DataGrid } from '../../components/DataGrid';
import { PrintButton } from '../../components/PrintButton';
import { Chart } from '../../components/Chart';
import { useApp } from '../../app/AppContext';
import { fmtPct, fmtPoints, todayIso } from '../../components/format';
import type { Output } from '@contract';
import { searchParam } from './common';
import { exportWithSignatures, progressSpec } from './tables';
import { PageHead } from '../../components/PageHead';

export function ProgressPage() {
  const navigate = useNavigate();
  const { settings } = useApp();
  const [planId, setPlanId] = useState<number | null>(() => (searchParam('id') ? Number(searchParam('id')) : null));
  const [asOf, setAsOf] = useState<string>(() => searchParam('asOf') ?? todayIso());
  const [workingDays, setWorkingDays] = useState(false);
  const list = useCall('plans.list', {}, []);
  const pr = useCall('plans.progress', planId ? { planId, asOf, workingDays } : null, [planId, asOf, workingDays]);
  const spec = pr.data ? progressSpec(pr.data) : null;
  const p = pr.data;
  return (
    <div data-testid="plan-progress">
      <PageHead title="计划进度" level={3}>
        <Select
          value={planId}
          placeholder="选择计划"
          style={{ width: 320 }}
          onChange={(v: number) => {
            setPlanId(v);
            navigate(`/plans/progress?id=${v}`, { replace: true });
          }}
          options={(list.data?.plans ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.statusLabel}）` }))}
          data-testid="progress-plan"
        />
        <span>截至</span>
        <DatePicker
          value={dayjs(asOf)}
          allowClear={false}
          onChange={(d) => d && setAsOf(d.format('YYYY-MM-DD'))}
          data-testid="progress-asof"
        />
        <Checkbox checked={workingDays} onChange={(e) => setWorkingDays(e.target.checked)}>
          时间进度按工作日（周一至周五）
        </Checkbox>
        {spec && (
          <Button
            onClick={() => exportWithSignatures([spec], `${p!.name}-进度通报-${asOf}`, settings?.unitName)}
            data-testid="progress-export"
          >
            导出Excel
          </Button>
        )}
        {planId && (
          <PrintButton
            route={`/plans/progress-print?id=${planId}&asOf=${asOf}${workingDays ? '&wd=1' : ''}`}
            landscape
            label="打印进度通报"
            name={`进度通报-${asOf}.pdf`}
          />
        )}
      </PageHead>
      {pr.error && <Alert type="error" showIcon message={pr.error.message} />}
      {!planId && list.data && (
        <Empty
          style={{ marginTop: 48 }}
          data-testid="progress-empty"
          description={
            list.data.plans.length
              ? '请在上方选择一个计划，查看截至所选日期的完成率与时间进度。'
              : '还没有销售计划：请先在“销售计划”中编制计划，再来这里查看进度。'
          }
        >
          {!list.data.plans.length && (
            <Button type="primary" onClick={() => navigate('/plans')}>
              去编制计划
            </Button>
          )}
        </Empty>
      )}
      {p && (
        <>
          <Alert
            type={p.total.ahead !== null && p.total.ahead < 0 ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="progress-total"
            message={`合计完成率 ${fmtPct(p.total.completion)}，时间进度 ${fmtPct(p.total.timeProgress)}，超欠进度 ${fmtPoints(p.total.ahead)}（计划第${p.versionNo}版，${p.statusLabel}）`}
            description={p.hasMoney ? moneyLine(p.total) : undefined}
          />
          <DataGrid
            testId="progress-grid"
            rows={spec!.rows}
            totals={spec!.totals}
            columns={spec!.columns.filter((c) => c.key !== 'seq')}
            rowKey={(r) => String(r.key)}
            height={400}
          />
          <div style={{ marginTop: 12 }}>
            <Chart
              height={280}
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: ['完成率', '时间进度'] },
                xAxis: { type: 'category', data: p.rows.map((r) => r.label) },
                yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
                series: [
                  { name: '完成率', type: 'bar', data: p.rows.map((r) => r.completion) },
                  { name: '时间进度', type: 'line', data: p.rows.map((r) => r.timeProgress) },
                ],
              }}
            />
          </div>
        </>
      )}
    </div>
  );
}

const yuanText = (fen: number) =>
  (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The plan's money actuals beside their targets, in one line over the grid. */
function moneyLine(t: Output<'plans.progress'>['total']): string {
  const parts: string[] = [];
  if (t.targetFen !== null)
    parts.push(
      `销售额 ${(t.actualFen / 1_000_000).toFixed(2)} 万元 / 计划 ${(t.targetFen / 1_000_000).toFixed(2)} 万元，完成率 ${fmtPct(t.amountCompletion)}`,
    );
  parts.push(
    `单箱值 ${t.perCaseYuan === null ? '—' : yuanText(Math.round(t.perCaseYuan * 100))} 元/箱${t.perCaseTargetFen === null ? '' : `（目标 ${yuanText(t.perCaseTargetFen)}）`}`,
  );
  parts.push(
    `一类烟占比 ${fmtPct(t.classOneShare)}${t.classOneTargetBp === null ? '' : `（目标 ${(t.classOneTargetBp / 100).toFixed(2)}%）`}`,
  );
  return parts.join('；');
}
