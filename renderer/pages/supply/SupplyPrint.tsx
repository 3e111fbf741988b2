/** The printable 投放方案 of a week (A4 landscape, signature footer), from `#/supply/print?week=YYYY-Www`. */
import { Spin } from 'antd';
import { useCall } from '../../api/client';
import { SpecPrint } from '../../components/SpecPrint';
import { searchParam } from '../plans/common';
import { planSpec } from './tables';

export function SupplyPrint() {
  const { data, error } = useCall('supply.week', { week: searchParam('week') ?? '' }, []);
  if (!data) return error ? <div style={{ padding: 40 }}>{error.message}</div> : <Spin style={{ margin: 80 }} />;
  const spec = planSpec(data);
  return (
    <SpecPrint spec={spec} noWrap>
      {/* a week of many specs: the columns give way in smaller type */}
      {spec.columns.length > 20 && (
        <style>{'.print-doc th, .print-doc td { font-size: 7pt; padding: 1pt 2pt; }'}</style>
      )}
    </SpecPrint>
  );
}
