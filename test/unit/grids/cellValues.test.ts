import { describe, expect, it } from 'vitest';
import {
  choiceParser,
  dateParser,
  gradeParser,
  intParser,
  numberParser,
  sameCellValue,
  textParser,
} from '../../../common/cellValues';

const value = (r: { ok: boolean; value?: unknown; reason?: string }) => (r.ok ? r.value : `错：${r.reason}`);

describe('numberParser', () => {
  const n2 = numberParser({ decimals: 2 });
  it('reads what Excel and WPS put on the clipboard', () => {
    expect(value(n2('1,234.50'))).toBe(1234.5);
    expect(value(n2('  42 '))).toBe(42);
    expect(value(n2('１２'))).toBe(12); // full-width digits
    expect(value(n2('１，２３４．５'))).toBe(1234.5); // full-width comma and point
    expect(value(n2('-3.25'))).toBe(-3.25);
    expect(value(n2('－3.25'))).toBe(-3.25); // full-width minus
    expect(value(n2('−7'))).toBe(-7); // minus sign U+2212
    expect(value(n2('(12)'))).toBe(-12); // accounting negative
    expect(value(n2('1.20E+3'))).toBe(1200);
    expect(value(n2('.5'))).toBe(0.5);
    expect(value(n2('12.500'))).toBe(12.5); // trailing zeros are not decimals
  });
  it('blank clears unless required', () => {
    expect(value(n2(''))).toBe(null);
    expect(value(n2('   '))).toBe(null);
    expect(value(numberParser({ required: true, label: '计划' })(''))).toBe('错：计划不能为空');
  });
  it('refuses what is not a number, with the reason', () => {
    expect(value(n2('十二'))).toBe('错：“十二”不是数字，请用阿拉伯数字填写（如 12）');
    expect(value(n2('abc'))).toBe('错：“abc”不是数字');
    expect(value(n2('1,23'))).toBe('错：“1,23”的千分位逗号位置不对');
    expect(value(n2('12箱'))).toBe('错：“12箱”不是数字');
    expect(value(n2('-'))).toBe('错：“-”不是数字');
    expect(value(n2('1.234'))).toBe('错：“1.234”最多 2 位小数');
    expect(value(intParser()('2.5'))).toBe('错：“2.5”应为整数');
    expect(value(n2('12.5%'))).toBe('错：“12.5%”：这一列不填百分号');
  });
  it('percent columns in points or fractions', () => {
    const points = numberParser({ decimals: 2, percent: 'points', min: 0, max: 100 });
    expect(value(points('12.5%'))).toBe(12.5);
    expect(value(points('12.5'))).toBe(12.5);
    expect(value(points('１２．５％'))).toBe(12.5);
    expect(value(points('-5%'))).toBe('错：“-5%”超出范围：应在 0% 到 100% 之间');
    expect(value(points('500%'))).toBe('错：“500%”超出范围：应在 0% 到 100% 之间');
    const frac = numberParser({ decimals: 4, percent: 'fraction', min: 0, max: 1 });
    expect(value(frac('12.5%'))).toBe(0.125);
    expect(value(frac('0.95'))).toBe(0.95);
    expect(value(frac('33.33%'))).toBe(0.3333);
    expect(value(frac('33.333%'))).toBe('错：“33.333%”最多 4 位小数（按小数计）');
    expect(value(frac('150%'))).toBe('错：“150%”超出范围：应在 0% 到 100% 之间');
  });
  it('a rate typed with or without 「%」: a bare number above 1.5 is percentage points (计划完成率)', () => {
    const rate = numberParser({ decimals: 4, percent: 'fraction', pointsAbove: 1.5, min: 0, max: 5 });
    expect(value(rate('95'))).toBe(0.95);
    expect(value(rate('95%'))).toBe(0.95);
    expect(value(rate('９５％'))).toBe(0.95);
    expect(value(rate('９５'))).toBe(0.95);
    expect(value(rate('0.95'))).toBe(0.95);
    expect(value(rate('101.52'))).toBe(1.0152);
    // at or below the line a bare number is a fraction: 1.2 is 120%, 1.5 is 150%
    expect(value(rate('1.2'))).toBe(1.2);
    expect(value(rate('1.5'))).toBe(1.5);
    expect(value(rate('2'))).toBe(0.02);
    expect(value(rate('1.2%'))).toBe(0.012);
    expect(value(rate('600'))).toBe('错：“600”超出范围：应在 0% 到 500% 之间');
    expect(value(rate('95.123'))).toBe('错：“95.123”最多 4 位小数（按小数计）');
    expect(value(rate('九十五'))).toBe('错：“九十五”不是数字，请用阿拉伯数字填写（如 12）');
  });
  it('bounds: negative and too large', () => {
    const copies = intParser({ min: 1, max: 9999 });
    expect(value(copies('99999999999'))).toBe('错：“99999999999”超出范围：应在 1 到 9999 之间');
    expect(value(copies('0'))).toBe('错：“0”超出范围：应在 1 到 9999 之间');
    expect(value(intParser({ min: 0 })('-1'))).toBe('错：“-1”不能小于 0');
    expect(value(numberParser({ max: 10 })('11'))).toBe('错：“11”不能大于 10');
    expect(value(n2('1e20'))).toBe('错：“1e20”太大，不是有效的数字');
    expect(Object.is(value(n2('-0')), 0)).toBe(true);
  });
});

describe('other validators', () => {
  it('档位 as the import reads it', () => {
    const g = gradeParser();
    expect(['12', 'D30', '30档', '第5档', '１２', '7.0'].map((t) => value(g(t)))).toEqual([12, 30, 30, 5, 12, 7]);
    expect(value(g('十二'))).toBe('错：档位“十二”应为 1–30 的阿拉伯数字（如 12）');
    expect(value(g('31'))).toBe('错：档位“31”应为 1–30 的整数');
    expect(value(g('0'))).toBe('错：档位“0”应为 1–30 的整数');
    expect(value(g(''))).toBe(null);
  });
  it('dates in the usual spellings, real days only', () => {
    const d = dateParser();
    expect(
      ['2026-03-05', '2026/3/5', '2026.3.5', '2026年3月5日', '20260305', '２０２６-３-５'].map((t) => value(d(t))),
    ).toEqual(Array(6).fill('2026-03-05'));
    expect(value(d('2026-02-29'))).toBe('错：“2026-02-29”不是有效日期');
    expect(value(d('2024-02-29'))).toBe('2024-02-29');
    expect(value(d('三月五日'))).toBe('错：“三月五日”不是日期，请写成 2026-03-05');
    expect(value(d(''))).toBe(null);
  });
  it('choices match regardless of width and spaces, and list what is allowed', () => {
    const c = choiceParser(['', '男', '女']);
    expect(value(c(' 女 '))).toBe('女');
    expect(value(c(''))).toBe(null);
    expect(value(c('未知'))).toBe('错：“未知”不是可选的值（可选：男、女）');
    const codes = choiceParser(['r01', 'R02']);
    expect(value(codes('R01'))).toBe('r01');
    const many = choiceParser(Array.from({ length: 10 }, (_, i) => `L${i}`));
    expect(value(many('X'))).toBe('错：“X”不是可选的值（可选：L0、L1、L2、L3、L4、L5、L6、L7 等 10 项）');
  });
  it('text is trimmed and bounded', () => {
    expect(value(textParser()('  城关店 '))).toBe('城关店');
    expect(value(textParser({ required: true })(' '))).toBe('错：不能为空');
    expect(value(textParser({ maxLength: 3 })('一二三四'))).toBe('错：内容超过 3 个字');
  });
  it('sameCellValue treats blanks alike and numbers by value', () => {
    expect(sameCellValue(null, '')).toBe(true);
    expect(sameCellValue(12.5, 12.5000000000001)).toBe(true);
    expect(sameCellValue(12, 13)).toBe(false);
    expect(sameCellValue(0, null)).toBe(false);
    expect(sameCellValue('是', '是')).toBe(true);
  });
});
