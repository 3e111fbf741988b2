import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { openImportFile, detectEncoding } from '../../../electron/domain/imports/read';
import { parseDay, parseDecimal, parseFen, parseTiao, serialToDay } from '../../../electron/domain/imports/values';
import { numberParser } from '../../../common/cellValues';
import { headerKey, statedPeriod, unitFactor } from '../../../electron/domain/imports/headers';
import { tempDir } from '../../helpers/backend';
import { serial } from './fixtures';

describe('reading CSV in chunks', () => {
  it('keeps quoted commas, quotes and line breaks intact across 1 MB chunk boundaries, in GBK and UTF-8', () => {
    const dir = tempDir();
    const expected: string[][] = [['客户编码', '客户名称', '地址']];
    for (let i = 0; i < 70_000; i++) {
      const name = i % 7 === 0 ? `便民"${i}"号，店` : `城关店${i}`;
      const address = i % 11 === 0 ? `新街${i}号,\r\n二楼` : `建设路${i}号`;
      expected.push([`4201${String(i).padStart(6, '0')}`, name, address]);
    }
    const quote = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const text = expected.map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
    for (const [enc, buf] of [
      ['GB18030', iconv.encode(text, 'gbk')],
      ['UTF-8', Buffer.from(text, 'utf8')],
      ['UTF-8(BOM)', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ] as const) {
      const file = path.join(dir, `big-${enc}.csv`);
      fs.writeFileSync(file, buf);
      expect(buf.length).toBeGreaterThan(2 * 1024 * 1024);
      const f = openImportFile(file);
      expect(f.encoding).toBe(enc);
      const rows = [...f.rows()];
      expect(rows.length).toBe(expected.length);
      expect(rows.map((r) => r.cells)).toEqual(expected);
      // Row numbers are records, as a spreadsheet shows them, even when a cell holds a line break.
      expect(rows.at(-1)!.row).toBe(expected.length);
    }
  });

  it('reads UTF-8 that is ASCII for megabytes between Chinese text, a character cut by the 1 MB chunk', () => {
    const dir = tempDir();
    const expected: string[][] = [['客户编码', '客户名称']];
    let bytes = Buffer.byteLength('客户编码,客户名称\n');
    let i = 0;
    const ascii = () => {
      const r = [`4201${String(i).padStart(6, '0')}`, `shop-${i++}`];
      expected.push(r);
      bytes += Buffer.byteLength(r.join(',') + '\n');
    };
    // ASCII up to a few bytes before 1 MB, then a row whose 便 (3 bytes) straddles the chunk's end.
    while (bytes < (1 << 20) - 40) ascii();
    const pad = (1 << 20) - 1 - bytes - 'x,'.length;
    expected.push(['x', 'y'.repeat(pad) + '便民店']);
    bytes += Buffer.byteLength(expected.at(-1)!.join(',') + '\n');
    // Then ASCII for two more chunks, a Chinese row, ASCII to the end.
    while (bytes < 3 << 20) ascii();
    expected.push(['4201999999', '城关店']);
    for (let k = 0; k < 1000; k++) ascii();
    const text = expected.map((r) => r.join(',')).join('\n') + '\n';
    const buf = Buffer.from(text, 'utf8');
    // 便's first byte ends the first megabyte, its other two start the second.
    expect(buf.subarray((1 << 20) - 1, (1 << 20) + 2).toString('utf8')).toBe('便');
    const file = path.join(dir, 'mostly-ascii.csv');
    fs.writeFileSync(file, buf);
    const f = openImportFile(file);
    expect(f.encoding).toBe('UTF-8');
    expect([...f.rows()].map((r) => r.cells)).toEqual(expected);
  });

  it('tells GBK from UTF-8 by the bytes', () => {
    expect(detectEncoding(iconv.encode('客户编码,订购量', 'gbk')).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.from('客户编码,订购量')).encoding).toBe('utf8');
    expect(detectEncoding(Buffer.from('code,qty')).encoding).toBe('utf8');
  });
});

describe('cell values', () => {
  it('reads dates from serials, numbers and the usual Chinese text forms without a time zone', () => {
    process.env.TZ = 'Asia/Shanghai';
    expect(serialToDay(serial(2015, 3, 31))).toBe(20150331);
    expect(serialToDay(serial(2015, 3, 31) + 0.99)).toBe(20150331);
    expect(serialToDay(61)).toBe(19000301);
    for (const t of [
      '2015-03-31',
      '2015/3/31',
      '2015年3月31日',
      '20150331',
      '2015.3.31',
      '2015-03-31 00:00:00',
      20150331,
      serial(2015, 3, 31),
    ]) {
      expect(parseDay(t, '日期')).toEqual({ ok: true, value: 20150331 });
    }
    expect(parseDay('2015-02-29', '日期')).toEqual({ ok: false, reason: '日期“2015-02-29”不是有效日期' });
    expect(parseDay('三月', '日期').ok).toBe(false);
  });

  it("reads numbers written as text by the grids' one rule: thousands separators, &nbsp;, full-width digits", () => {
    expect(parseTiao('1,234', '订购量', 1)).toEqual({ ok: true, value: 1234 });
    expect(parseTiao('\u00a01,234\u00a0', '订购量', 1)).toEqual({ ok: true, value: 1234 });
    expect(parseTiao(' ５ ', '订购量', 1)).toEqual({ ok: true, value: 5 });
    expect(parseFen('12,345.60 ', '金额', 100)).toEqual({ ok: true, value: 1234560 });
    expect(parseFen('¥ 1,000', '金额', 100)).toEqual({ ok: true, value: 100000 });
    expect(parseTiao('1,23', '订购量', 1)).toEqual({ ok: false, reason: '订购量“1,23”的千分位逗号位置不对' });
    expect(parseTiao('十二', '订购量', 1)).toEqual({
      ok: false,
      reason: '订购量“十二”不是数字，请用阿拉伯数字填写（如 12）',
    });
    // The same text gives the same number in a grid cell and in an import.
    const grid = numberParser();
    for (const text of ['1,234', '\u00a01,234.5\u00a0', '１２', '1 234', '1,23', 'abc']) {
      const g = grid(text);
      expect([text, parseDecimal(text)]).toEqual([text, g.ok ? g.value : 'bad']);
    }
  });

  it('converts 箱 to 条 and 元/万元 to 分, refusing what is not whole', () => {
    expect(parseTiao('1.2', '订购量', 250)).toEqual({ ok: true, value: 300 });
    expect(parseTiao('0.001', '订购量', 250)).toEqual({ ok: false, reason: '订购量“0.001”换算后不是整条' });
    expect(parseFen('1,234.56', '金额', 100)).toEqual({ ok: true, value: 123456 });
    expect(parseFen('0.1272', '金额', 1_000_000)).toEqual({ ok: true, value: 127200 });
    expect(parseFen('1.234', '金额', 100)).toEqual({ ok: false, reason: '金额“1.234”精确到分以下' });
    expect(parseFen('￥12', '单价', 100)).toEqual({ ok: true, value: 1200 });
  });

  it('reads units from headers and the period from title rows', () => {
    expect(headerKey('订购量（箱）')).toEqual({ key: '订购量', unit: '箱' });
    expect(headerKey(' 金 额 (万元)')).toEqual({ key: '金额', unit: '万元' });
    expect(headerKey('单价[元/条]')).toEqual({ key: '单价', unit: '元/条' });
    expect(unitFactor('qty', '箱')).toBe(250);
    expect(unitFactor('qty', '', '箱')).toBe(250);
    expect(unitFactor('money', '万元')).toBe(1_000_000);
    expect(unitFactor('qty', '吨')).toBeNull();
    expect(statedPeriod([['2026年2月卷烟订单明细']])).toEqual({ from: 20260201, to: 20260228 });
    expect(statedPeriod([['统计期间：2026年3月1日至3月15日']])).toEqual({ from: 20260301, to: 20260315 });
    expect(statedPeriod([['订单明细']])).toBeNull();
  });
});
