/**
 * 月报 pack: the department's monthly set computed in one call — 销售情况表 by
 * 价类, 品牌, 客户经理, 线路, 城乡 and 业态; 分销与四率 by 客户经理 and 线路; the
 * 客户分类销售情况一览表 for the year to date; 计划进度 (from the plans module);
 * the 品牌培育 projects of the month (from the cultivation module);
 * and the drafted analysis, built from these same results.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../api/errors';
import { dataThrough, fmtDay, monthPeriod, periodLabel, periodSpec, throughLabel, ytdPeriod } from './periods';
import { lastOrderDay, withSharedReads } from './query';
import { salesReport } from './sales';
import { distributionReport } from './distribution';
import { customerClassTable } from './overview';
import { analysisDrafts, draftAnalysis, networkStatus, planStatusOf } from './analysis';
import { readSettings } from '../settings';
import { progressSummary } from '../plans';
import { cultivationStatus } from '../cultivation';

export function monthlyPack(db: Database, input: { month: string; scope?: string }) {
  // the sections read the same months of the retailer summaries: once for all of them
  return withSharedReads(db, () => pack(db, input));
}

function pack(db: Database, input: { month: string; scope?: string }) {
  const r = /^(\d{4})-(\d{1,2})$/.exec(input.month);
  if (!r || Number(r[2]) < 1 || Number(r[2]) > 12)
    throw new AppError('invalid_period', `月份“${input.month}”无效，应为 YYYY-MM`);
  const period = monthPeriod(Number(r[1]), Number(r[2]));
  const scope = input.scope;
  const started = performance.now();
  const byClass = salesReport(db, { period, scope, by: 'class' });
  const byBrand = salesReport(db, { period, scope, by: 'brand' });
  const byManager = salesReport(db, { period, scope, by: 'manager' });
  const byRoute = salesReport(db, { period, scope, by: 'route' });
  const byArea = salesReport(db, { period, scope, by: 'area' });
  const byFormat = salesReport(db, { period, scope, by: 'format' });
  const distByManager = distributionReport(db, { period, scope, by: 'manager' });
  const distByRoute = distributionReport(db, { period, scope, by: 'route' });
  const through = dataThrough(period, lastOrderDay(db));
  const customerClass = customerClassTable(db, { period: ytdPeriod(through ?? period.to), by: 'format', scope });
  // one progress summary serves the 计划进度表 and the analysis's plan sentence
  let plan: ReturnType<typeof progressSummary> | null = null;
  let planNote: string | null = null;
  try {
    plan = progressSummary(db, { asOf: fmtDay(through ?? period.to) });
    if (!plan.plan) planNote = '本月没有销售计划，计划进度表从略';
  } catch (e) {
    planNote = `计划进度暂不可用：${(e as Error).message}`;
  }
  const drafted = draftAnalysis(period, {
    byClass,
    byBrand,
    byArea,
    byFormat,
    byManager,
    distByRoute,
    plan: plan ? planStatusOf(plan) : null,
    network: networkStatus(db, periodSpec(period)),
  });
  // the clerk's saved draft of the month, when there is one, is the analysis the pack prints
  const saved = analysisDrafts(db, periodSpec(period), scope ?? 'county').latest;
  const analysis = saved ? { title: saved.title, sections: saved.sections } : drafted;
  const s = readSettings(db);
  return {
    month: periodSpec(period),
    periodLabel: periodLabel(period),
    through: through === null ? null : fmtDay(through),
    throughLabel: through === null ? null : throughLabel(through),
    unitName: s.unitName,
    orgName: s.orgName,
    scopeLabel: byClass.scopeLabel,
    sales: { byClass, byBrand, byManager, byRoute, byArea, byFormat },
    distribution: { byManager: distByManager, byRoute: distByRoute },
    customerClass,
    plan: plan && plan.plan ? plan : null,
    planNote,
    analysis,
    /** the 品牌培育 projects running in the month: rates from their first day to the month's end (or last data day) */
    cultivation: cultivationStatus(db, period),
    /** who saved the analysis used, or null when it is the fresh draft */
    analysisSaved: saved ? { savedAt: saved.savedAt, savedBy: saved.savedBy } : null,
    computeMs: Math.round(performance.now() - started),
  };
}
