/** Print view of the weekly 内管情况表: counts per rule and status, the warnings of the week, new 台账 entries. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { useApp } from '../../app/AppContext';
import { searchParam } from '../network/common';
import { detailSpec, ledgerSpec, summarySpec, weekSpan } from './monitorTables';

export function MonitorPrint() {
  const { settings } = useApp();
  const span = weekSpan(searchParam('week') ?? '');
  const range = span ? { from: span.from, to: span.to } : null;
  const summary = useCall('monitor.summary', range, []);
  const list = useCall('monitor.list', range ? { ...range, limit: 100000 } : null, []);
  const ledger = useCall('monitor.ledger', range, []);
  if (!span) return <div style={{ padding: 40 }}>周次不正确，应写成 2026-W12 这样的格式</div>;
  const error = summary.error ?? list.error ?? ledger.error;
  if (error) return <div style={{ padding: 40 }}>{error.message}</div>;
  if (!summary.data || !list.data || !ledger.data) return <Spin style={{ margin: 80 }} />;
  const s = summarySpec(summary.data, span.label);
  return (
    <PrintDocument
      title="内管情况表"
      unitName={settings?.unitName}
      period={span.label}
      unitLine="单位：条"
      orientation="landscape"
      note={s.note}
      signatures={['制表人', '审核人（客服部主任）', '制表日期']}
    >
      <PrintTable spec={s} caption="一、预警汇总" />
      {list.data.rows.length ? (
        <div className="monitor-detail">
          {/* dates, rule names, results and people stay on one line; names and notes wrap */}
          <style>{`.monitor-detail td:nth-child(-n+3), .monitor-detail td:nth-child(n+6):nth-child(-n+10),
            .monitor-detail td:nth-child(n+12), .monitor-detail th { white-space: nowrap; }`}</style>
          <PrintTable
            spec={detailSpec(list.data.rows, span.label, settings?.monitorSurgeHistory ?? 3, 'print')}
            caption="二、预警明细与核查情况"
          />
        </div>
      ) : (
        <>
          <h2>二、预警明细与核查情况</h2>
          <p>本周没有内管预警。</p>
        </>
      )}
      {ledger.data.rows.length ? (
        <PrintTable spec={ledgerSpec(ledger.data.rows, span.label)} caption="三、本周列入重点监管客户台账" />
      ) : (
        <>
          <h2>三、本周列入重点监管客户台账</h2>
          <p>本周没有新列入的客户。</p>
        </>
      )}
    </PrintDocument>
  );
}
