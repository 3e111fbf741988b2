/**
 * 培育通报: one project at the end of one week — per 客户经理 each rate beside its
 * target and the gap, the target retailers not yet supplied, and the 铺货率
 * trend to that week; A4 landscape with the 制表人 / 审核人 footer.
 */
import { useMemo } from 'react';
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { Chart } from '../../components/Chart';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { useApp } from '../../app/AppContext';
import { CULTIVATION_COLUMNS, NOTE_CULTIVATION, cultivationRows, searchParam } from '../reports/common';
import { noticeTitle, trendOption } from './tables';

export function CultivationPrint() {
  const { settings } = useApp();
  const id = Number(searchParam('id') ?? 0);
  const { data, error } = useCall('cultivation.trend', id > 0 ? { id } : null, []);
  const i = Number(searchParam('week') ?? -1);
  const upTo = useMemo(() => {
    if (!data) return null;
    const n = i >= 0 && i < data.weeks.length ? i + 1 : data.weeks.length;
    return { ...data, weeks: data.weeks.slice(0, n) };
  }, [data, i]);
  const option = useMemo(
    () => (upTo && upTo.weeks.length ? { ...trendOption(upTo, 'distributionRate'), animation: false } : null),
    [upTo],
  );
  if (!upTo) return error ? <div style={{ padding: 40 }}>{error.message}</div> : <Spin style={{ margin: 80 }} />;
  const w = upTo.weeks.at(-1);
  const p = upTo.project;
  const rows = w ? cultivationRows(w.snapshot) : [];
  const behind = w
    ? w.snapshot.managers.filter(
        (m) => m.target?.distributionRate != null && (m.rates.distributionRate ?? 0) < m.target.distributionRate,
      )
    : [];
  return (
    <PrintDocument
      title={noticeTitle(p.name)}
      unitName={settings?.unitName}
      period={w ? `${w.label}　累计 ${p.from} 至 ${w.to}` : `${p.from} 至 ${p.to}`}
      unitLine="单位：户、%"
      orientation="landscape"
      note={NOTE_CULTIVATION + (w?.snapshot.shelfNote ? w.snapshot.shelfNote + '。' : '')}
    >
      {!w ? (
        <p>{upTo.note ?? '项目期间还没有订单数据。'}</p>
      ) : (
        <>
          <p style={{ textIndent: '2em', lineHeight: 1.8 }} data-testid="cultivation-print-summary">
            {`培育卷烟为${p.productsLabel}，项目期间 ${p.from} 至 ${p.to}。截至 ${w.to}，${p.targetSet ? '目标客户集“' + p.targetSet + '”' : '全县'}正常经营客户 ${w.snapshot.total.customers} 户，已铺货 ${w.snapshot.total.orderingCustomers} 户，铺货率 ${
              w.snapshot.total.distributionRate === null
                ? '—'
                : (w.snapshot.total.distributionRate * 100).toFixed(2) + '%'
            }；${behind.length ? `未达铺货率目标的客户经理：${behind.map((m) => m.managerName).join('、')}。` : '各客户经理均已达到铺货率目标或未设目标。'}`}
          </p>
          <PrintTable
            spec={{
              title: '各客户经理培育进度',
              columns: CULTIVATION_COLUMNS,
              rows: rows.slice(0, -1),
              totals: rows.slice(-1),
            }}
            caption="各客户经理培育进度"
          />
          {option && (
            <>
              <h2>铺货率按周走势</h2>
              <Chart option={option} height={250} />
            </>
          )}
        </>
      )}
    </PrintDocument>
  );
}
