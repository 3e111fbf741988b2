import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkStatusChange,
  date8,
  displayName,
  formatArchiveNo,
  formatDocNumber,
  isIsoDate,
  retentionDueOn,
} from '../../../electron/domain/archive/rules';
import { bigramText, normalizeText, parseQuery } from '../../../electron/domain/archive/search';

const patterns = { in: '收〔{year}〕{n}号', out: '{abbr}〔{year}〕{n}号', report: '报〔{year}〕{n}号', abbr: '县烟营' };

describe('archive numbering rules', () => {
  it('formats 收文号 and 发文字号 from the patterns in Settings', () => {
    expect(formatDocNumber('收文', 2026, 15, patterns)).toBe('收〔2026〕15号');
    expect(formatDocNumber('发文', 2026, 3, patterns)).toBe('县烟营〔2026〕3号');
    expect(formatDocNumber('报送', 2025, 120, patterns)).toBe('报〔2025〕120号');
  });

  it('builds the 档号 of DA/T 22-2015 with a zero-padded 件号', () => {
    expect(formatArchiveNo('0194', 2026, 'D30', 'KFB', 1)).toBe('0194-WS·2026-D30-KFB-0001');
    expect(formatArchiveNo('0194', 2025, 'Y', 'BGS', 123)).toBe('0194-WS·2025-Y-BGS-0123');
    expect(() => formatArchiveNo('194', 2026, 'D10', 'KFB', 1)).toThrow(/全宗号/);
    expect(() => formatArchiveNo('0194', 2026, 'D10', 'kfb', 1)).toThrow(/机构/);
    expect(() => formatArchiveNo('0194', 2026, 'D10', 'KFB', 10000)).toThrow(/件号/);
  });

  it('counts a retention period from 1 January of the following year', () => {
    expect(retentionDueOn(2016, 'D10')).toBe('2027-01-01');
    expect(retentionDueOn(1995, 'D30')).toBe('2026-01-01');
    expect(retentionDueOn(2026, 'Y')).toBeNull();
  });

  it('writes catalogue dates as 8 digits and checks calendar dates', () => {
    expect(date8('2026-03-15')).toBe('20260315');
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-3-5')).toBe(false);
  });

  it('lets an incoming document move 待处理 → 已阅/转交 → 办结 but not skip to 归档', () => {
    expect(() => checkStatusChange('收文', '待处理', '已阅')).not.toThrow();
    expect(() => checkStatusChange('收文', '转交', '办结')).not.toThrow();
    expect(() => checkStatusChange('收文', '办结', '待处理')).toThrow(/不能从“办结”改为“待处理”/);
    expect(() => checkStatusChange('收文', '待处理', '归档')).toThrow(/归档/);
    expect(() => checkStatusChange('发文', '已登记', '办结')).toThrow(/发文没有办理状态/);
  });
});

describe('outside file names are display metadata only', () => {
  it('neutralises separators, reserved Windows names and control characters', () => {
    expect(displayName('../../x')).toBe('___.._x');
    expect(displayName('..\\..\\windows\\system32')).toBe('___.._windows_system32');
    expect(displayName('CON')).toBe('_CON');
    expect(displayName('nul.txt')).toBe('_nul.txt');
    expect(displayName('COM1.pdf')).toBe('_COM1.pdf');
    expect(displayName('a\u0000b\u202ecod.exe')).toBe('abcod.exe');
    expect(displayName('   ')).toBe('未命名');
    expect(displayName('通知.pdf')).toBe('通知.pdf');
  });

  it('shortens a very long name to 200 characters and keeps its extension', () => {
    const n = displayName('长'.repeat(5000) + '.docx');
    expect([...n].length).toBe(200);
    expect(n.endsWith('.docx')).toBe(true);
  });

  it('never yields a name with a path separator or a leading dot (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const n = displayName(s);
        return !/[\\/]/.test(n) && !n.startsWith('.') && n.length > 0 && [...n].length <= 200;
      }),
    );
  });
});

describe('search tokenisation', () => {
  it('folds full-width characters, case and every kind of bracket', () => {
    expect(normalizeText('收[２０２６]15号 ＫＦＢ（试行）')).toBe('收〔2026〕15号 kfb〔试行〕');
  });

  it('folds Kangxi radicals from PDFs (and the traditional forms they become) to the simplified character', () => {
    // ⽹ U+2F79 → 网 by NFKC alone; ⾨ U+2FA8 → 門 → 门 and ⿈ U+2FC8 → 黃 → 黄 by the table
    expect(normalizeText('\u2f79建\u2fa8店\u2fc8金叶')).toBe('网建门店黄金叶');
    expect(normalizeText('黃金葉')).toBe('黄金葉'); // only the characters radicals become are folded
  });

  it('writes each run of letters and digits as bigrams plus its last character', () => {
    expect(bigramText('网建考核 2026')).toBe('网建 建考 考核 核 20 02 26 6');
    expect(bigramText('户')).toBe('户');
    expect(bigramText('a-b')).toBe('a b');
  });

  it('routes 3+ character words to the trigram index and shorter ones to the bigram index', () => {
    expect(parseQuery('网建')).toEqual({ tri: null, bi: '"网建"', terms: ['网建'] });
    expect(parseQuery('户')).toEqual({ tri: null, bi: '"户"*', terms: ['户'] });
    expect(parseQuery('零售户 考核')).toEqual({ tri: '"零售户"', bi: '"考核"', terms: ['零售户', '考核'] });
    expect(parseQuery('收[2026]15号')).toEqual({ tri: '"收〔2026〕15号"', bi: null, terms: ['收〔2026〕15号'] });
    expect(parseQuery('a"b"c')).toEqual({ tri: '"a""b""c"', bi: null, terms: ['a"b"c'] });
    expect(parseQuery(' 〔 ')).toEqual({ tri: null, bi: null, terms: [] });
  });
});
