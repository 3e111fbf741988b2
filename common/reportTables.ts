/**
 * The report tables as table descriptions (./table): the 销售情况表, the 分销与
 * “四率” table, 客户分类, 计划进度, the monthly pack, the analysis sheet and the
 * 需求预测表, with the 口径说明 each names. Pure data: the report pages (grid,
 * Excel, print) and the command line's xlsx build the same tables from here.
 */
import { moneyCells, moneyColumns, MONEY_NOTE } from './planMoney';
import type { TableColumn, TableSpec } from './table';
import type { Output } from '@contract';

export type SalesData = Output<'reports.sales'>;
export type DistributionData = Output<'reports.distribution'>;
export type CustomerClassData = Output<'reports.customerClass'>;
export type PackData = Output<'reports.pack'>;
export type ForecastData = Output<'reports.forecast'>;

// ── 口径说明 ──────────────────────────────────────────────────────────────
export const NOTE_SALES =
  '销量=Σ订购量（条），1箱=250条；销售额=Σ金额；单箱值=销售额(元)÷销量(箱)；条均批发价=销售额(元)÷销量(条)；结构=本行销量÷合计销量；同期为上年同一期间（本年累计为上年1月1日至同日），同比=(本期−同期)÷同期；上期为上一个同类期间，环比=(本期−上期)÷上期；基数为0时显示“—”；订足率=Σ订购量÷Σ需求量（仅计需求量>0的订单行）。客户归属按当前基础资料。';
/** The default 订足率 as the distribution note words it (replaced by the basis in use). */
const FULFILMENT_VOLUME_SHORT = '订足率=Σ订购量÷Σ需求量（需求量>0的行）';

/** 订足率 as each basis of Settings states it. */
export const FULFILMENT_NOTES: Record<'volume' | 'lines', string> = {
  volume: '订足率=Σ订购量÷Σ需求量（仅计需求量>0的订单行）',
  lines: '订足率=订购量≥需求量的订单行数÷需求量>0的订单行数（按订单行）',
};

/** 口径说明 of the sales table on the 订足率 basis it used. */
export function noteSales(fBasis: 'volume' | 'lines' = 'volume'): string {
  return NOTE_SALES.replace(FULFILMENT_NOTES.volume, FULFILMENT_NOTES[fBasis]);
}

export const ACTIVE_RATE_NOTES: Record<'customers' | 'specs', string> = {
  customers: '动销率=本期订货客户数÷前三个同类期间内订过货的客户数',
  specs: '动销率=有销量的在销规格数÷在销规格数',
};

/** 口径说明 of the distribution table, naming the 动销率 definition the report used. */
export function noteDistribution(
  basis: 'customers' | 'specs' = 'customers',
  fBasis: 'volume' | 'lines' = 'volume',
): string {
  return NOTE_DISTRIBUTION.replace(ACTIVE_RATE_NOTES.customers, ACTIVE_RATE_NOTES[basis]).replace(
    FULFILMENT_VOLUME_SHORT,
    FULFILMENT_NOTES[fBasis],
  );
}

export const NOTE_DISTRIBUTION = `铺货率=期内订购量>0的正常经营客户数÷期末正常经营客户数；重购率=期内有两个及以上不同订货日期的客户÷订货客户；动销率=本期订货客户数÷前三个同类期间内订过货的客户数；订货户数含非正常经营客户，订货次数按不同订货日期计；户均订货量=销量÷订货户数；${FULFILMENT_VOLUME_SHORT}；断货率=需求量>0且订购量=0的行数÷需求量>0的行数；上柜率=期内最近一次检查显示在柜的客户数÷期内检查客户数（网建检查记录的在柜规格）；基数为0时显示“—”。`;
export const NOTE_CLASS = '销量=Σ订购量，1箱=250条；销售额=Σ金额；客户分类按当前基础资料中的经营业态/城乡分类/档位。';

// ── table layouts ────────────────────────────────────────────────────────
/** A report's first columns: the key of a row, and its name where the key is a code (规格, 客户经理, 线路). */
function keyColumns(byLabel: string, by: string, nameWidth = 14): TableColumn[] {
  const key: TableColumn = { key: 'key', title: byLabel, width: 10 };
  return by === 'spec' || by === 'manager' || by === 'route'
    ? [key, { key: 'name', title: '名称', width: nameWidth }]
    : [key];
}

/** 同期/上期 titled 「（截至同日）」 when the period is not over and they cover the same days (DOMAIN.md). */
export function salesColumns(byLabel: string, by: string, partial = false): TableColumn[] {
  const lean = by === 'month';
  const ly = partial ? '同期（截至同日）' : '同期';
  const prev = partial ? '上期（截至同日）' : '上期';
  const cols: TableColumn[] = [
    ...keyColumns(byLabel, by),
    { key: 'volumeTiao', title: '本期', group: '销量(箱)', type: 'cases' },
    { key: 'volumeTiaoLastYear', title: ly, group: '销量(箱)', type: 'cases' },
    { key: 'yoyVolume', title: '同比', group: '销量(箱)', type: 'signedPercent' },
  ];
  if (!lean) {
    cols.push(
      { key: 'volumeTiaoPrev', title: prev, group: '销量(箱)', type: 'cases' },
      { key: 'momVolume', title: '环比', group: '销量(箱)', type: 'signedPercent' },
      { key: 'volumeTiaoYtd', title: '本年累计', group: '销量(箱)', type: 'cases' },
      { key: 'ytdYoyVolume', title: '累计同比', group: '销量(箱)', type: 'signedPercent' },
    );
  }
  cols.push(
    { key: 'amountFen', title: '本期', group: '销售额(万元)', type: 'wan' },
    { key: 'amountFenLastYear', title: ly, group: '销售额(万元)', type: 'wan' },
    { key: 'yoyAmount', title: '同比', group: '销售额(万元)', type: 'signedPercent' },
  );
  if (!lean)
    cols.push(
      { key: 'amountFenYtd', title: '本年累计', group: '销售额(万元)', type: 'wan' },
      { key: 'ytdYoyAmount', title: '累计同比', group: '销售额(万元)', type: 'signedPercent' },
    );
  cols.push(
    { key: 'perCaseYuan', title: '本期', group: '单箱值(元/箱)', type: 'number' },
    { key: 'perCaseYuanLastYear', title: ly, group: '单箱值(元/箱)', type: 'number' },
    { key: 'perTiaoYuan', title: '条均批发价(元/条)', type: 'number' },
    { key: 'volumeShare', title: '销量', group: '结构', type: 'percent' },
    { key: 'amountShare', title: '销售额', group: '结构', type: 'percent' },
    { key: 'demandTiao', title: '需求量(箱)', type: 'cases' },
    { key: 'fulfilment', title: '订足率', type: 'percent' },
  );
  return cols;
}

/** The period line of a report: 期间, 「数据截至 M月D日」 when not over, the scopes. */
export function periodLine(d: { periodLabel: string; throughLabel?: string | null }, ...scopes: string[]): string {
  return [d.periodLabel + (d.throughLabel ? `（${d.throughLabel}）` : ''), ...scopes].join('　');
}

/** The sentence a page shows above a report whose period is not over. */
export function throughNote(d: { throughLabel?: string | null; through?: string | null }): string | null {
  if (!d.throughLabel || !d.through) return null;
  const day = Number(d.through.slice(8, 10));
  return `${d.throughLabel}，本期尚未结束：同期、上期按相同天数（1–${day}日）比较，本年累计为1月1日至${Number(d.through.slice(5, 7))}月${day}日。`;
}

export function salesSpec(d: SalesData, title = '卷烟销售情况表'): TableSpec {
  return {
    title,
    period: periodLine(d, d.scopeLabel, d.productsLabel),
    unitLine: '单位：箱、万元',
    columns: salesColumns(d.byLabel, d.by, d.through !== null),
    rows: d.rows as unknown as Record<string, unknown>[],
    totals: [{ ...d.total, key: '合计', name: '' }],
    note: noteSales(d.fulfilmentBasis),
    sheetName: `销售情况表-按${d.byLabel}`,
  };
}

/**
 * 「（截至M月D日）」 after a rate whose period is not over: its numerator counts only the
 * days with data while its base does not, so a low figure is the month not yet over, not a fall.
 */
export function partialMark(d: { through?: string | null }): string {
  return d.through ? `（截至${Number(d.through.slice(5, 7))}月${Number(d.through.slice(8, 10))}日）` : '';
}

export function distributionColumns(
  byLabel: string,
  by: string,
  basis: 'customers' | 'specs' = 'customers',
  through: string | null = null,
): TableColumn[] {
  const activeTitle = `动销率${partialMark({ through })}`;
  const active: TableColumn[] =
    basis === 'specs'
      ? [
          { key: 'activeSpecs', title: '有销量规格数', group: '动销', type: 'int' },
          { key: 'specsOnSale', title: '在销规格数', group: '动销', type: 'int' },
          { key: 'activeRate', title: activeTitle, group: '动销', type: 'percent' },
        ]
      : [{ key: 'activeRate', title: activeTitle, type: 'percent' }];
  return [
    ...keyColumns(byLabel, by),
    { key: 'customers', title: '正常经营户数', type: 'int' },
    { key: 'orderingCustomers', title: '铺货户数', group: '铺货', type: 'int' },
    { key: 'rate', title: '铺货率', group: '铺货', type: 'percent' },
    { key: 'repeatCustomers', title: '重购户数', group: '重购', type: 'int' },
    { key: 'repeatRate', title: '重购率', group: '重购', type: 'percent' },
    ...active,
    { key: 'orderingAll', title: '全部订货户数', group: '订货', type: 'int' },
    { key: 'orderCount', title: '订货次数', group: '订货', type: 'int' },
    { key: 'perCustomerTiao', title: '户均订货量(条)', group: '订货', type: 'number' },
    { key: 'volumeTiao', title: '销量(箱)', type: 'cases' },
    { key: 'fulfilment', title: '订足率', type: 'percent' },
    { key: 'stockoutRate', title: '断货率', type: 'percent' },
    { key: 'inspectedCustomers', title: '检查户数', group: '上柜', type: 'int' },
    { key: 'shelfCustomers', title: '在柜户数', group: '上柜', type: 'int' },
    { key: 'shelfRate', title: '上柜率', group: '上柜', type: 'percent' },
  ];
}

export function distributionSpec(d: DistributionData, title = '卷烟分销与“四率”情况表'): TableSpec {
  return {
    title,
    period: periodLine(d, d.scopeLabel, d.productsLabel),
    unitLine: '单位：户、箱',
    columns: distributionColumns(d.byLabel, d.by, d.activeRateBasis, d.through),
    rows: d.rows as unknown as Record<string, unknown>[],
    totals: [{ ...d.total, key: '合计', name: '' }],
    note: noteDistribution(d.activeRateBasis, d.fulfilmentBasis) + (d.shelfNote ? `${d.shelfNote}。` : ''),
    sheetName: `四率-按${d.byLabel}`,
  };
}

const CLASS_BY_LABEL: Record<string, string> = { format: '经营业态', area: '城乡分类', grade: '档位' };

export function customerClassSpec(d: CustomerClassData): TableSpec {
  const columns: TableColumn[] = [{ key: 'name', title: CLASS_BY_LABEL[d.by] ?? '分类', width: 10 }];
  d.months.forEach((m, i) => {
    const g = `${Number(m.slice(5, 7))}月`;
    columns.push(
      { key: `v${i}`, title: '销量(箱)', group: g, type: 'cases' },
      { key: `a${i}`, title: '销售额(万元)', group: g, type: 'wan' },
    );
  });
  columns.push(
    { key: 'tv', title: '销量(箱)', group: '合计', type: 'cases' },
    { key: 'ta', title: '销售额(万元)', group: '合计', type: 'wan' },
    { key: 'share', title: '销量占比', type: 'percent' },
  );
  const row = (
    name: string,
    cells: { volumeTiao: number; amountFen: number }[],
    t: { volumeTiao: number; amountFen: number },
    share: number | null,
  ) => {
    const r: Record<string, unknown> = { name, tv: t.volumeTiao, ta: t.amountFen, share };
    cells.forEach((c, i) => {
      r[`v${i}`] = c.volumeTiao;
      r[`a${i}`] = c.amountFen;
    });
    return r;
  };
  return {
    title: '客户分类销售情况一览表',
    period: periodLine(d, d.scopeLabel, d.productsLabel),
    unitLine: '单位：箱、万元',
    columns,
    rows: d.rows.map((r) => row(r.name, r.cells, r.total, r.volumeShare)),
    totals: [row('合计', d.total.cells, d.total.total, d.total.total.volumeTiao ? 1 : null)],
    note: NOTE_CLASS,
    sheetName: `客户分类-按${CLASS_BY_LABEL[d.by] ?? '分类'}`,
  };
}

export function planSpec(p: NonNullable<PackData['plan']>, periodLabel: string): TableSpec {
  return {
    title: '销售计划进度表',
    period: periodLabel,
    unitLine: p.money ? '单位：箱、万元、元/箱' : '单位：箱',
    columns: [
      { key: 'name', title: '计划' },
      { key: 'status', title: '状态' },
      { key: 'targetTiao', title: '计划量(箱)', type: 'cases' },
      { key: 'actualTiao', title: '实际销量(箱)', type: 'cases' },
      { key: 'completion', title: '完成率', type: 'percent' },
      { key: 'timeProgress', title: '时间进度', type: 'percent' },
      { key: 'ahead', title: '超欠进度', type: 'signedPercent' },
      ...(p.money ? moneyColumns() : []),
    ],
    rows: [
      {
        name: p.plan?.name ?? '',
        status: p.plan?.statusLabel ?? '',
        targetTiao: p.targetTiao,
        actualTiao: p.actualTiao,
        completion: p.completion,
        timeProgress: p.timeProgress,
        ahead: p.ahead,
        ...moneyCells(p.money),
      },
    ],
    note: `完成率=实际销量÷计划量；时间进度=已过天数÷当月天数；超欠进度=完成率−时间进度（百分点）。${p.money ? MONEY_NOTE : ''}`,
    sheetName: '计划进度',
  };
}

/** Every table of the monthly pack, in print order. */
export function packSpecs(p: PackData): TableSpec[] {
  const specs: TableSpec[] = [
    salesSpec(p.sales.byClass, '卷烟销售情况表（按价类）'),
    salesSpec(p.sales.byBrand, '卷烟销售情况表（按品牌）'),
    salesSpec(p.sales.byManager, '卷烟销售情况表（按客户经理）'),
    salesSpec(p.sales.byRoute, '卷烟销售情况表（按线路）'),
    salesSpec(p.sales.byArea, '卷烟销售情况表（按城乡）'),
    salesSpec(p.sales.byFormat, '卷烟销售情况表（按业态）'),
    distributionSpec(p.distribution.byManager, '分销与“四率”情况表（按客户经理）'),
    distributionSpec(p.distribution.byRoute, '分销与“四率”情况表（按线路）'),
    customerClassSpec(p.customerClass),
  ];
  if (p.plan) specs.push(planSpec(p.plan, p.periodLabel));
  specs.push(...cultivationSpecs(p.cultivation, p.periodLabel));
  return specs;
}

/** The analysis as a one-column sheet for the pack workbook. */
export function analysisSpec(
  title: string,
  sections: { title: string; text: string }[],
  periodLabel: string,
): TableSpec {
  return {
    title,
    period: periodLabel,
    columns: [{ key: 'text', title: '内容', width: 120 }],
    rows: sections.flatMap((s) => [{ text: s.title }, { text: s.text }]),
    sheetName: '分析报告',
  };
}

export const NOTE_FORECAST =
  '预测方法：上年对应月份的销量（1、2月按春节所在月份对齐）乘以近12个月同比趋势（限制在0.5–2倍）；参照方法：上年同月销量；MAPE为近12个月逐月提前1个月回测的平均绝对百分比误差。';

/** 需求预测表: per key the forecast months beside the yardstick, and both backtest errors. */
export function forecastSpec(d: ForecastData): TableSpec {
  const levelLabel = d.level === 'class' ? '价类' : d.level === 'brand' ? '品牌' : d.level === 'spec' ? '规格' : '范围';
  const columns: TableColumn[] = [
    { key: 'name', title: levelLabel, width: 16 },
    ...(d.results[0]?.forecast ?? []).flatMap((f, i) => [
      { key: `f${i}`, title: '预测(箱)', group: f.month, type: 'cases' as const },
      { key: `n${i}`, title: '同月去年(箱)', group: f.month, type: 'cases' as const },
    ]),
    { key: 'mape', title: '本方法', group: '回测平均误差(MAPE)', type: 'percent' },
    { key: 'naiveMape', title: '同月去年法', group: '回测平均误差(MAPE)', type: 'percent' },
    { key: 'beats', title: '比较', width: 8 },
  ];
  const rows = d.results.map((r) => {
    const row: Record<string, unknown> = {
      key: r.key,
      name: r.name,
      mape: r.mape,
      naiveMape: r.naiveMape,
      beats: r.beatsNaive === null ? '无法判断' : r.beatsNaive ? '优于' : '未优于',
    };
    r.forecast.forEach((f, i) => {
      row[`f${i}`] = f.volumeTiao;
      row[`n${i}`] = f.naiveTiao;
    });
    return row;
  });
  return {
    title: '卷烟需求预测表',
    period: `数据截至${d.lastCompleteMonth}`,
    unitLine: '单位：箱',
    columns,
    rows,
    note: NOTE_FORECAST,
    sheetName: '需求预测',
  };
}

// ── 周报 ─────────────────────────────────────────────────────────────────
export type WeeklyData = Output<'reports.weekly'>;

export const NOTE_WEEKLY =
  '周为周一至周日，按国际标准周序号编号（每年第1周是含1月4日的那一周）；上周为前一周，环比=(本周−上周)÷上周；去年同周为上一年同一周序号的那一周，同比=(本周−去年同周)÷去年同周（上一年没有第53周时不比较）；本周尚未结束时，上周、去年同周按相同天数比较；基数为0时显示“—”。重购率按本周内计（本周在两个及以上不同日期订购的客户占订购客户的比例），多数客户一周只订货一次，周重购率通常很低，不表示下滑；看重购以月报或品牌培育的累计趋势为准。';

/** 周报's 销售情况表: 本周 beside 上周 (环比) and 去年同周 (同比), with 本年累计. */
export function weeklySalesColumns(byLabel: string, by: string, partial = false): TableColumn[] {
  const lw = partial ? '上周（同天数）' : '上周';
  const ly = partial ? '去年同周（同天数）' : '去年同周';
  return [
    ...keyColumns(byLabel, by, 12),
    { key: 'volumeTiao', title: '本周', group: '销量(箱)', type: 'cases' },
    { key: 'volumeTiaoLastWeek', title: lw, group: '销量(箱)', type: 'cases' },
    { key: 'wowVolume', title: '环比', group: '销量(箱)', type: 'signedPercent' },
    { key: 'volumeTiaoLastYear', title: ly, group: '销量(箱)', type: 'cases' },
    { key: 'yoyVolume', title: '同比', group: '销量(箱)', type: 'signedPercent' },
    { key: 'volumeTiaoYtd', title: '本年累计', group: '销量(箱)', type: 'cases' },
    { key: 'amountFen', title: '本周', group: '销售额(万元)', type: 'wan' },
    { key: 'amountFenLastWeek', title: lw, group: '销售额(万元)', type: 'wan' },
    { key: 'wowAmount', title: '环比', group: '销售额(万元)', type: 'signedPercent' },
    { key: 'amountFenLastYear', title: ly, group: '销售额(万元)', type: 'wan' },
    { key: 'yoyAmount', title: '同比', group: '销售额(万元)', type: 'signedPercent' },
    { key: 'perCaseYuan', title: '单箱值(元/箱)', type: 'number' },
    { key: 'volumeShare', title: '销量结构', type: 'percent' },
    { key: 'fulfilment', title: '订足率', type: 'percent' },
  ];
}

type WeeklySales = WeeklyData['sales'];

export function weeklySalesSpec(d: WeeklyData, s: WeeklySales, title: string): TableSpec {
  return {
    title,
    period: periodLine({ periodLabel: d.weekLabel, throughLabel: d.throughLabel }, d.scopeLabel, d.productsLabel),
    unitLine: '单位：箱、万元',
    columns: weeklySalesColumns(s.byLabel, s.by, d.through !== null),
    rows: s.rows as unknown as Record<string, unknown>[],
    totals: [{ ...s.total, key: '合计', name: '' }],
    note: NOTE_WEEKLY + noteSales(s.fulfilmentBasis),
    sheetName: `周销售-按${s.byLabel}`,
  };
}

/** 本周 / 上周 / 去年同周 of the county's 铺货率, 重购率 and 铺货户数. */
export function weeklyCompareSpec(d: WeeklyData): TableSpec {
  const c = d.distributionCompare;
  const row = (name: string, now: number | null, lw: number | null, ly: number | null, type: 'int' | 'percent') => ({
    name,
    now,
    lw,
    ly,
    wow: type === 'percent' ? (now !== null && lw !== null ? now - lw : null) : null,
    yoy: type === 'percent' ? (now !== null && ly !== null ? now - ly : null) : null,
  });
  return {
    title: '分销情况对比',
    period: periodLine({ periodLabel: d.weekLabel, throughLabel: d.throughLabel }, d.scopeLabel, d.productsLabel),
    unitLine: '单位：户',
    columns: [
      { key: 'name', title: '指标', width: 10 },
      { key: 'now', title: '本周', type: 'percent' },
      { key: 'lw', title: d.through !== null ? '上周（同天数）' : '上周', type: 'percent' },
      { key: 'wow', title: '较上周(百分点)', type: 'signedPercent' },
      { key: 'ly', title: d.through !== null ? '去年同周（同天数）' : '去年同周', type: 'percent' },
      { key: 'yoy', title: '较去年同周(百分点)', type: 'signedPercent' },
    ],
    rows: [
      row('铺货率', c.rate, c.rateLastWeek, c.rateLastYear, 'percent'),
      row('重购率', c.repeatRate, c.repeatRateLastWeek, c.repeatRateLastYear, 'percent'),
    ],
    note: `铺货户数：本周 ${c.orderingCustomers} 户，上周 ${c.orderingCustomersLastWeek ?? '—'} 户，去年同周 ${c.orderingCustomersLastYear ?? '—'} 户。较上周、较去年同周为两率之差。`,
    sheetName: '分销对比',
  };
}

/** The week's 内管 warnings by rule, and the first of them. */
export function weeklyWarningsSpecs(d: WeeklyData): TableSpec[] {
  const period = periodLine({ periodLabel: d.weekLabel, throughLabel: d.throughLabel });
  const byRule: TableSpec = {
    title: '本周内管预警',
    period,
    unitLine: '单位：条',
    columns: [
      { key: 'label', title: '预警规则', width: 14 },
      { key: 'count', title: '预警数', type: 'int' },
      { key: 'unchecked', title: '待核查', type: 'int' },
    ],
    rows: d.warnings.byRule as unknown as Record<string, unknown>[],
    totals: [
      {
        label: '合计',
        count: d.warnings.byRule.reduce((n, r) => n + r.count, 0),
        unchecked: d.warnings.byRule.reduce((n, r) => n + r.unchecked, 0),
      },
    ],
    note: '按订单日期落在本周的预警统计；核查结果由内勤在内管页面登记。',
    sheetName: '内管预警',
  };
  if (!d.warnings.rows.length) return [byRule];
  const list: TableSpec = {
    title: '本周内管预警明细',
    period,
    unitLine: '单位：条',
    columns: [
      { key: 'day', title: '订单日期', width: 11 },
      { key: 'ruleLabel', title: '规则', width: 10 },
      { key: 'retailer', title: '客户编码', width: 13 },
      { key: 'retailerName', title: '客户名称', width: 14 },
      { key: 'specName', title: '规格', width: 12 },
      { key: 'valueTiao', title: '订购量(条)', type: 'int' },
      { key: 'managerName', title: '客户经理', width: 8 },
      { key: 'status', title: '状态', width: 7 },
    ],
    rows: d.warnings.rows as unknown as Record<string, unknown>[],
    note:
      d.warnings.total > d.warnings.rows.length
        ? `共 ${d.warnings.total} 条，此处列出前 ${d.warnings.rows.length} 条。`
        : undefined,
    sheetName: '预警明细',
  };
  return [byRule, list];
}

/** Every table of the 周报, in print order. */
export function weeklySpecs(d: WeeklyData): TableSpec[] {
  const specs: TableSpec[] = [
    weeklySalesSpec(d, d.sales, `卷烟周销售情况表（按${d.sales.byLabel}）`),
    ...(d.sales.by === 'manager' ? [] : [weeklySalesSpec(d, d.salesByManager, '卷烟周销售情况表（按客户经理）')]),
    weeklyCompareSpec(d),
    distributionSpec(d.distribution, '本周分销与“四率”情况表（按客户经理）'),
  ];
  if (d.plan)
    specs.push(
      planSpec(d.plan, `${Number(d.plan.month.slice(0, 4))}年${Number(d.plan.month.slice(5))}月（截至${d.plan.asOf}）`),
    );
  specs.push(...weeklyWarningsSpecs(d));
  specs.push(...cultivationSpecs(d.cultivation, d.weekLabel));
  return specs;
}

// ── 品牌培育 ─────────────────────────────────────────────────────────────
export type CultivationStatusData = PackData['cultivation'];

export const NOTE_CULTIVATION =
  '铺货率、重购率、上柜率按分销与“四率”的口径，自项目开始日累计至统计截止日计算：铺货率=订购过本项目卷烟的正常经营目标客户÷正常经营目标客户；重购率=有两个及以上不同订货日期的客户÷订货客户；上柜率=最近一次检查显示在柜的客户÷检查客户；差距=实际−目标（百分点）；未铺货户数=目标客户中尚未订货的正常经营客户。';

/** 培育 status per 客户经理: each rate beside its target, and how many target retailers have not ordered. */
export function cultivationRows(s: NonNullable<CultivationStatusData[number]['snapshot']>): Record<string, unknown>[] {
  const gap = (a: number | null, t: number | null | undefined) =>
    a === null || t === null || t === undefined ? null : a - t;
  const row = (key: string, name: string, r: typeof s.total, t: (typeof s.managers)[number]['target'] | null) => ({
    key,
    name,
    customers: r.customers,
    notOrdered: r.customers - r.orderingCustomers,
    distributionRate: r.distributionRate,
    distributionTarget: t?.distributionRate ?? null,
    distributionGap: gap(r.distributionRate, t?.distributionRate),
    repeatRate: r.repeatRate,
    repeatTarget: t?.repeatRate ?? null,
    repeatGap: gap(r.repeatRate, t?.repeatRate),
    shelfRate: r.shelfRate,
    shelfTarget: t?.shelfRate ?? null,
    shelfGap: gap(r.shelfRate, t?.shelfRate),
  });
  return [...s.managers.map((m) => row(m.manager, m.managerName, m.rates, m.target)), row('合计', '', s.total, null)];
}

export const CULTIVATION_COLUMNS: TableColumn[] = [
  { key: 'key', title: '客户经理', width: 9 },
  { key: 'name', title: '姓名', width: 8 },
  { key: 'customers', title: '目标户数', type: 'int' },
  { key: 'notOrdered', title: '未铺货户数', type: 'int' },
  { key: 'distributionRate', title: '实际', group: '铺货率', type: 'percent' },
  { key: 'distributionTarget', title: '目标', group: '铺货率', type: 'percent' },
  { key: 'distributionGap', title: '差距', group: '铺货率', type: 'signedPercent' },
  { key: 'repeatRate', title: '实际', group: '重购率', type: 'percent' },
  { key: 'repeatTarget', title: '目标', group: '重购率', type: 'percent' },
  { key: 'repeatGap', title: '差距', group: '重购率', type: 'signedPercent' },
  { key: 'shelfRate', title: '实际', group: '上柜率', type: 'percent' },
  { key: 'shelfTarget', title: '目标', group: '上柜率', type: 'percent' },
  { key: 'shelfGap', title: '差距', group: '上柜率', type: 'signedPercent' },
];

/** One table per running 品牌培育 project (its figures to the end of the report's period). */
export function cultivationSpecs(list: CultivationStatusData, periodLabel: string): TableSpec[] {
  return list.map((c, i) => {
    const rows = c.snapshot ? cultivationRows(c.snapshot) : [];
    return {
      title: `品牌培育情况表：${c.project.name}`,
      period: `${periodLabel}　${c.project.productsLabel}　项目期间 ${c.project.from} 至 ${c.project.to}${c.snapshot ? `　累计至 ${c.snapshot.to}` : ''}`,
      unitLine: '单位：户',
      columns: CULTIVATION_COLUMNS,
      rows: rows.slice(0, -1),
      totals: rows.slice(-1),
      note:
        (c.note ? c.note + '。' : '') + NOTE_CULTIVATION + (c.snapshot?.shelfNote ? c.snapshot.shelfNote + '。' : ''),
      sheetName: `培育${i + 1}`,
    };
  });
}
