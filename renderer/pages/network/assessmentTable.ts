/** The 月度考核表 as one table spec: shared by the page's grid, Excel and the print view. */
import type { Output } from '@contract';
import type { TableColumn, TableSpec } from '../../components/table';
import { monthLabel } from './common';

export type Assessment = Output<'network.assessment'>;

const INDICATOR_NAMES: Record<string, string> = {
  e_settlement: '电子结算率',
  online_order: '网上订货率',
  modern_count: '现代终端户数',
  modern_share: '现代终端占比',
  visit_coverage: '客户拜访覆盖率',
  price_tag: '明码标价合格率',
  display: '卷烟陈列规范率',
  info_collection: '信息采集完成率',
  satisfaction: '客户满意度',
};

const GROUP = { economic: '经济指标', basic: '基础指标' } as const;

export function assessmentSpec(a: Assessment, opts: { signature?: boolean } = {}): TableSpec {
  const items = a.scheme.items;
  const columns: TableColumn[] = [
    { key: 'rank', title: '名次', type: 'int', width: 5 },
    { key: 'key', title: '工号', width: 8 },
    { key: 'name', title: '姓名', width: 8 },
    ...items.map((i) => ({
      key: `s_${i.code}`,
      title: `${i.name}(${i.weight})`,
      group: GROUP[i.group],
      type: 'number' as const,
      decimals: 2,
      width: 13,
    })),
    { key: 'total', title: '总分', type: 'number', decimals: 2, width: 8 },
  ];
  if (opts.signature) columns.push({ key: 'sign', title: '本人签字', width: 10 });
  const rows = a.rows.map((r) => {
    const o: Record<string, unknown> = { rank: r.rank, key: r.key, name: r.name, total: r.total, sign: '' };
    for (const i of r.items) o[`s_${i.code}`] = i.score;
    return o;
  });
  return {
    title: '客户经理月度考核表',
    period: monthLabel(a.period),
    unitLine: '单位：分',
    columns,
    rows,
    note: schemeNote(a),
    sheetName: `考核-${a.period}`,
  };
}

export function schemeNote(a: Assessment): string {
  const scope = (p: (typeof a.scheme.items)[number]['products']) =>
    !p
      ? ''
      : p.brand
        ? `（卷烟：${p.brand}品牌）`
        : p.set
          ? `（卷烟：品牌集${p.set}）`
          : p.codes?.length
            ? `（卷烟：${p.codes.join('、')}）`
            : '';
  const parts = a.scheme.items.map(
    (i) => `${i.name}（权重${i.weight}）：${sourceText(i.source, i.unit)}${scope(i.products)}，${i.ruleText}`,
  );
  return `考核方案“${a.scheme.name}”。${parts.join('；')}。${a.notes.join('；')}${a.notes.length ? '。' : ''}${a.source === 'saved' ? `本表为 ${a.savedAt?.slice(0, 10)} 保存的结果。` : '本表为即时计算结果，尚未保存。'}`;
}

export function sourceText(source: string, unit?: string): string {
  if (source === 'shelf') return '上柜率 = 期末检查在柜的客户数 / 本月检查客户数';
  if (source === 'coverage') return '覆盖率 = 本月拜访过的正常经营客户数 / 正常经营客户数';
  if (source === 'brand_moving') return '品牌动销率 = 本月订货客户数 / 前三个月订过货的客户数';
  if (source === 'plan') return '计划完成率 = 本月实际销量 / 按客户经理分解的计划（无计划时手工录入）';
  if (source === 'plan_amount')
    return '销售额完成率 = 本月实际销售额 / 按客户经理分解的销售额计划（计划无金额目标时手工录入）';
  if (source === 'manual') return unit === 'rate' ? '手工录入（比率）' : '手工录入（分值）';
  if (source.startsWith('indicator:')) return `取网建指标“${INDICATOR_NAMES[source.slice(10)] ?? source.slice(10)}”`;
  return source;
}

/** The values behind the scores: rates as percentages, hand-entered scores as they are. */
export function assessmentValuesSpec(a: Assessment): TableSpec {
  const rateLike = (i: Assessment['scheme']['items'][number]) =>
    !(i.source === 'manual' && i.unit !== 'rate') && i.source !== 'indicator:satisfaction';
  const columns: TableColumn[] = [
    { key: 'key', title: '工号', width: 8 },
    { key: 'name', title: '姓名', width: 8 },
    ...a.scheme.items.map((i) => ({
      key: `v_${i.code}`,
      title: i.name,
      group: GROUP[i.group],
      type: rateLike(i) ? ('percent' as const) : ('number' as const),
      decimals: 2,
      width: 11,
    })),
  ];
  const rows = a.rows.map((r) => {
    const o: Record<string, unknown> = { key: r.key, name: r.name };
    for (const i of r.items) o[`v_${i.code}`] = i.value;
    return o;
  });
  return { title: '各项实际完成情况', period: monthLabel(a.period), columns, rows, sheetName: `实际值-${a.period}` };
}
