/**
 * 客户分类销售情况一览表 (业态 / 城乡 / 档位 × month, one query) and the
 * 首页 KPIs (this month's 销量 and 销售额 with 同比, and 本年累计).
 */
import type { Database } from 'better-sqlite3';
import { yyyymmText } from '../../../common/days';
import { AppError } from '../../api/errors';
import {
  type Period,
  fmtDay,
  monthPeriod,
  monthsOf,
  periodLabel,
  periodSpec,
  comparisonPeriods,
  dataThrough,
  throughLabel,
  addMonths,
  monthKey,
} from './periods';
import { customerScope, productScope } from '../masterdata';
import { type Dim, KEY_SEP, type Sums, keyNames, lastOrderDay, orderKeys, sumsBy, zeroSums } from './query';
import { growth, perCaseYuan, share } from './formulas';

export type ClassDim = 'format' | 'area' | 'grade';

export interface ClassCell {
  volumeTiao: number;
  amountFen: number;
}

export function customerClassTable(
  db: Database,
  input: { period: Period; by: ClassDim; scope?: string; products?: string },
) {
  const months = monthsOf(input.period);
  if (months.length > 36) throw new AppError('period_too_long', '一览表最多按36个月展开，请缩短期间');
  const scope = {
    customers: customerScope(db, input.scope, input.period.to),
    products: productScope(db, input.products),
  };
  const sums = sumsBy(db, input.period, scope, input.by as Dim, 'month', { qtyAmountOnly: true });
  const byKey = new Map<string, Map<string, Sums>>();
  for (const [k, s] of sums) {
    const [a, m] = k.split(KEY_SEP);
    if (!byKey.has(a)) byKey.set(a, new Map());
    byKey.get(a)!.set(m, s);
  }
  const monthKeys = months.map(yyyymmText);
  const keys = orderKeys(input.by as Dim, byKey.keys());
  const names = keyNames(db, input.by as Dim, keys);
  const z = zeroSums();
  let grand = { volumeTiao: 0, amountFen: 0 };
  const colTotals = monthKeys.map(() => ({ volumeTiao: 0, amountFen: 0 }));
  const rows = keys.map((k) => {
    const cells = monthKeys.map((m, i) => {
      const s = byKey.get(k)?.get(m) ?? z;
      colTotals[i].volumeTiao += s.qty;
      colTotals[i].amountFen += s.amount;
      return { volumeTiao: s.qty, amountFen: s.amount };
    });
    const t = cells.reduce(
      (a, c) => ({ volumeTiao: a.volumeTiao + c.volumeTiao, amountFen: a.amountFen + c.amountFen }),
      { volumeTiao: 0, amountFen: 0 },
    );
    grand = { volumeTiao: grand.volumeTiao + t.volumeTiao, amountFen: grand.amountFen + t.amountFen };
    return { key: k, name: names.get(k) ?? k, cells, total: t };
  });
  // 「数据截至 M月D日」 when the period is not over, as every report says it
  const through = dataThrough(input.period, lastOrderDay(db));
  return {
    report: 'customer-class' as const,
    period: periodSpec(input.period),
    periodLabel: periodLabel(input.period),
    from: fmtDay(input.period.from),
    to: fmtDay(input.period.to),
    through: through === null ? null : fmtDay(through),
    throughLabel: through === null ? null : throughLabel(through),
    scopeLabel: scope.customers.label,
    productsLabel: scope.products.label,
    by: input.by,
    months: monthKeys,
    rows: rows.map((r) => ({ ...r, volumeShare: share(r.total.volumeTiao, grand.volumeTiao) })),
    total: { cells: colTotals, total: grand },
  };
}

/** The latest month holding order lines, or null on an empty database. */
export function latestMonth(db: Database): number | null {
  const r = db.prepare('SELECT MAX(month) m FROM rpt_month_p').get() as { m: number | null };
  return r.m;
}

function dashboardMonth(db: Database, month: string | undefined): number | null {
  if (!month) return latestMonth(db);
  const r = /^(\d{4})-(\d{1,2})$/.exec(month);
  if (!r) throw new AppError('invalid_period', `月份“${month}”无效，应为 YYYY-MM`);
  return Number(r[1]) * 100 + Number(r[2]);
}

const COUNTY = (db: Database) => ({ customers: customerScope(db, 'county'), products: productScope(db, 'all') });

/**
 * What the 首页 card shows: the month's 销量 and 销售额 with 同比 (截至同日 while the month is not
 * over), 单箱值 and 本年累计 with its 同比 — four county totals of 销量 and 销售额, nothing else.
 */
export function keyFigures(db: Database, input: { month?: string }) {
  const mk = dashboardMonth(db, input.month);
  if (mk === null) return { month: null, monthLabel: null, hasData: false as const };
  const p = monthPeriod(Math.floor(mk / 100), mk % 100);
  const scope = COUNTY(db);
  const one = (range: { from: number; to: number }) =>
    sumsBy(db, range, scope, 'total', undefined, { qtyAmountOnly: true }).get('合计') ?? zeroSums();
  const cmp = comparisonPeriods(p, lastOrderDay(db));
  const cur = one(p),
    ly = one(cmp.lastYear!); // a month always has its 同期
  const y = one(cmp.ytd),
    yLy = one(cmp.ytdLastYear);
  return {
    month: periodSpec(p),
    monthLabel: periodLabel(p),
    throughLabel: cmp.through === null ? null : throughLabel(cmp.through),
    hasData: true as const,
    volumeTiao: cur.qty,
    amountFen: cur.amount,
    volumeTiaoLastYear: ly.qty,
    amountFenLastYear: ly.amount,
    yoyVolume: growth(cur.qty, ly.qty),
    yoyAmount: growth(cur.amount, ly.amount),
    perCaseYuan: perCaseYuan(cur.amount, cur.qty),
    ytdVolumeTiao: y.qty,
    ytdAmountFen: y.amount,
    ytdYoyVolume: growth(y.qty, yLy.qty),
    ytdYoyAmount: growth(y.amount, yLy.amount),
  };
}

/** The 首页 KPIs (keyFigures) with the month's ordering retailers and a 13-month trend. */
export function dashboard(db: Database, input: { month?: string }) {
  const k = keyFigures(db, input);
  if (!k.hasData) return k;
  const mk = dashboardMonth(db, k.month)!;
  const p = monthPeriod(Math.floor(mk / 100), mk % 100);
  const first = addMonths(mk, -12);
  const trendSums = sumsBy(db, { from: first * 100 + 1, to: p.to }, COUNTY(db), 'month');
  const trend: { month: string; volumeTiao: number; amountFen: number }[] = [];
  for (let m = first; m <= mk; m = addMonths(m, 1)) {
    const key = yyyymmText(m);
    const s = trendSums.get(key);
    trend.push({ month: key, volumeTiao: s?.qty ?? 0, amountFen: s?.amount ?? 0 });
  }
  const ordering = (
    db.prepare('SELECT COUNT(*) n FROM rpt_month_r WHERE month = ? AND qty > 0').get(monthKey(p.from)) as { n: number }
  ).n;
  return { ...k, orderingCustomers: ordering, trend };
}

/** The 首页 card: display strings of the dashboard figures (rounded only here). */
export function homeCard(d: ReturnType<typeof keyFigures>) {
  if (!d.hasData)
    return {
      title: '关键指标',
      lines: [] as { label: string; value: string; tone?: 'good' | 'warn' | 'bad' }[],
      link: '/reports/sales',
    };
  const signed = (r: number | null) => (r === null ? '—' : `${r >= 0 ? '+' : '-'}${Math.abs(r * 100).toFixed(2)}%`);
  const tone = (r: number | null) => (r === null ? undefined : r >= 0 ? ('good' as const) : ('bad' as const));
  return {
    title: `关键指标（${d.monthLabel}${d.throughLabel ? '，' + d.throughLabel : ''}）`,
    lines: [
      { label: '销量', value: `${(d.volumeTiao / 250).toFixed(2)} 箱` },
      {
        label: d.throughLabel ? '销量同比（截至同日）' : '销量同比',
        value: signed(d.yoyVolume),
        tone: tone(d.yoyVolume),
      },
      { label: '销售额', value: `${(d.amountFen / 1_000_000).toFixed(2)} 万元` },
      {
        label: d.throughLabel ? '销售额同比（截至同日）' : '销售额同比',
        value: signed(d.yoyAmount),
        tone: tone(d.yoyAmount),
      },
      { label: '单箱值', value: d.perCaseYuan === null ? '—' : `${d.perCaseYuan.toFixed(2)} 元/箱` },
      { label: '本年累计销量', value: `${(d.ytdVolumeTiao / 250).toFixed(2)} 箱（同比 ${signed(d.ytdYoyVolume)}）` },
    ],
    link: '/reports/sales',
  };
}
