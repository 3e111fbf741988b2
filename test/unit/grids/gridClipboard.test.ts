import { describe, expect, it } from 'vitest';
import { numberParser, textParser } from '../../../common/cellValues';
import {
  copyText,
  looksKeyed,
  parseTsv,
  pasteSummary,
  planPaste,
  toTsv,
  type PasteRow,
} from '../../../renderer/components/gridClipboard';

describe('TSV as Excel and WPS write it', () => {
  it('reads rows, tabs, CRLF and the closing line end', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('1\n2\n')).toEqual([['1'], ['2']]);
    expect(parseTsv('5')).toEqual([['5']]);
  });
  it('reads quoted cells with line breaks, tabs and doubled quotes', () => {
    expect(parseTsv('"第一行\r\n第二行"\t3\r\n"说""明"\t"a\tb"\r\n')).toEqual([
      ['第一行\r\n第二行', '3'],
      ['说"明', 'a\tb'],
    ]);
  });
  it('keeps blank cells and blank rows inside the block', () => {
    expect(parseTsv('1\t\r\n\r\n3\t4\r\n')).toEqual([['1', ''], [''], ['3', '4']]);
  });
  it('writes back what it reads', () => {
    const rows = [
      ['张三', '12.50'],
      ['多行\n文本', '说"明'],
      ['', '7'],
    ];
    const text = toTsv(rows);
    expect(text).toBe('张三\t12.50\r\n"多行\n文本"\t"说""明"\r\n\t7\r\n');
    expect(parseTsv(text)).toEqual(rows);
  });
});

describe('copyText: the unit shown, as a number Excel reads', () => {
  it('converts 条, 分 and fractions to what the grid shows', () => {
    expect(copyText({ key: 'v', title: '销量', type: 'cases' }, 1250)).toBe('5.00');
    expect(copyText({ key: 'v', title: '金额', type: 'wan' }, 123456789)).toBe('123.46');
    expect(copyText({ key: 'v', title: '价', type: 'yuan' }, 12345)).toBe('123.45');
    expect(copyText({ key: 'v', title: '率', type: 'percent' }, 0.12345)).toBe('12.35%');
    expect(copyText({ key: 'v', title: '数', type: 'number', decimals: 1 }, 1234.56)).toBe('1234.6');
    expect(copyText({ key: 'v', title: '户', type: 'int' }, 1234)).toBe('1234');
    expect(copyText({ key: 'v', title: '名' }, '城关')).toBe('城关');
    expect(copyText({ key: 'v', title: '数', type: 'number' }, null)).toBe('');
  });
});

const rowsOf = (values: (number | null)[], keys?: string[][], locked: number[] = []): PasteRow[] =>
  values.map((v, i) => ({
    id: `r${i}`,
    keys: keys?.[i],
    value: (k: string) => (k === 'v' ? v : `名${i}`),
    blocked: (k: string) => (locked.includes(i) && k === 'v' ? '已锁定' : null),
  }));
const cols = [
  { key: 'name', title: '名称' },
  { key: 'v', title: '目标值', parse: numberParser({ decimals: 2, min: 0, max: 100, percent: 'points' }) },
  { key: 'note', title: '备注', parse: textParser() },
];

describe('planPaste', () => {
  it('by position from the focused cell down and right, invalid cells reported, unchanged cells not written', () => {
    const rows = rowsOf([10, 20, 30, 40]);
    const plan = planPaste(parseTsv('11\tA\r\nabc\tB\r\n40\tC\r\n'), rows, cols, { rowIndex: 1, colIndex: 1 });
    expect(plan.refused).toBeUndefined();
    expect(plan.edits).toEqual([
      { rowIndex: 1, colIndex: 1, value: 11 },
      { rowIndex: 1, colIndex: 2, value: 'A' },
      { rowIndex: 2, colIndex: 2, value: 'B' },
      { rowIndex: 3, colIndex: 2, value: 'C' },
    ]);
    expect(plan.valid).toBe(5); // 40 into the row already holding 40 counts but is not written
    expect(plan.invalid).toEqual([{ rowIndex: 2, colIndex: 1, blockRow: 2, blockCol: 1, reason: '“abc”不是数字' }]);
    expect(pasteSummary(plan)).toBe('已粘贴 5 格，1 格无效');
  });
  it('refuses a block taller or wider than what is left, with the counts', () => {
    const rows = rowsOf([1, 2, 3]);
    expect(planPaste(parseTsv('1\n2\n3\n'), rows, cols, { rowIndex: 1, colIndex: 1 }).refused).toBe(
      '粘贴的内容有 3 行，从当前行往下只有 2 行，未粘贴',
    );
    expect(planPaste(parseTsv('1\t2\t3\n'), rows, cols, { rowIndex: 0, colIndex: 1 }).refused).toBe(
      '粘贴的内容有 3 列，从当前列往右只有 2 列，未粘贴',
    );
  });
  it('skips read-only columns and blocked (locked) cells with the reason', () => {
    const plan = planPaste(parseTsv('x\t5\r\ny\t6\r\n'), rowsOf([1, 2], undefined, [1]), cols, {
      rowIndex: 0,
      colIndex: 0,
    });
    expect(plan.edits).toEqual([{ rowIndex: 0, colIndex: 1, value: 5 }]);
    expect(plan.invalid.map((p) => p.reason)).toEqual(['“名称”列不能修改', '“名称”列不能修改', '已锁定']);
  });
  it('by key: the first column names the row, in any order; unknown and ambiguous keys refused', () => {
    const rows = rowsOf(
      [1, 2, 3, 4],
      [
        ['M01', '张三'],
        ['M02', '李四'],
        ['M03', '王五'],
        ['M04', '王五'],
      ],
    );
    const block = parseTsv('李四\t22\r\nＭ０１\t11\r\n赵六\t9\r\n王五\t7\r\n');
    expect(looksKeyed(block, rows)).toBe(true);
    const plan = planPaste(block, rows, cols, { rowIndex: 0, colIndex: 1 }, { byKey: true });
    expect(plan.edits).toEqual([
      { rowIndex: 1, colIndex: 1, value: 22 },
      { rowIndex: 0, colIndex: 1, value: 11 },
    ]);
    expect(plan.invalid).toEqual([
      { blockRow: 3, blockCol: 2, reason: '找不到“赵六”' },
      { blockRow: 4, blockCol: 2, reason: '“王五”对应 2 行，请用编码' },
    ]);
    expect(looksKeyed(parseTsv('12\t3\r\n14\t5\r\n'), rows)).toBe(false);
    expect(looksKeyed(parseTsv('张三\r\n李四\r\n'), rows)).toBe(false); // nothing beside the keys
  });
  it('one value pasted over several selected rows fills them', () => {
    const plan = planPaste(
      [['8']],
      rowsOf([1, 2, 3, 8]),
      cols,
      { rowIndex: 0, colIndex: 1 },
      { targetRows: [0, 2, 3] },
    );
    expect(plan.edits).toEqual([
      { rowIndex: 0, colIndex: 1, value: 8 },
      { rowIndex: 2, colIndex: 1, value: 8 },
    ]);
    expect(plan.valid).toBe(3);
  });
});

describe('planPaste: cells that cannot change', () => {
  it('a read-only cell pasted back with what it shows is left alone; a lock receiving its own value too', () => {
    const rows: PasteRow[] = [0, 1].map((i) => ({
      id: `r${i}`,
      value: (k: string) => (k === 'v' ? 10 * (i + 1) : `名${i}`),
      blocked: (k: string) => (i === 1 && k === 'v' ? '已锁定' : null),
      shows: (k: string, text: string) => k === 'name' && text.trim() === `名${i}`,
    }));
    const plan = planPaste(parseTsv('名0\t15\r\n名1\t20\r\n'), rows, cols, { rowIndex: 0, colIndex: 0 });
    expect(plan.invalid).toEqual([]);
    expect(plan.edits).toEqual([{ rowIndex: 0, colIndex: 1, value: 15 }]);
    const changed = planPaste(parseTsv('别名\t15\r\n名1\t21\r\n'), rows, cols, { rowIndex: 0, colIndex: 0 });
    expect(changed.invalid.map((p) => p.reason)).toEqual(['“名称”列不能修改', '已锁定']);
  });
});
