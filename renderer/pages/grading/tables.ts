/** The 客户档位调整名单 of a 分档 review: one table spec for the print view and the Excel export. */
import type { Output } from '@contract';
import type { TableSpec } from '../../components/table';

export type Review = Output<'grading.get'>;
export type ReviewRow = Review['rows'][number];

export function monthLabel(asOf: string): string {
  const [y, m] = asOf.split('-');
  return `${y}年${Number(m)}月`;
}

export function dayLabel(day: number): string {
  return `${Math.floor(day / 10000)}年${Math.floor(day / 100) % 100}月${day % 100}日`;
}

/** +2 / −1 / 新定 / 不变 */
export function moveLabel(r: Pick<ReviewRow, 'current' | 'proposed'>): string {
  if (r.current === null) return '新定档';
  const d = r.proposed - r.current;
  return d > 0 ? `升${d}档` : d < 0 ? `降${-d}档` : '不变';
}

/** Rows whose grade the review changes (or sets for the first time). */
export function movedRows(review: Review): ReviewRow[] {
  return review.rows.filter((r) => r.current === null || r.proposed !== r.current);
}

/** 调整名单: the retailers whose 档位 changes, with the score and the clerk's reasons. */
export function adjustListSpec(review: Review): TableSpec {
  const rows = movedRows(review)
    .slice()
    .sort((a, b) => (a.retailer < b.retailer ? -1 : a.retailer > b.retailer ? 1 : 0))
    .map((r, i) => ({
      seq: i + 1,
      retailer: r.retailer,
      name: r.name,
      current: r.current === null ? '未定' : `${r.current}档`,
      computed: `${r.computed}档`,
      proposed: `${r.proposed}档`,
      move: moveLabel(r),
      score: r.score,
      reason: r.adjustReason ?? '',
    }));
  const up = movedRows(review).filter((r) => r.current !== null && r.proposed > r.current).length;
  const down = movedRows(review).filter((r) => r.current !== null && r.proposed < r.current).length;
  return {
    title: '客户档位调整名单',
    period: `${monthLabel(review.asOf)}分档（${dayLabel(review.effectiveDay)}起执行）`,
    unitLine: `状态：${review.statusLabel}　参评客户 ${review.rows.length} 户，调整 ${rows.length} 户（升档 ${up} 户，降档 ${down} 户）`,
    columns: [
      { key: 'seq', title: '序号', type: 'int', width: 6 },
      { key: 'retailer', title: '客户编码', type: 'text', width: 14 },
      { key: 'name', title: '客户名称', type: 'text', width: 22 },
      { key: 'current', title: '原档位', type: 'text', width: 8 },
      { key: 'computed', title: '计算档位', type: 'text', width: 9 },
      { key: 'proposed', title: '调整后档位', type: 'text', width: 10 },
      { key: 'move', title: '变动', type: 'text', width: 8 },
      { key: 'score', title: '得分', type: 'number', decimals: 4, width: 8 },
      { key: 'reason', title: '调整原因', type: 'text', width: 24 },
    ],
    rows,
    note: '按评审月份及之前共 6 个月的订购计算：得分 = 0.5 × 月均订购量百分位 + 0.3 × 月均订购金额百分位 + 0.2 × 条均价百分位（并列取平均名次）；按得分排序后第 i 户（共 n 户）定为 ⌈30·i/n⌉ 档，每次较原档位最多升降 3 档。调整原因为内勤手工调整时填写。',
    sheetName: '调整名单',
  };
}
