/**
 * The 内管 tables as table specs: the warning list, the 台账 and the weekly 内管情况表 share
 * them between the page's grids, the Excel export and the print view.
 */
import type { Output } from '@contract';
import type { TableColumn, TableSpec } from '../../components/table';
import { fmtInt, fmtNumber, fmtPct } from '../../components/format';
import {
  isoWeekMonday,
  isoWeekText,
  isoWeekOf,
  parseIsoWeek,
  addDays,
  dayText,
  localTimeText,
  textToDay,
} from '../../../common/days';

export type Warning = Output<'monitor.list'>['rows'][number];
export type LedgerEntry = Output<'monitor.ledger'>['rows'][number];
export type Summary = Output<'monitor.summary'>;

export const RULE_OPTIONS = [
  { value: 'surge', label: '订量突增' },
  { value: 'scarce', label: '紧俏集中' },
  { value: 'over-grade', label: '超档位' },
  { value: 'inactive', label: '非正常经营订货' },
] as const;
export const STATUS_OPTIONS = ['待核查', '正常', '违规', '其他'].map((s) => ({ value: s, label: s }));

/** What the warning's figure is: this order (day), the week's or the month's 订购量. */
export function valueLabel(rule: string): string {
  return rule === 'scarce' ? '本周订购量' : rule === 'over-grade' ? '本月订购量' : '当日订购量';
}

/** The figure the rule compared with, in words. */
export function baselineLabel(rule: string, history: number): string {
  if (rule === 'surge') return `前${history}次订货平均`;
  if (rule === 'scarce') return '全县本周订购量';
  if (rule === 'over-grade') return '同档位正常户中位数';
  return '';
}

/** The ratio as the rule states it: 2.20倍, or a share 5.00%. */
export function ratioText(w: Pick<Warning, 'rule' | 'ratio'>): string {
  if (w.ratio === null) return '';
  return w.rule === 'scarce' ? fmtPct(w.ratio, 2) : `${fmtNumber(w.ratio, 2)}倍`;
}

/** One short line saying why the warning fired: this order, the baseline, the ratio. */
export function basisText(w: Warning, history: number): string {
  if (w.rule === 'inactive') return `订货日歇业或注销，订购 ${fmtInt(w.valueTiao)} 条`;
  const base = w.baseline === null ? '—' : fmtNumber(w.baseline, w.baseline % 1 === 0 ? 0 : 2);
  const what = w.rule === 'scarce' ? '本周' : w.rule === 'over-grade' ? '本月' : '本次';
  const against = w.rule === 'surge' ? `前${history}次平均` : w.rule === 'scarce' ? '全县' : '同档位中位数';
  return `${what} ${fmtInt(w.valueTiao)} 条，${against} ${base} 条，${w.rule === 'scarce' ? '占 ' : ''}${ratioText(w)}`;
}

const COLUMNS: Record<string, TableColumn> = Object.fromEntries(
  (
    [
      { key: 'day', title: '预警日期', width: 11 },
      { key: 'ruleLabel', title: '预警类型', width: 14 },
      { key: 'retailer', title: '客户编码', width: 13 },
      { key: 'retailerName', title: '客户名称', width: 16 },
      { key: 'specName', title: '卷烟规格', width: 16 },
      { key: 'status', title: '核查结果', width: 9 },
      { key: 'basis', title: '预警依据', width: 34 },
      { key: 'valueTiao', title: '订购量(条)', type: 'int', width: 10 },
      { key: 'baseline', title: '比较基准(条)', type: 'number', decimals: 2, width: 12 },
      { key: 'ratioText', title: '倍数/占比', width: 10, align: 'right' },
      { key: 'managerName', title: '客户经理', width: 9 },
      { key: 'routeName', title: '线路', width: 10 },
      { key: 'note', title: '核查说明', width: 22 },
      { key: 'checkedBy', title: '核查人', width: 9 },
      { key: 'checkedOn', title: '核查时间', width: 17 },
      { key: 'checkedDay', title: '核查日期', width: 11 },
    ] as TableColumn[]
  ).map((c) => [c.key, c]),
);

/** The list's columns: on screen and in its Excel (with 预警依据), or the print's narrower set. */
export function warningColumns(kind: 'grid' | 'export' | 'print'): TableColumn[] {
  const keys =
    kind === 'print'
      ? [
          'day',
          'ruleLabel',
          'retailer',
          'retailerName',
          'specName',
          'valueTiao',
          'baseline',
          'ratioText',
          'managerName',
          'status',
          'note',
          'checkedBy',
          'checkedDay',
        ]
      : [
          'day',
          'ruleLabel',
          'retailer',
          'retailerName',
          'specName',
          'status',
          ...(kind === 'grid' ? ['basis'] : []),
          'valueTiao',
          'baseline',
          'ratioText',
          'managerName',
          'routeName',
          'note',
          'checkedBy',
          'checkedOn',
        ];
  return keys.map((k) => COLUMNS[k]);
}

/** Local date and time of an ISO timestamp, e.g. 2026-03-24 09:15. */
export const localTime = (iso: string | null): string => localTimeText(iso);

export function warningRows(rows: Warning[], history: number): (Record<string, unknown> & { id: number })[] {
  return rows.map((w) => ({
    ...w,
    basis: basisText(w, history),
    checkedDay: w.checkedAt ? localTime(w.checkedAt).slice(0, 10) : '',
    specName: w.specName ?? (w.rule === 'over-grade' ? '（全部规格）' : ''),
    ratioText: ratioText(w),
    checkedOn: localTime(w.checkedAt),
    managerName: w.managerName ?? '',
    routeName: w.routeName ?? '',
    note: w.note ?? '',
    checkedBy: w.checkedBy ?? '',
  }));
}

export const ledgerColumns: TableColumn[] = [
  { key: 'day', title: '列入日期', width: 11 },
  { key: 'retailer', title: '客户编码', width: 13 },
  { key: 'retailerName', title: '客户名称', width: 16 },
  { key: 'managerName', title: '客户经理', width: 9 },
  { key: 'reason', title: '列入原因', width: 46 },
  { key: 'createdBy', title: '登记人', width: 9 },
];

export function ledgerRows(rows: LedgerEntry[]): Record<string, unknown>[] {
  return rows.map((r) => ({ ...r, managerName: r.managerName ?? '' }));
}

export const NOTE =
  '订量突增：某规格当日订购量达到前几次订货平均的设定倍数且超出设定条数；紧俏集中：重点监管品牌集中某规格一周订购量占全县的比例达到设定值（按周一至周日）；' +
  '超档位：月订购量达到同档位正常经营客户中位数的设定倍数（按自然月）；非正常经营订货：订货日经营状态为歇业或注销。阈值见“设置”。';

/** A week YYYY-Www → its Monday..Sunday and a label like 2026年第12周（03-16至03-22）. */
export function weekSpan(text: string): { from: string; to: string; label: string } | null {
  const w = parseIsoWeek(text);
  if (!w) return null;
  const monday = isoWeekMonday(w.year, w.week);
  const sunday = addDays(monday, 6);
  return {
    from: dayText(monday),
    to: dayText(sunday),
    label: `${w.year}年第${w.week}周（${dayText(monday).slice(5)}至${dayText(sunday).slice(5)}）`,
  };
}

/** The ISO week (YYYY-Www) of a date. */
export function weekOfDate(date: string): string {
  return isoWeekText(isoWeekOf(textToDay(date)));
}

export function summarySpec(s: Summary, period: string): TableSpec {
  const columns: TableColumn[] = [
    { key: 'ruleLabel', title: '预警类型', width: 16 },
    { key: 'total', title: '预警数', type: 'int', width: 9 },
    { key: 'pending', title: '待核查', type: 'int', width: 9 },
    { key: 'normal', title: '核查正常', type: 'int', width: 9 },
    { key: 'violation', title: '核查违规', type: 'int', width: 9 },
    { key: 'other', title: '其他', type: 'int', width: 9 },
  ];
  return {
    title: '内管情况表',
    sheetName: '预警汇总',
    period,
    unitLine: '单位：条（预警）',
    columns,
    rows: s.rows as unknown as Record<string, unknown>[],
    totals: [s.total as unknown as Record<string, unknown>],
    note: NOTE,
  };
}

export function detailSpec(rows: Warning[], period: string, history: number, kind: 'export' | 'print'): TableSpec {
  return {
    title: '内管预警明细',
    sheetName: '预警明细',
    period,
    unitLine: '单位：条',
    columns: warningColumns(kind),
    rows: warningRows(rows, history),
  };
}

export function ledgerSpec(rows: LedgerEntry[], period?: string, title = '重点监管客户台账'): TableSpec {
  return { title, sheetName: title.slice(0, 31), period, columns: ledgerColumns, rows: ledgerRows(rows) };
}
