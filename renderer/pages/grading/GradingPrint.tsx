/** The 客户档位调整名单 printed (A4 landscape) with the signature line. */
import { Result, Spin } from 'antd';
import { useCall } from '../../api/client';
import { SpecPrint } from '../../components/SpecPrint';
import { searchParam } from '../reports/common';
import { SIGNATURES } from '../plans/tables';
import { adjustListSpec } from './tables';

export function GradingPrint() {
  const reviewId = Number(searchParam('id'));
  const r = useCall('grading.get', reviewId > 0 ? { reviewId } : null, [reviewId]);
  if (!(reviewId > 0)) return <Result status="warning" title="无法打印" subTitle="没有指定分档调整" />;
  if (r.error) return <Result status="error" title="无法打印" subTitle={r.error.message} />;
  if (!r.data) return <Spin style={{ margin: 60 }} />;
  return <SpecPrint spec={adjustListSpec(r.data)} signatures={SIGNATURES} noWrap />;
}
