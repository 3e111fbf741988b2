/** The printable 投放方案 of a week (A4 landscape, signature footer), from `#/supply/print?week=YYYY-Www`. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { useApp } from '../../app/AppContext';
import { searchParam } from '../plans/common';
import { planSpec } from './tables';

export function SupplyPrint() {
  const { settings } = useApp();
  const { data, error } = useCall('supply.week', { week: searchParam('week') ?? '' }, []);
  if (!data) return error ? <div style={{ padding: 40 }}>{error.message}</div> : <Spin style={{ margin: 80 }} />;
  const spec = planSpec(data);
  const many = spec.columns.length > 20;
  return (
    <PrintDocument
      title={spec.title}
      unitName={settings?.unitName}
      period={spec.period}
      unitLine={spec.unitLine}
      orientation="landscape"
      note={spec.note}
    >
      <style>
        {'.print-doc tbody td:not(.num) { white-space: nowrap; }' +
          (many ? ' .print-doc th, .print-doc td { font-size: 7pt; padding: 1pt 2pt; }' : '')}
      </style>
      <PrintTable spec={spec} />
    </PrintDocument>
  );
}
