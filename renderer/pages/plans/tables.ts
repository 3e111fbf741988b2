/**
 * The plan scheme and the 进度通报 as table specs: one description serves the grid,
 * the Excel export in the city company's layout and the print view. The Excel export
 * is the shared one with a signature line under each table.
 */
import { exportXlsx, signatureFooter, signatureRow as sharedSignatureRow } from '../../components/exportXlsx';
import type { TableColumn, TableSpec } from '../../components/table';
import { todayIso } from '../../components/format';
import { keyTitle, LEVEL_LABELS, periodLabel, tiaoPerUnit, type Level, type PlanUnit } from './common';
import type { Output } from '@contract';
import { moneyCells, moneyColumns, MONEY_NOTE } from '../../../common/planMoney';

export const SIGNATURES = ['制表人', '审核人', '审批人', '制表日期'];

export interface SchemeCell {
  key: string;
  label: string;
  units: number;
  locked: boolean;
  explain: { share: number; methods: { label: string; base: number }[]; bound: 'floor' | 'ceiling' | null };
  /** the money targets: 销售额 (分), 单箱值 (分/箱), 一类烟占比 (0.01%) */
  money?: {
    amountFen: number | null;
    amountLocked: boolean;
    perCaseFen: number | null;
    classOneBp: number | null;
  } | null;
}

export interface SchemeHeader {
  name: string;
  year: number;
  month: number | null;
  level: Level;
  unit: PlanUnit;
  products: string;
  status?: string;
  versionNo?: number | null;
}

/** A method's base as shown: sales (条) in 箱, 档位权重 sums back from hundredths, counts as they are. */
export function baseDisplay(label: string, base: number): number {
  if (/销量|均值/.test(label)) return base / 250;
  if (/档位/.test(label)) return base / 100;
  return base;
}

/** 计划分解表: 序号, 编码, 名称, 计划 (箱 / 条, 占比), 分解依据 (each method's base), 锁定, 备注. */
export function schemeSpec(h: SchemeHeader, cells: SchemeCell[]): TableSpec {
  const total = cells.reduce((s, c) => s + c.units, 0);
  const methodLabels = cells[0]?.explain.methods.map((m) => m.label) ?? [];
  const inTiao = h.unit === '条';
  const money = cells.some((c) => c.money);
  const columns: TableColumn[] = [
    { key: 'seq', title: '序号', type: 'int', width: 6 },
    { key: 'key', title: keyTitle(h.level), type: 'text', width: 12 },
    {
      key: 'label',
      title:
        h.level === 'month' || h.level === 'class' || h.level === 'brand'
          ? '名称'
          : LEVEL_LABELS[h.level].replace('（参考）', '') + '名称',
      type: 'text',
      width: 16,
    },
    {
      key: 'qty',
      title: inTiao ? '数量(条)' : '数量(箱)',
      group: '计划',
      type: inTiao ? 'int' : 'number',
      decimals: h.unit === '0.01箱' ? 2 : 0,
      width: 12,
    },
    { key: 'share', title: '占比', group: '计划', type: 'percent', decimals: 2, width: 9 },
    ...methodLabels.map((l, i) => ({
      key: `m${i}`,
      title: l,
      group: '分解依据',
      type: 'number' as const,
      decimals: /客户户数/.test(l) ? 0 : 2,
      width: 12,
    })),
    ...(money
      ? [
          { key: 'amountFen', title: '销售额(万元)', group: '金额目标', type: 'wan' as const, decimals: 4, width: 13 },
          { key: 'perCaseFen', title: '单箱值(元/箱)', group: '金额目标', type: 'yuan' as const, width: 12 },
          { key: 'classOne', title: '一类烟占比', group: '金额目标', type: 'percent' as const, decimals: 2, width: 10 },
        ]
      : []),
    { key: 'lock', title: '锁定', type: 'text', width: 6 },
    { key: 'note', title: '备注', type: 'text', width: 12 },
  ];
  const qty = (u: number) => (h.unit === '0.01箱' ? u / 100 : u);
  const rows = cells.map((c, i) => {
    const r: Record<string, unknown> = {
      seq: i + 1,
      key: c.key,
      label: c.label,
      qty: qty(c.units),
      share: total > 0 ? c.units / total : null,
      lock: [c.locked ? '是' : '', c.money?.amountLocked ? '销售额' : ''].filter(Boolean).join('、'),
      ...(money ? moneyTargetCells(c.money) : {}),
      note: [
        h.level === 'retailer' ? '参考' : '',
        c.explain.bound === 'floor' ? '取下限' : c.explain.bound === 'ceiling' ? '取上限' : '',
      ]
        .filter(Boolean)
        .join('；'),
    };
    c.explain.methods.forEach((m, j) => {
      r[`m${j}`] = baseDisplay(m.label, m.base);
    });
    return r;
  });
  const totals: Record<string, unknown>[] = [
    {
      seq: null,
      key: '合计',
      label: '',
      qty: qty(total),
      share: total > 0 ? 1 : null,
      lock: '',
      note: '',
      ...(money ? { amountFen: cells.reduce((s, c) => s + (c.money?.amountFen ?? 0), 0) } : {}),
    },
  ];
  cells[0]?.explain.methods.forEach((m, j) => {
    totals[0][`m${j}`] = cells.reduce((s, c) => s + baseDisplay(m.label, c.explain.methods[j].base), 0);
  });
  return {
    title: `${periodLabel(h)}卷烟销售计划分解表（${LEVEL_LABELS[h.level]}）`,
    period: periodLabel(h),
    unitLine: `单位：${inTiao ? '条' : '箱'}${money ? '、万元、元/箱' : ''}`,
    columns,
    rows,
    totals,
    note: `计划名称：${h.name}${h.versionNo ? `（第${h.versionNo}版${h.status ? '，' + h.status : ''}）` : ''}；卷烟范围：${h.products === 'all' ? '全部卷烟' : h.products}；计划单位：${h.unit}，各项合计与总量严格相等（最大余数法取整）。分解依据中的销量单位为箱（近N月为月均），客户户数为户，档位权重为权重合计。${h.level === 'retailer' ? '零售客户层级的分解仅供参考。' : ''}${money ? '销售额按同一方法以金额为基数分解，各项合计与销售额目标严格相等（精确到分）；单箱值、一类烟占比为各项目标，不分解。' : ''}`,
    sheetName: '计划分解表',
  };
}

/** A cell's money targets as table cells (money in 分, the share as a fraction). */
function moneyTargetCells(m: SchemeCell['money']) {
  return {
    amountFen: m?.amountFen ?? null,
    perCaseFen: m?.perCaseFen ?? null,
    classOne: m?.classOneBp == null ? null : m.classOneBp / 10000,
  };
}

export type Progress = Output<'plans.progress'>;

/** 进度通报: 计划, 本日, 本周, 累计完成, 完成率, 时间进度, 超欠进度. */
export function progressSpec(p: Progress, unitName?: string): TableSpec {
  void unitName;
  const columns: TableColumn[] = [
    { key: 'seq', title: '序号', type: 'int', width: 6 },
    { key: 'key', title: keyTitle(p.level as Level), type: 'text', width: 12 },
    { key: 'label', title: '名称', type: 'text', width: 14 },
    { key: 'targetTiao', title: '计划', type: 'cases', decimals: 2, width: 11 },
    { key: 'dayTiao', title: '本日', group: '完成销量', type: 'cases', decimals: 2, width: 10 },
    { key: 'weekTiao', title: '近7日', group: '完成销量', type: 'cases', decimals: 2, width: 10 },
    { key: 'actualTiao', title: '累计', group: '完成销量', type: 'cases', decimals: 2, width: 11 },
    { key: 'completion', title: '完成率', group: '进度', type: 'percent', decimals: 2, width: 10 },
    { key: 'timeProgress', title: '时间进度', group: '进度', type: 'percent', decimals: 2, width: 10 },
    { key: 'aheadPoints', title: '超欠进度(百分点)', group: '进度', type: 'number', decimals: 2, width: 14 },
    { key: 'remainingTiao', title: '尚需完成', type: 'cases', decimals: 2, width: 11 },
    ...(p.hasMoney ? moneyColumns() : []),
  ];
  const line = (r: Progress['rows'][number], i: number | null) => ({
    ...r,
    seq: i === null ? null : i + 1,
    key: i === null ? '合计' : r.key,
    label: i === null ? '' : r.label,
    aheadPoints: r.ahead === null ? null : r.ahead * 100,
    ...(p.hasMoney ? moneyCells(r) : {}),
  });
  const d = p.asOf;
  return {
    title: `${p.name}进度通报`,
    period: `${p.period.from}至${d}`,
    unitLine: p.hasMoney ? '单位：箱、万元、元/箱' : '单位：箱',
    columns,
    rows: p.rows.map((r, i) => line(r, i)),
    totals: [line(p.total, null)],
    note: `截至 ${d}。完成率 = 累计完成销量 ÷ 计划；时间进度 = 已过${p.workingDays ? '工作日（周一至周五）' : '天数'} ÷ 期间${p.workingDays ? '工作日' : '天数'}；超欠进度 = 完成率 − 时间进度（百分点）。销量为订购量。计划第${p.versionNo}版（${p.statusLabel}）。${p.unattributedTiao > 0 ? `另有 ${(p.unattributedTiao / 250).toFixed(2)} 箱销量不属于表中任何对象（如未分配客户经理的客户）。` : ''}${p.hasMoney ? MONEY_NOTE : ''}`,
    sheetName: '进度通报',
  };
}

/** The signature line: 制表人, 审核人, 审批人, 制表日期 spread evenly over the table's width. */
export function signatureRow(width: number, date: string): (string | null)[] {
  return sharedSignatureRow(width, date, SIGNATURES);
}

/** Saves tables as .xlsx with a signature footer under each (城市公司 layout). */
export function exportWithSignatures(specs: TableSpec[], fileName: string, unitName?: string): void {
  exportXlsx(specs, fileName, unitName, { footer: signatureFooter(SIGNATURES, todayIso()) });
}

export { tiaoPerUnit };
