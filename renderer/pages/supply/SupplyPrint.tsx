/** The printable 投放方案 of a week (A4 landscape, signature footer), from `#/supply/print?week=YYYY-Www`. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { useApp } from '../../app/AppContext';
import { PrintDocument } from '../../components/PrintDocument';
import { SpecPrint } from '../../components/SpecPrint';
import { searchParam } from '../plans/common';
import { noPlanText, planSpec, weekLabel } from './tables';

export function SupplyPrint() {
  const { settings } = useApp();
  const { data, error } = useCall('supply.week', { week: searchParam('week') ?? '' }, []);
  if (!data) return error ? <div style={{ padding: 40 }}>{error.message}</div> : <Spin style={{ margin: 80 }} />;
  const spec = planSpec(data);
  // a week without a plan: say so, and how to make one, instead of an empty table
  if (!data.plans.length)
    return (
      <PrintDocument title={spec.title} unitName={settings?.unitName} period={weekLabel(data)} orientation="landscape">
        <p data-testid="supply-print-empty" style={{ fontSize: '12pt', margin: '24pt 0' }}>
          {noPlanText(data)}
        </p>
      </PrintDocument>
    );
  return (
    <SpecPrint spec={spec} noWrap>
      {/* a week of many specs: the columns give way in smaller type */}
      {spec.columns.length > 20 && (
        <style>{'.print-doc th, .print-doc td { font-size: 7pt; padding: 1pt 2pt; }'}</style>
      )}
    </SpecPrint>
  );
}
