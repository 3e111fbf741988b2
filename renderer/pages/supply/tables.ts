/** The 投放方案 and the review as tables: one description for the grid, the Excel sheet and the print view. */
import type { Output } from '@contract';
import type { TableColumn, TableSpec } from '../../components/table';

export type WeekData = Output<'supply.week'>;
export type SpecPlan = WeekData['plans'][number];
export type Review = Output<'supply.review'>;

/** One row per spec and segment. */
export interface PlanRow extends Record<string, unknown> {
  id: string;
  spec: string;
  name: string;
  seq: number;
  scope: string;
  scopeLabel: string;
  manual: string;
  availableTiao: number;
  reserveTiao: number;
  capTiao: number | null;
  retailers: number;
  allocatedTiao: number;
  remainderTiao: number | null;
  verdict: string;
  suggestedTiao: number | null;
}

/** 2026年第48周（11月23日至11月29日） */
export function weekLabel(d: { week: string; from: string; to: string }): string {
  const [y, w] = d.week.split('-W');
  const md = (t: string) => `${Number(t.slice(5, 7))}月${Number(t.slice(8, 10))}日`;
  return `${y}年第${Number(w)}周（${md(d.from)}至${md(d.to)}）`;
}

/** 档位 with retailers in any segment of the week, highest first. */
export function gradesOf(plans: SpecPlan[]): number[] {
  const has = new Set<number>();
  for (const p of plans) for (const s of p.segments) s.retailers.forEach((n, i) => n > 0 && has.add(i + 1));
  return [...has].sort((a, b) => b - a);
}

export function planRows(data: WeekData): PlanRow[] {
  const sug = new Map(data.suggestions.map((s) => [s.spec, s]));
  return data.plans.flatMap((p) =>
    p.segments.map((s, k) => {
      const row: PlanRow = {
        id: `${p.spec}|${s.seq}`,
        spec: p.spec,
        name: p.name,
        seq: s.seq,
        scope: s.scope,
        scopeLabel: s.label,
        manual: s.manual ? '手工' : '计算',
        availableTiao: p.availableTiao,
        reserveTiao: p.reserveTiao,
        capTiao: p.capTiao,
        retailers: s.retailerCount,
        allocatedTiao: s.allocatedTiao,
        // the spec's 剩余 on its first segment's row only, so a column sum is the week's
        remainderTiao: k === 0 ? p.remainderTiao : null,
        verdict: sug.get(p.spec)?.verdict ?? '',
        suggestedTiao: sug.get(p.spec)?.suggestedAvailableTiao ?? null,
      };
      s.limits.forEach((v, i) => (row[`g${i + 1}`] = s.retailers[i] > 0 ? v : null));
      return row;
    }),
  );
}

export const gradeKey = (g: number) => `g${g}`;

export function planColumns(grades: number[]): TableColumn[] {
  return [
    { key: 'spec', title: '卷烟编码', width: 14 },
    { key: 'name', title: '卷烟名称', width: 18 },
    { key: 'scopeLabel', title: '投放范围', width: 12 },
    { key: 'availableTiao', title: '可用量', type: 'int', width: 8 },
    { key: 'reserveTiao', title: '机动量', type: 'int', width: 8 },
    { key: 'retailers', title: '户数', type: 'int', width: 7 },
    { key: 'allocatedTiao', title: '投放量', type: 'int', width: 8 },
    { key: 'remainderTiao', title: '剩余', type: 'int', width: 7 },
    ...grades.map((g): TableColumn => ({
      key: gradeKey(g),
      title: `D${g}`,
      group: '每户限量（条）',
      type: 'int',
      width: 5,
    })),
  ];
}

/** What the print of a week without a plan says: what is missing and what to do. */
export function noPlanText(d: { week: string; from: string; to: string }): string {
  return `${weekLabel(d)}尚未编制货源投放方案，没有可打印的内容。请在“货源投放”页面选择这一周，点“添加规格”（或“复制上周”）填写可用量并保存后，再打印。`;
}

export function planSpec(data: WeekData, unitLine = '单位：条'): TableSpec {
  const grades = gradesOf(data.plans);
  return {
    title: '卷烟货源投放方案',
    period: weekLabel(data),
    unitLine,
    columns: planColumns(grades),
    rows: planRows(data),
    totals: [
      {
        spec: '合计',
        availableTiao: data.totals.availableTiao,
        reserveTiao: data.totals.reserveTiao,
        allocatedTiao: data.totals.allocatedTiao,
        remainderTiao: data.totals.remainderTiao,
      },
    ],
    note: '每户限量为各档位每个正常经营零售客户本周该规格的订购上限（条），高档位不低于低档位；投放量 = Σ 每户限量 × 户数；剩余 = 可用量 − 机动量 − 投放量。限量是供货上限，不是必订数量。',
    sheetName: data.week,
  };
}

export function reviewSpecSpec(r: Review): TableSpec {
  return {
    title: '货源投放评估（按规格）',
    period: weekLabel(r),
    unitLine: '单位：条',
    columns: [
      { key: 'spec', title: '卷烟编码', width: 14 },
      { key: 'name', title: '卷烟名称', width: 18 },
      { key: 'availableTiao', title: '可用量', type: 'int', width: 8 },
      { key: 'plannedTiao', title: '投放量', type: 'int', width: 8 },
      { key: 'orderedTiao', title: '订购量', type: 'int', width: 8 },
      { key: 'orderers', title: '订购户数', type: 'int', width: 8 },
      { key: 'fillRate', title: '满足率', type: 'percent', decimals: 1, width: 8 },
      { key: 'utilisation', title: '投放利用率', type: 'percent', decimals: 1, width: 9 },
      { key: 'outsideTiao', title: '范围外订购', type: 'int', width: 9 },
      { key: 'verdict', title: '评估', width: 6 },
      { key: 'suggestedAvailableTiao', title: '下周建议可用量', type: 'int', width: 12 },
    ],
    rows: r.specs as unknown as Record<string, unknown>[],
    totals: [
      {
        spec: '合计',
        plannedTiao: r.totals.plannedTiao,
        orderedTiao: r.totals.orderedTiao,
        fillRate: r.totals.fillRate,
        utilisation: r.totals.utilisation,
      },
    ],
    note: `满足率 = 订购量 ÷（每户限量 × 该档位订购户数）；投放利用率 = 订购量 ÷ 投放量。满足率不低于 ${r.rules.tightPercent}% 且利用率不低于 ${r.rules.loosePercent}% 为偏紧（建议可用量增加 ${r.rules.raisePercent}%），利用率低于 ${r.rules.loosePercent}% 为偏松（建议可用量 = 订购量 + 机动量）。`,
    sheetName: '按规格',
  };
}

export function reviewGradeSpec(r: Review): TableSpec {
  return {
    title: '货源投放评估（按档位）',
    period: weekLabel(r),
    unitLine: '单位：条',
    columns: [
      { key: 'grade', title: '档位', width: 6 },
      { key: 'plannedTiao', title: '投放量', type: 'int', width: 8 },
      { key: 'orderedTiao', title: '订购量', type: 'int', width: 8 },
      { key: 'orderers', title: '订购户数', type: 'int', width: 8 },
      { key: 'fillRate', title: '满足率', type: 'percent', decimals: 1, width: 8 },
      { key: 'utilisation', title: '投放利用率', type: 'percent', decimals: 1, width: 9 },
    ],
    rows: r.grades as unknown as Record<string, unknown>[],
    sheetName: '按档位',
  };
}
