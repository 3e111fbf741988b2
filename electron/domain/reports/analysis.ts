/**
 * 分析报告: a monthly analysis drafted in Chinese prose from the same query
 * results as the tables (总体情况, 结构, 品牌, 客户与市场, 计划与网建, 存在问题,
 * 下步建议, 判断标准). Every sentence is built from a figure in the inputs and
 * every judgement (增长 / 持平 / 下降, 问题 or not) from a threshold stated in
 * the last section, so the prose follows the figures: a falling month reads as
 * falling, an empty database says there are no data. The clerk edits the draft
 * before export; drafts are kept with their history in `analysis_drafts`.
 */
import type { Database } from 'better-sqlite3';
import type { Period } from './periods';
import { dataThrough, fmtDay, periodLabel } from './periods';
import { lastOrderDay } from './query';
import { salesReport, type SalesReport, type SalesRow } from './sales';
import { distributionReport, type DistributionReport } from './distribution';
import { progressSummary } from '../plans';
import { networkReport } from '../network';
import { AppError } from '../../api/errors';

export interface AnalysisSection {
  title: string;
  text: string;
}

// ── thresholds (stated in the last section of every report) ───────────────
/** a 同比/环比 within ±2% is 持平; beyond it 增长 or 下降 */
export const STEADY = 0.02;
/** a share of 销量 that moves by less than 1 percentage point is 稳定 */
export const STEADY_SHARE = 0.01;
/** 订足率 below 90% is a problem */
export const LOW_FULFILMENT = 0.9;
/** a route whose 铺货率 is more than 5 points under the county's is named */
export const LOW_ROUTE_GAP = 0.05;
/** brands whose 同期 was below 1 箱 are not judged on 同比 */
const MIN_BASE_TIAO = 250;

const cases = (t: number) => (t / 250).toFixed(2);
const wan = (f: number) => (f / 1_000_000).toFixed(2);
const pct = (r: number | null) => (r === null ? '—' : (r * 100).toFixed(2) + '%');
const pts = (d: number) => `${Math.abs(d * 100).toFixed(2)}个百分点`;

/** 增长12.34% / 下降5.00% / 基本持平（+1.20%） by the ±2% threshold; null when there is no base. */
export function trendWords(r: number | null): string | null {
  if (r === null) return null;
  const p = `${(Math.abs(r) * 100).toFixed(2)}%`;
  if (Math.abs(r) <= STEADY) return `基本持平（${r >= 0 ? '+' : '−'}${p}）`;
  return r > 0 ? `增长${p}` : `下降${p}`;
}

export interface NetworkStatus {
  month: string;
  indicators: { name: string; value: number | null; target: number | null; status: string; unit: string }[];
  notes: string[];
}

export interface PlanStatus {
  name: string;
  statusLabel: string;
  targetTiao: number;
  actualTiao: number;
  completion: number | null;
  timeProgress: number;
  ahead: number | null;
  asOf: string;
}

export interface AnalysisInputs {
  byClass: SalesReport;
  byBrand: SalesReport;
  byArea: SalesReport;
  byFormat: SalesReport;
  byManager: SalesReport;
  distByRoute: DistributionReport;
  /** the month's plan progress, null when there is no plan */
  plan: PlanStatus | null;
  /** the month's 网建 indicators against their targets, null when the period is not one month */
  network: NetworkStatus | null;
}

export function planStatus(db: Database, asOf: number): PlanStatus | null {
  try {
    return planStatusOf(progressSummary(db, { asOf: fmtDay(asOf) }));
  } catch (e) {
    if (e instanceof AppError) return null;
    throw e;
  }
}

/** The analysis's plan figures from a progress summary already computed (the 月报 pack's). */
export function planStatusOf(s: ReturnType<typeof progressSummary>): PlanStatus | null {
  if (!s.plan || s.targetTiao === null) return null;
  return {
    name: s.plan.name,
    statusLabel: s.plan.statusLabel,
    targetTiao: s.targetTiao,
    actualTiao: s.actualTiao,
    completion: s.completion,
    timeProgress: s.timeProgress,
    ahead: s.ahead,
    asOf: s.asOf,
  };
}

export function networkStatus(db: Database, month: string): NetworkStatus {
  // the county's figures only: the month's retailers without their names
  const r = networkReport(db, month, 'county', { lean: true });
  return {
    month,
    indicators: (r.rows[0]?.indicators ?? []).map((i) => ({
      name: i.name,
      value: i.value,
      target: i.target,
      status: i.status,
      unit: i.unit,
    })),
    notes: r.notes,
  };
}

export function analysisInputs(db: Database, period: Period, scope?: string): AnalysisInputs {
  const through = dataThrough(period, lastOrderDay(db));
  const isMonth = period.kind === 'month';
  const month = fmtDay(period.from).slice(0, 7);
  return {
    byClass: salesReport(db, { period, scope, by: 'class' }),
    byBrand: salesReport(db, { period, scope, by: 'brand' }, { lean: true }),
    byArea: salesReport(db, { period, scope, by: 'area' }, { lean: true }),
    byFormat: salesReport(db, { period, scope, by: 'format' }, { lean: true }),
    byManager: salesReport(db, { period, scope, by: 'manager' }, { lean: true }),
    distByRoute: distributionReport(db, { period, scope, by: 'route' }),
    plan: isMonth ? planStatus(db, through ?? period.to) : null,
    network: isMonth ? networkStatus(db, month) : null,
  };
}

/** The row that gained most 销量 against 同期 and the one that lost most, each only when it moved. */
function movers(rows: SalesRow[]): { up: SalesRow | null; down: SalesRow | null } {
  const diff = (r: SalesRow) => r.volumeTiao - r.volumeTiaoLastYear;
  const sorted = [...rows].sort((a, b) => diff(b) - diff(a) || (a.key < b.key ? -1 : 1));
  const up = sorted.find((r) => diff(r) > 0) ?? null;
  const down = [...sorted].reverse().find((r) => diff(r) < 0) ?? null;
  return { up, down };
}

const moverText = (r: SalesRow, name: string) => {
  const d = r.volumeTiao - r.volumeTiaoLastYear;
  const t = trendWords(r.yoyVolume);
  return `${name}（${d > 0 ? '增加' : '减少'}${cases(Math.abs(d))}箱${t ? '，' + t : '，同期无销量'}）`;
};

export function draftAnalysis(period: Period, x: AnalysisInputs): { title: string; sections: AnalysisSection[] } {
  const t = x.byClass.total;
  const label = periodLabel(period);
  const cut = x.byClass.throughLabel ? `（${x.byClass.throughLabel}）` : '';
  const same = x.byClass.throughLabel ? '（截至同日）' : '';
  const sections: AnalysisSection[] = [];
  const hasSales = t.volumeTiao > 0 || t.amountFen > 0;
  const hasLastYear = t.volumeTiaoLastYear > 0;

  // 一、总体
  const overall: string[] = [];
  if (!hasSales) {
    overall.push(`${label}${cut}${x.byClass.scopeLabel}没有订单数据，无法分析销售情况，请先导入本期订单。`);
    if (hasLastYear) overall.push(`上年同期${same}销售卷烟${cases(t.volumeTiaoLastYear)}箱。`);
  } else {
    overall.push(
      `${label}${cut}，${x.byClass.scopeLabel}共销售卷烟${cases(t.volumeTiao)}箱，` +
        (hasLastYear
          ? `同比${trendWords(t.yoyVolume)}（同期${same}${cases(t.volumeTiaoLastYear)}箱）。`
          : '上年同期没有销售数据，无法计算同比。'),
    );
    overall.push(
      `实现销售额${wan(t.amountFen)}万元，` +
        (t.amountFenLastYear > 0
          ? `同比${trendWords(t.yoyAmount)}（同期${same}${wan(t.amountFenLastYear)}万元）。`
          : '上年同期没有销售额，无法计算同比。'),
    );
    if (t.perCaseYuan !== null) {
      if (t.perCaseYuanLastYear !== null) {
        const diff = t.perCaseYuan - t.perCaseYuanLastYear;
        const r = t.perCaseYuanLastYear ? diff / t.perCaseYuanLastYear : null;
        overall.push(
          `单箱值${t.perCaseYuan.toFixed(2)}元/箱，同期${t.perCaseYuanLastYear.toFixed(2)}元/箱，` +
            (r !== null && Math.abs(r) <= STEADY
              ? `基本持平（相差${Math.abs(diff).toFixed(2)}元）。`
              : `${diff >= 0 ? '提高' : '减少'}${Math.abs(diff).toFixed(2)}元。`),
        );
      } else overall.push(`单箱值${t.perCaseYuan.toFixed(2)}元/箱。`);
    }
    if (t.volumeTiaoPrev !== null)
      overall.push(
        t.volumeTiaoPrev > 0
          ? `与上期${same}${cases(t.volumeTiaoPrev)}箱相比，销量环比${trendWords(t.momVolume)}。`
          : '上期没有销量，无法计算环比。',
      );
    overall.push(
      `本年累计销售${cases(t.volumeTiaoYtd)}箱，` +
        (t.volumeTiaoYtdLastYear > 0
          ? `累计同比${trendWords(t.ytdYoyVolume)}（同期${cases(t.volumeTiaoYtdLastYear)}箱）；`
          : '上年同期累计没有数据，无法计算累计同比；') +
        `累计销售额${wan(t.amountFenYtd)}万元。`,
    );
  }
  sections.push({ title: '一、总体销售情况', text: overall.join('') });

  // 二、结构
  const structure: string[] = [];
  if (!hasSales) structure.push('本期没有销量，无法分析销售结构。');
  else {
    for (const r of x.byClass.rows.filter((r) => r.volumeTiao > 0 || r.volumeTiaoLastYear > 0)) {
      const shareLy = t.volumeTiaoLastYear ? r.volumeTiaoLastYear / t.volumeTiaoLastYear : null;
      const d = shareLy !== null && r.volumeShare !== null ? r.volumeShare - shareLy : null;
      structure.push(
        `${r.key}烟${cases(r.volumeTiao)}箱，占比${pct(r.volumeShare)}` +
          (d === null
            ? '。'
            : Math.abs(d) < STEADY_SHARE
              ? `，与同期（${pct(shareLy)}）基本持平。`
              : `，较同期（${pct(shareLy)}）${d > 0 ? '上升' : '下降'}${pts(d)}。`),
      );
    }
  }
  sections.push({ title: '二、销售结构', text: structure.join('') });

  // 三、品牌
  const brandText: string[] = [];
  const brands = [...x.byBrand.rows]
    .filter((r) => r.volumeTiao > 0)
    .sort((a, b) => b.volumeTiao - a.volumeTiao || (a.key < b.key ? -1 : 1));
  if (!brands.length) brandText.push('本期没有品牌销售。');
  else {
    const top = brands.slice(0, 5);
    const topShare = t.volumeTiao ? top.reduce((a, r) => a + r.volumeTiao, 0) / t.volumeTiao : null;
    brandText.push(
      `销量前${top.length}位的品牌为：${top.map((r) => `${r.key}${cases(r.volumeTiao)}箱`).join('、')}，合计占总销量的${pct(topShare)}。`,
    );
    const m = movers(x.byBrand.rows);
    if (!hasLastYear) brandText.push('上年同期没有销售数据，无法比较品牌增减。');
    else {
      brandText.push(m.up ? `较同期增量最大的品牌是${moverText(m.up, m.up.key)}。` : '没有品牌销量较同期增加。');
      brandText.push(m.down ? `减量最大的品牌是${moverText(m.down, m.down.key)}。` : '没有品牌销量较同期减少。');
    }
  }
  sections.push({ title: '三、重点品牌', text: brandText.join('') });

  // 四、客户与市场
  const d = x.distByRoute.total;
  const market: string[] = [];
  if (!hasSales) market.push('本期没有订货客户，无法分析客户与市场。');
  else {
    market.push(
      `本期订货客户${d.orderingAll}户，订货${d.orderCount}次，户均订货量${d.perCustomerTiao === null ? '—' : (d.perCustomerTiao / 250).toFixed(2)}箱；` +
        `正常经营客户${d.customers}户，铺货率${pct(d.rate)}，重购率${pct(d.repeatRate)}，订足率${pct(t.fulfilment)}。`,
    );
    const areas = x.byArea.rows.filter((r) => r.volumeTiao > 0);
    if (areas.length)
      market.push(
        areas
          .map(
            (r) =>
              `${r.key}市场${cases(r.volumeTiao)}箱，占${pct(r.volumeShare)}` +
              (r.volumeTiaoLastYear > 0 ? `，同比${trendWords(r.yoyVolume)}` : '，同期无销量'),
          )
          .join('；') + '。',
      );
    const fmtTop = [...x.byFormat.rows].sort((a, b) => b.volumeTiao - a.volumeTiao)[0];
    if (fmtTop && fmtTop.volumeTiao > 0) market.push(`分业态看，${fmtTop.key}销量最大，占${pct(fmtTop.volumeShare)}。`);
    if (hasLastYear) {
      const m = movers(x.byManager.rows);
      if (m.up) market.push(`分客户经理看，较同期增量最大的是${moverText(m.up, m.up.name)}`);
      if (m.down) market.push(`${m.up ? '，' : '分客户经理看，'}减量最大的是${moverText(m.down, m.down.name)}`);
      if (m.up || m.down) market.push('。');
    }
  }
  sections.push({ title: '四、客户与市场', text: market.join('') });

  // 五、计划与网建
  const planNet: string[] = [];
  if (period.kind !== 'month') planNet.push('计划进度和网建达标按月评价，本期不是单月，从略。');
  else {
    const p = x.plan;
    if (!p) planNet.push('本月没有销售计划，无法评价计划进度。');
    else {
      const [, am, ad] = p.asOf.split('-').map(Number);
      planNet.push(
        `本月销售计划“${p.name}”（${p.statusLabel}）为${cases(p.targetTiao)}箱，截至${am}月${ad}日完成${cases(p.actualTiao)}箱，` +
          `完成率${pct(p.completion)}，时间进度${pct(p.timeProgress)}` +
          (p.ahead === null ? '。' : p.ahead >= 0 ? `，超进度${pts(p.ahead)}。` : `，落后进度${pts(p.ahead)}。`),
      );
    }
    const n = x.network;
    const withTarget = n ? n.indicators.filter((i) => i.status !== '无目标') : [];
    if (!n || !withTarget.length) planNet.push('本月没有设定网建指标目标，无法评价网建达标情况。');
    else {
      const by = (s: string) => withTarget.filter((i) => i.status === s);
      const fmtVal = (i: NetworkStatus['indicators'][number]) =>
        i.unit === 'rate' ? pct(i.value) : i.value === null ? '—' : String(i.value);
      const fmtTarget = (i: NetworkStatus['indicators'][number]) =>
        i.unit === 'rate' ? pct(i.target) : String(i.target);
      const list = (s: string) =>
        by(s)
          .map((i) => `${i.name}${fmtVal(i)}（目标${fmtTarget(i)}）`)
          .join('、');
      planNet.push(
        `网建指标中有目标的${withTarget.length}项：达标${by('达标').length}项、接近${by('接近').length}项、未达标${by('未达标').length}项` +
          (by('无数据').length ? `、无数据${by('无数据').length}项` : '') +
          '。',
      );
      if (by('未达标').length) planNet.push(`未达标的是${list('未达标')}。`);
      if (by('接近').length) planNet.push(`接近目标的是${list('接近')}。`);
      if (by('无数据').length)
        planNet.push(
          `${by('无数据')
            .map((i) => i.name)
            .join('、')}本月没有数据。`,
        );
    }
  }
  sections.push({ title: '五、计划与网建', text: planNet.join('') });

  // 六、存在问题 / 七、下步建议
  const problems: string[] = [];
  const advice: string[] = [];
  if (!hasSales) {
    problems.push('本期没有订单数据，无法判断是否存在问题');
    advice.push('导入本期订单数据后重新生成本报告');
  } else {
    if (t.yoyVolume !== null && t.yoyVolume < -STEADY) {
      problems.push(`销量同比${trendWords(t.yoyVolume)}`);
      advice.push('对照计划进度，逐线路分析销量下降原因，抓好重点客户的货源投放');
    }
    if (t.yoyAmount !== null && t.yoyAmount < -STEADY) problems.push(`销售额同比${trendWords(t.yoyAmount)}`);
    if (t.momVolume !== null && t.momVolume < -STEADY) problems.push(`销量环比${trendWords(t.momVolume)}`);
    const decliners = brands
      .filter((r) => r.yoyVolume !== null && r.yoyVolume < -0.1 && r.volumeTiaoLastYear >= MIN_BASE_TIAO)
      .sort((a, b) => a.yoyVolume! - b.yoyVolume!)
      .slice(0, 3);
    if (decliners.length) {
      problems.push(`${decliners.map((r) => `${r.key}（${trendWords(r.yoyVolume)}）`).join('、')}同比下降超过10%`);
      advice.push(`加强${decliners.map((r) => r.key).join('、')}等品牌的市场维护与客户宣传`);
    }
    if (t.fulfilment !== null && t.fulfilment < LOW_FULFILMENT) {
      problems.push(`订足率为${pct(t.fulfilment)}，低于90%，部分客户需求未能满足`);
      advice.push('关注紧俏规格的货源组织，按档位公平投放');
    }
    const lowRoutes = x.distByRoute.rows
      .filter((r) => r.rate !== null && d.rate !== null && r.rate < d.rate - LOW_ROUTE_GAP)
      .sort((a, b) => a.rate! - b.rate!)
      .slice(0, 3);
    if (lowRoutes.length) {
      problems.push(
        `${lowRoutes.map((r) => `${r.name}（铺货率${pct(r.rate)}）`).join('、')}铺货率低于全县（${pct(d.rate)}）5个百分点以上`,
      );
      advice.push(`督促${lowRoutes.map((r) => r.name).join('、')}所属客户经理走访未订货客户，提高铺货面`);
    }
  }
  if (x.plan && x.plan.ahead !== null && x.plan.ahead < 0) {
    problems.push(`计划完成率${pct(x.plan.completion)}，落后时间进度${pts(x.plan.ahead)}`);
    advice.push('按客户经理分解剩余计划，逐日跟踪完成进度');
  }
  const behind = x.network ? x.network.indicators.filter((i) => i.status === '未达标') : [];
  if (behind.length) {
    problems.push(`网建指标${behind.map((i) => i.name).join('、')}未达标`);
    advice.push(`针对${behind.map((i) => i.name).join('、')}列出未达标客户清单，落实到客户经理`);
  }
  sections.push({
    title: '六、存在问题',
    text: problems.length
      ? problems.map((p, i) => `${i + 1}. ${p}。`).join('')
      : '按本报告的判断标准，销量、销售额同比和环比均未下降超过2%，没有品牌同比下降超过10%，订足率不低于90%，没有线路铺货率低于全县5个百分点以上' +
        (x.plan ? '，计划不落后于时间进度' : '') +
        (behind.length === 0 && x.network && x.network.indicators.some((i) => i.status !== '无目标')
          ? '，网建指标没有未达标项'
          : '') +
        '。',
  });
  if (!advice.length) advice.push('保持当前投放节奏，继续做好市场监测与客户服务');
  sections.push({ title: '七、下步建议', text: advice.map((a, i) => `${i + 1}. ${a}。`).join('') });
  sections.push({
    title: '八、判断标准',
    text:
      `同比、环比变动在±${STEADY * 100}%以内记为“基本持平”，超过记为“增长”或“下降”；价类占比变动小于${STEADY_SHARE * 100}个百分点记为“基本持平”；` +
      `品牌和客户经理的增减按与同期相比的销量（箱）排序；订足率低于${LOW_FULFILMENT * 100}%、品牌同比下降超过10%（同期不足1箱的不计）、` +
      `线路铺货率低于全县${LOW_ROUTE_GAP * 100}个百分点以上、计划完成率落后于时间进度、网建指标未达标，列为存在问题。` +
      (x.byClass.throughLabel ? `本期${x.byClass.throughLabel}，同期、上期按相同天数比较。` : ''),
  });
  return { title: `${label}卷烟销售分析报告`, sections };
}

// ── drafts kept in the database (migration 027), with who saved them and when ──
export interface AnalysisDraft {
  id: number;
  period: string;
  scope: string;
  title: string;
  sections: AnalysisSection[];
  savedAt: string;
  savedBy: string;
}

interface DraftRow {
  id: number;
  period: string;
  scope: string;
  title: string;
  sections: string;
  saved_at: string;
  saved_by: string;
}

const toDraft = (r: DraftRow): AnalysisDraft => ({
  id: r.id,
  period: r.period,
  scope: r.scope,
  title: r.title,
  sections: JSON.parse(r.sections),
  savedAt: r.saved_at,
  savedBy: r.saved_by,
});

/** The latest saved draft of a period and scope and the list of earlier saves (newest first). */
export function analysisDrafts(db: Database, period: string, scope: string) {
  const rows = db
    .prepare('SELECT * FROM analysis_drafts WHERE period = ? AND scope = ? ORDER BY id DESC LIMIT 50')
    .all(period, scope) as DraftRow[];
  return {
    latest: rows.length ? toDraft(rows[0]) : null,
    history: rows.map((r) => ({ id: r.id, savedAt: r.saved_at, savedBy: r.saved_by, title: r.title })),
  };
}

export function analysisDraftById(db: Database, id: number): AnalysisDraft {
  const r = db.prepare('SELECT * FROM analysis_drafts WHERE id = ?').get(id) as DraftRow | undefined;
  if (!r) throw new AppError('unknown_record', `没有编号为 ${id} 的分析报告草稿`);
  return toDraft(r);
}

export function saveAnalysisDraft(
  db: Database,
  d: { period: string; scope: string; title: string; sections: AnalysisSection[] },
  savedBy: string,
): AnalysisDraft {
  const id = Number(
    db
      .prepare('INSERT INTO analysis_drafts(period, scope, title, sections, saved_by) VALUES (?, ?, ?, ?, ?)')
      .run(d.period, d.scope, d.title, JSON.stringify(d.sections), savedBy).lastInsertRowid,
  );
  return analysisDraftById(db, id);
}
