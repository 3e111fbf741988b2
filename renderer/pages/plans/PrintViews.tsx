/** Print views (A4 landscape): the plan scheme with signatures, and the 进度通报. */
import { Spin, Result } from 'antd';
import { useCall } from '../../api/client';
import { SpecPrint } from '../../components/SpecPrint';
import { searchParam, type Level, type PlanUnit } from './common';
import { progressSpec, schemeSpec, SIGNATURES } from './tables';

export function SchemePrint() {
  const planId = Number(searchParam('id'));
  const g = useCall('plans.get', planId ? { planId } : null, [planId]);
  if (g.error) return <Result status="error" title="无法打印" subTitle={g.error.message} />;
  if (!g.data) return <Spin style={{ margin: 60 }} />;
  const p = g.data.plan;
  const spec = schemeSpec(
    {
      name: p.name,
      year: p.year,
      month: p.month,
      level: p.level as Level,
      unit: p.unit as PlanUnit,
      products: p.products,
      status: p.statusLabel,
      versionNo: g.data.versionNo,
    },
    g.data.cells.map((c) => ({
      key: c.key,
      label: c.label,
      units: c.units,
      locked: c.locked,
      explain: c.explain,
      money: c.money,
    })),
  );
  return <SpecPrint spec={spec} signatures={SIGNATURES} />;
}

export function ProgressPrint() {
  const planId = Number(searchParam('id'));
  const asOf = searchParam('asOf');
  const wd = searchParam('wd') === '1';
  const pr = useCall('plans.progress', planId ? { planId, asOf, workingDays: wd } : null, [planId, asOf, wd]);
  if (pr.error) return <Result status="error" title="无法打印" subTitle={pr.error.message} />;
  if (!pr.data) return <Spin style={{ margin: 60 }} />;
  const spec = progressSpec(pr.data);
  // with the money columns the table is wide: names and codes stay on one line, the numbers give way
  return <SpecPrint spec={spec} noWrap={pr.data.hasMoney} />;
}
