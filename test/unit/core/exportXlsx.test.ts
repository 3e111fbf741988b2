import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { neutralise, sheetFromSpec, workbookFromSpecs } from '../../../renderer/components/exportXlsx';
import type { TableSpec } from '../../../renderer/components/table';
import { fmtCases, fmtPct, fmtSignedPct, fmtWan } from '../../../renderer/components/format';

const spec: TableSpec = {
  title: '卷烟销售情况表',
  period: '2026年3月',
  unitLine: '单位：箱、万元',
  columns: [
    { key: 'name', title: '价类', type: 'text' },
    { key: 'vol', title: '本期', group: '销量(箱)', type: 'cases' },
    { key: 'volLy', title: '同期', group: '销量(箱)', type: 'cases' },
    { key: 'yoy', title: '同比', group: '销量(箱)', type: 'signedPercent' },
    { key: 'amt', title: '销售额(万元)', type: 'wan' },
  ],
  rows: [
    { name: '一类', vol: 12345, volLy: 10000, yoy: 0.2345, amt: 123456789 },
    { name: '=HYPERLINK("http://x")', vol: 250, volLy: 0, yoy: null, amt: 5 },
  ],
  totals: [{ name: '合计', vol: 12595, volLy: 10000, yoy: 0.2595, amt: 123456794 }],
  note: '销量为订购量',
};

describe('Excel export', () => {
  it('keeps numbers as numbers in the displayed unit with a format, and merges the Chinese headers', () => {
    const ws = sheetFromSpec(spec, '某县分公司');
    expect(ws['A1'].v).toBe('卷烟销售情况表');
    expect(ws['A2'].v).toContain('某县分公司');
    expect(ws['A2'].v).toContain('2026年3月');
    expect(ws['B3'].v).toBe('销量(箱)');
    expect(ws['B4'].v).toBe('本期');
    expect(ws['A3'].v).toBe('价类');
    const merges = ws['!merges']!.map((m) => XLSX.utils.encode_range(m));
    expect(merges).toEqual(expect.arrayContaining(['A1:E1', 'B3:D3', 'A3:A4', 'E3:E4']));
    expect(ws['B5']).toMatchObject({ t: 'n', v: 49.38, z: '#,##0.00' }); // 12345 条 = 49.38 箱
    expect(ws['E5']).toMatchObject({ t: 'n', v: 123.456789, z: '#,##0.00' }); // 分 → 万元
    expect(ws['D5'].t).toBe('n');
    expect(ws['D6']).toBeUndefined(); // undefined ratio stays empty, never 0
    expect(ws['A7'].v).toBe('合计');
  });

  it('neutralises cells that would run as formulas', () => {
    const ws = sheetFromSpec(spec);
    expect(ws['A6'].v).toBe('\'=HYPERLINK("http://x")');
    expect(ws['A6'].f).toBeUndefined();
    expect(neutralise('+1')).toBe("'+1");
    expect(neutralise('-cmd')).toBe("'-cmd");
    expect(neutralise('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(neutralise('黄鹤楼(软蓝)')).toBe('黄鹤楼(软蓝)');
  });

  it('writes one sheet per table with unique names', () => {
    const wb = workbookFromSpecs([spec, spec]);
    expect(wb.SheetNames).toEqual(['卷烟销售情况表', '卷烟销售情况表(2)']);
    const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
    const back = XLSX.read(buf);
    expect(back.Sheets['卷烟销售情况表']['B5'].v).toBe(49.38);
  });
});

describe('display formats', () => {
  it('round only at display and show — for an undefined ratio', () => {
    expect(fmtCases(12345)).toBe('49.38');
    expect(fmtWan(123456789)).toBe('123.46');
    expect(fmtPct(0.738)).toBe('73.80%');
    expect(fmtSignedPct(0.1234)).toBe('+12.34%');
    expect(fmtSignedPct(-0.04)).toBe('-4.00%');
    expect(fmtSignedPct(null)).toBe('—');
    expect(fmtPct(Infinity)).toBe('—');
  });
});
