/**
 * 分析报告: a monthly analysis drafted in Chinese prose from the same query
 * results as the tables (总体情况, 结构, 重点品牌, 客户与市场, 存在问题, 下步建议).
 * Every number in the text is formatted from a figure in `figures`, so the
 * prose and the tables cannot disagree. The clerk edits the draft before export.
 */
import type { Database } from 'better-sqlite3';
import type { Period } from './periods';
import { periodLabel } from './periods';
import { salesReport, type SalesReport } from './sales';
import { distributionReport, type DistributionReport } from './distribution';

export interface AnalysisSection {
  title: string;
  text: string;
}

const cases = (t: number) => (t / 250).toFixed(2);
const wan = (f: number) => (f / 1_000_000).toFixed(2);
const pct = (r: number | null) => (r === null ? '—' : (r * 100).toFixed(2) + '%');
const signed = (r: number | null, up = '增长', down = '下降') =>
  r === null ? '无同期可比' : r >= 0 ? `${up}${(r * 100).toFixed(2)}%` : `${down}${(-r * 100).toFixed(2)}%`;
const points = (d: number) => `${d >= 0 ? '上升' : '下降'}${Math.abs(d * 100).toFixed(2)}个百分点`;

export interface AnalysisInputs {
  byClass: SalesReport;
  byBrand: SalesReport;
  byArea: SalesReport;
  byFormat: SalesReport;
  distByRoute: DistributionReport;
}

export function analysisInputs(db: Database, period: Period, scope?: string): AnalysisInputs {
  return {
    byClass: salesReport(db, { period, scope, by: 'class' }),
    byBrand: salesReport(db, { period, scope, by: 'brand' }, { lean: true }),
    byArea: salesReport(db, { period, scope, by: 'area' }, { lean: true }),
    byFormat: salesReport(db, { period, scope, by: 'format' }, { lean: true }),
    distByRoute: distributionReport(db, { period, scope, by: 'route' }),
  };
}

export function draftAnalysis(period: Period, x: AnalysisInputs): { title: string; sections: AnalysisSection[] } {
  const t = x.byClass.total;
  const label = periodLabel(period);
  const sections: AnalysisSection[] = [];

  const perCaseDiff =
    t.perCaseYuan !== null && t.perCaseYuanLastYear !== null ? t.perCaseYuan - t.perCaseYuanLastYear : null;
  sections.push({
    title: '一、总体销售情况',
    text:
      `${label}，${x.byClass.scopeLabel}共销售卷烟${cases(t.volumeTiao)}箱，同比${signed(t.yoyVolume)}（同期${cases(t.volumeTiaoLastYear)}箱）；` +
      `实现销售额${wan(t.amountFen)}万元，同比${signed(t.yoyAmount)}（同期${wan(t.amountFenLastYear)}万元）；` +
      (t.perCaseYuan !== null
        ? `单箱值${t.perCaseYuan.toFixed(2)}元/箱` +
          (perCaseDiff !== null
            ? `，同比${perCaseDiff >= 0 ? '提高' : '减少'}${Math.abs(perCaseDiff).toFixed(2)}元`
            : '') +
          '。'
        : '') +
      (t.volumeTiaoPrev !== null ? `环比${signed(t.momVolume)}。` : '') +
      `本年累计销售${cases(t.volumeTiaoYtd)}箱，累计同比${signed(t.ytdYoyVolume)}；累计销售额${wan(t.amountFenYtd)}万元，累计同比${signed(t.ytdYoyAmount)}。`,
  });

  const classLines = x.byClass.rows
    .filter((r) => r.volumeTiao > 0 || r.volumeTiaoLastYear > 0)
    .map((r) => {
      const shareLy = x.byClass.total.volumeTiaoLastYear
        ? r.volumeTiaoLastYear / x.byClass.total.volumeTiaoLastYear
        : null;
      return (
        `${r.key}烟${cases(r.volumeTiao)}箱，占比${pct(r.volumeShare)}` +
        (shareLy !== null && r.volumeShare !== null ? `，较同期${points(r.volumeShare - shareLy)}` : '')
      );
    });
  const one = x.byClass.rows.find((r) => r.key === '一类');
  const two = x.byClass.rows.find((r) => r.key === '二类');
  const highShare = t.volumeTiao ? ((one?.volumeTiao ?? 0) + (two?.volumeTiao ?? 0)) / t.volumeTiao : null;
  sections.push({
    title: '二、销售结构',
    text:
      (classLines.length ? classLines.join('；') + '。' : '本期没有销售。') +
      (highShare !== null ? `一二类烟合计占比${pct(highShare)}。` : ''),
  });

  const brands = [...x.byBrand.rows]
    .filter((r) => r.volumeTiao > 0)
    .sort((a, b) => b.volumeTiao - a.volumeTiao || (a.key < b.key ? -1 : 1));
  const top = brands.slice(0, 5);
  const growers = brands
    .filter((r) => r.yoyVolume !== null && r.volumeTiaoLastYear >= 250)
    .sort((a, b) => b.yoyVolume! - a.yoyVolume!);
  sections.push({
    title: '三、重点品牌',
    text: top.length
      ? `销量前五的品牌为：${top.map((r) => `${r.key}${cases(r.volumeTiao)}箱（同比${signed(r.yoyVolume)}）`).join('、')}，合计占总销量的${pct(t.volumeTiao ? top.reduce((a, r) => a + r.volumeTiao, 0) / t.volumeTiao : null)}。` +
        (growers.length ? `同比增幅最大的是${growers[0].key}（${signed(growers[0].yoyVolume)}）。` : '')
      : '本期没有品牌销售。',
  });

  const d = x.distByRoute.total;
  const areaText = x.byArea.rows
    .map((r) => `${r.key}市场${cases(r.volumeTiao)}箱，占${pct(r.volumeShare)}，同比${signed(r.yoyVolume)}`)
    .join('；');
  const fmtTop = [...x.byFormat.rows].sort((a, b) => b.volumeTiao - a.volumeTiao)[0];
  sections.push({
    title: '四、客户与市场',
    text:
      `本期订货客户${d.orderingAll}户，订货${d.orderCount}次，户均订货量${d.perCustomerTiao === null ? '—' : (d.perCustomerTiao / 250).toFixed(2)}箱；` +
      `正常经营客户${d.customers}户，铺货率${pct(d.rate)}，重购率${pct(d.repeatRate)}，订足率${pct(t.fulfilment)}。` +
      (areaText ? areaText + '。' : '') +
      (fmtTop && fmtTop.volumeTiao > 0 ? `分业态看，${fmtTop.key}销量最大，占${pct(fmtTop.volumeShare)}。` : ''),
  });

  const problems: string[] = [];
  const advice: string[] = [];
  if (t.yoyVolume !== null && t.yoyVolume < 0) {
    problems.push(`销量同比${signed(t.yoyVolume)}`);
    advice.push('对照计划进度，逐线路分析销量下降原因，抓好重点客户的货源投放');
  }
  const decliners = brands
    .filter((r) => r.yoyVolume !== null && r.yoyVolume < -0.1 && r.volumeTiaoLastYear >= 250)
    .sort((a, b) => a.yoyVolume! - b.yoyVolume!)
    .slice(0, 3);
  if (decliners.length) {
    problems.push(`${decliners.map((r) => `${r.key}（${signed(r.yoyVolume)}）`).join('、')}等品牌同比下降较多`);
    advice.push(`加强${decliners.map((r) => r.key).join('、')}等品牌的市场维护与客户宣传`);
  }
  if (t.fulfilment !== null && t.fulfilment < 0.9) {
    problems.push(`订足率为${pct(t.fulfilment)}，部分客户需求未能满足`);
    advice.push('关注紧俏规格的货源组织，按档位公平投放');
  }
  const lowRoutes = x.distByRoute.rows
    .filter((r) => r.rate !== null && d.rate !== null && r.rate < d.rate - 0.05)
    .sort((a, b) => a.rate! - b.rate!)
    .slice(0, 3);
  if (lowRoutes.length) {
    problems.push(`${lowRoutes.map((r) => `${r.name}（铺货率${pct(r.rate)}）`).join('、')}铺货率明显低于全县平均`);
    advice.push(`督促${lowRoutes.map((r) => r.name).join('、')}所属客户经理走访未订货客户，提高铺货面`);
  }
  if (
    one &&
    one.volumeShare !== null &&
    x.byClass.total.volumeTiaoLastYear &&
    one.volumeShare < one.volumeTiaoLastYear / x.byClass.total.volumeTiaoLastYear
  ) {
    problems.push('一类烟占比较同期下降，结构有所下移');
    advice.push('稳定高端规格的投放与陈列，推动结构提升');
  }
  sections.push({
    title: '五、存在问题',
    text: problems.length
      ? problems.map((p, i) => `${i + 1}. ${p}。`).join('')
      : '本期各项指标运行平稳，未发现突出问题。',
  });
  if (!advice.length) advice.push('保持当前投放节奏，继续做好市场监测与客户服务');
  sections.push({ title: '六、下步建议', text: advice.map((a, i) => `${i + 1}. ${a}。`).join('') });
  return { title: `${label}卷烟销售分析报告`, sections };
}
