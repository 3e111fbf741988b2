/** Print views (A4 landscape): the plan scheme with signatures, and the 进度通报. */
import { Spin, Result } from 'antd';
import { useCall } from '../../api/client';
import { PrintDocument, PrintTable } from '../../components/PrintDocument';
import { useApp } from '../../app/AppContext';
import { searchParam, type Level, type PlanUnit } from './common';
import { progressSpec, schemeSpec, SIGNATURES } from './tables';

export function SchemePrint() {
  const planId = Number(searchParam('id'));
  const { settings } = useApp();
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
    g.data.cells.map((c) => ({ key: c.key, label: c.label, units: c.units, locked: c.locked, explain: c.explain })),
  );
  return (
    <PrintDocument
      title={spec.title}
      unitName={settings?.unitName}
      period={spec.period}
      unitLine={spec.unitLine}
      orientation="landscape"
      note={spec.note}
      signatures={SIGNATURES}
    >
      <PrintTable spec={spec} />
    </PrintDocument>
  );
}

export function ProgressPrint() {
  const planId = Number(searchParam('id'));
  const asOf = searchParam('asOf');
  const wd = searchParam('wd') === '1';
  const { settings } = useApp();
  const pr = useCall('plans.progress', planId ? { planId, asOf, workingDays: wd } : null, [planId, asOf, wd]);
  if (pr.error) return <Result status="error" title="无法打印" subTitle={pr.error.message} />;
  if (!pr.data) return <Spin style={{ margin: 60 }} />;
  const spec = progressSpec(pr.data);
  return (
    <PrintDocument
      title={spec.title}
      unitName={settings?.unitName}
      period={spec.period}
      unitLine={spec.unitLine}
      orientation="landscape"
      note={spec.note}
    >
      <PrintTable spec={spec} />
    </PrintDocument>
  );
}
