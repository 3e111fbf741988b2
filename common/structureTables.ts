/**
 * 客户结构分析表 and 客户经理队伍结构表 as table descriptions (./table), with
 * their 口径说明 and the display of category shares. Pure data: the pages
 * (grid, Excel, print) and the command line's xlsx build the same tables here.
 */
import type { TableSpec } from './table';
import type { CustomerStructure as Customer, ManagerStructure as Manager } from '@contract';

export interface Share {
  key: string | number;
  count: number;
  share: number | null;
}

/**
 * Shares as shown (0.01%): when a dimension splits the whole, the shown shares
 * add up to exactly 100.00% (largest remainder, ties to the earlier category);
 * otherwise each is rounded on its own. The CLI JSON keeps the exact fractions.
 */
export function shownShares(list: Share[]): (number | null)[] {
  const total = list.reduce((t, x) => t + x.count, 0);
  const base = list.find((x) => x.share !== null && x.count > 0);
  if (!base || base.share === null) return list.map((x) => x.share);
  const whole = Math.round(base.count / base.share);
  if (total !== whole) return list.map((x) => (x.share === null ? null : Math.round(x.share * 10000) / 10000));
  const exact = list.map((x) => (x.count * 10000) / whole);
  const units = exact.map(Math.floor);
  let left = 10000 - units.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const o of order) {
    if (left <= 0) break;
    if (o.r > 0) {
      units[o.i]++;
      left--;
    }
  }
  return units.map((u) => u / 10000);
}

export const CUSTOMER_NOTE =
  '持证客户指经营状态不为“注销”的零售客户，正常经营户指经营状态为“正常”；各项占比 = 户数 ÷ 持证客户数（经营状态一栏的“注销”户数也按持证客户数计占比）；截至日之后加入的客户不计；人均服务户数 = 持证客户数 ÷ 在岗客户经理人数。';
export const MANAGER_NOTE =
  '统计在岗且任客户经理日期不晚于截至日的客户经理；年龄、从事客户经理年限均按截至日的周岁（满年数）计算，生日当天计满一岁；平均年龄为周岁的算术平均。';

function sectionSpec(
  title: string,
  sections: [string, Share[]][],
  unitWord: string,
  period: string,
  note: string,
): TableSpec {
  return {
    title,
    period,
    unitLine: `单位：${unitWord}`,
    note,
    columns: [
      { key: 'section', title: '维度', width: 14 },
      { key: 'key', title: '类别', width: 16 },
      { key: 'count', title: unitWord, type: 'int', width: 8 },
      { key: 'share', title: '占比', type: 'percent', width: 8 },
    ],
    rows: sections.flatMap(([section, list]) => {
      const shown = shownShares(list);
      return list.map((s, i) => ({
        section: i === 0 ? section : '',
        key: typeof s.key === 'number' ? `${s.key}档` : s.key,
        count: s.count,
        share: shown[i],
      }));
    }),
  };
}

export function customerSpec(r: Customer): TableSpec {
  return sectionSpec(
    '客户结构分析表',
    [
      ['城乡分类', r.byArea],
      ['经营业态', r.byFormat],
      ['订货方式', r.byOrderMethod],
      ['结算方式', r.bySettlement],
      ['经营状态', r.byStatus],
      ['档位', r.byGrade.filter((g) => g.count > 0)],
    ],
    '户',
    `截至 ${r.asOf}（${r.scopeLabel}）`,
    CUSTOMER_NOTE,
  );
}

export function managerSpec(r: Manager): TableSpec {
  return sectionSpec(
    '客户经理队伍结构表',
    [
      ['年龄', r.byAgeBand],
      ['学历', r.byEducation],
      ['职业技能等级', r.byGrade],
      ['从事客户经理年限', r.byTenure],
    ],
    '人',
    `截至 ${r.asOf}`,
    MANAGER_NOTE,
  );
}
