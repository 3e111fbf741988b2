import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import iconv from 'iconv-lite';
import { Document, Packer, Paragraph } from 'docx';
import { testBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
const ids: Record<string, number> = {};
const b64 = (b: Buffer | Uint8Array) => Buffer.from(b).toString('base64');

beforeAll(async () => {
  t = testBackend();
  const add = (key: string, input: Record<string, unknown>) => {
    ids[key] = t.call('archive.add', { kind: '收文', ...input }).id;
  };
  add('notice', {
    title: '关于开展网建达标考核的通知',
    fromOrg: '市局营销中心',
    docNo: '营〔2026〕3号',
    date: '2026-03-15',
    handler: '张伟',
  });
  add('price', { title: '卷烟价格调整的通知', fromOrg: '省局', date: '2026-02-01', secrecy: '内部' });
  add('plan', {
    kind: '发文',
    title: '2026年一季度销售计划',
    toOrg: '各客户经理',
    drafter: '李娜',
    date: '2026-01-10',
  });
  add('old', { title: '零售户档位调整方案', fromOrg: '市局', date: '2025-11-20' });
  add('report', {
    kind: '报送',
    title: '月度销售报表',
    toOrg: '市局营销中心',
    channel: '内网邮件',
    date: '2026-03-01',
  });

  // attachments whose text only the extractor can see
  const docx = await Packer.toBuffer(
    new Document({
      sections: [{ children: [new Paragraph('一户一码信息采集工作方案'), new Paragraph('电子结算率目标百分之九十')] }],
    }),
  );
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([
      ['线路', '客户数'],
      ['城关一线', 128],
    ]),
    '明细',
  );
  const xlsx = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  const gbk = iconv.encode('本月拜访覆盖率偏低，请各线路整改。', 'gbk');
  const pdf = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/archive/notice.pdf'));
  add('withFiles', {
    title: '附件测试',
    date: '2026-04-01',
    files: [
      { name: '方案.docx', contentBase64: b64(docx) },
      { name: '线路.xlsx', contentBase64: b64(xlsx) },
      { name: '通报.txt', contentBase64: b64(gbk) },
      { name: '扫描件.pdf', contentBase64: b64(pdf) },
    ],
  });
});
afterAll(() => t.close());

const search = (query: string, extra: Record<string, unknown> = {}) => t.call('archive.search', { query, ...extra });
const found = (query: string, extra: Record<string, unknown> = {}) =>
  (search(query, extra).hits as { id: number }[]).map((h) => Object.keys(ids).find((k) => ids[k] === h.id)).sort();

describe('archive search', () => {
  it('finds two-character Chinese words in titles, units and people', () => {
    expect(found('网建')).toEqual(['notice', 'withFiles']); // the PDF text mentions 网建 too
    expect(found('考核')).toEqual(['notice', 'withFiles']);
    expect(found('通知')).toEqual(['notice', 'price', 'withFiles']);
    expect(found('李娜')).toEqual(['plan']);
    expect(found('省局')).toEqual(['price']);
  });

  it('finds a single character, including at the end of a phrase', () => {
    expect(found('价')).toEqual(['price']);
    expect(found('案')).toEqual(['old', 'withFiles']); // 方案 ends a title and the .docx name
    expect(found('户')).toEqual(['old', 'plan', 'withFiles']); // 零售户; 各客户经理 (主送); 一户一码 in the .docx
  });

  it('finds longer phrases and mixed text and numbers', () => {
    expect(found('零售户档位')).toEqual(['old']);
    expect(found('2026年一季度')).toEqual(['plan']);
    expect(found('营〔2026〕3号')).toEqual(['notice']);
    expect(found('营[2026]3号')).toEqual(['notice']);
    expect(found('收〔2026〕1号')).toEqual(['notice']);
    expect(found('报〔2026〕')).toEqual(['report']);
    expect(found('KFB-0042')).toEqual(['withFiles']); // only inside the PDF, matched case-insensitively
    expect(found('kfb-0042')).toEqual(['withFiles']);
  });

  it('searches the text extracted from PDF, Word, Excel and GBK text attachments', () => {
    expect(found('一户一码')).toEqual(['withFiles']);
    expect(found('电子结算率')).toEqual(['withFiles']);
    expect(found('城关一线')).toEqual(['withFiles']);
    expect(found('拜访覆盖率')).toEqual(['withFiles']);
    expect(found('零售户走访')).toEqual(['withFiles']);
    const hit = search('拜访覆盖率').hits[0];
    expect(hit.snippet).toContain('本月拜访覆盖率偏低');
    expect(hit.attachments).toBe(4);
    // the snippet is cut from the original text, not from the folded index text
    expect(search('kfb-0042').hits[0].snippet).toContain('编号 KFB-0042');
    // a word found in a field names the field
    expect(search('张伟').hits[0].snippet).toBe('承办人：张伟');
  });

  it('requires every word of a query (AND) and combines with filters', () => {
    expect(found('通知 网建')).toEqual(['notice', 'withFiles']);
    expect(found('通知 价格')).toEqual(['price']);
    expect(found('通知 不存在的词')).toEqual([]);
    expect(found('通知', { secrecy: '内部' })).toEqual(['price']);
    expect(found('销售', { kind: '报送' })).toEqual(['report']);
    expect(found('', { year: 2025 })).toEqual(['old']);
    expect(search('', {}).total).toBe(6);
    expect(search('〔 〕', {}).total).toBe(0); // only punctuation: nothing to look for
  });

  it('lists hits newest first and reports the total beyond the limit', () => {
    const r = search('', { limit: 2 });
    expect(r.total).toBe(6);
    expect(r.hits.map((h: { date: string }) => h.date)).toEqual(['2026-04-01', '2026-03-15']);
    const page2 = search('', { limit: 2, offset: 2 });
    expect(page2.hits.map((h: { date: string }) => h.date)).toEqual(['2026-03-01', '2026-02-01']);
  });

  it('follows changes: a new title is found and the old one no longer is', () => {
    t.call('archive.update', { id: ids.old, title: '零售客户分档方案' });
    expect(found('档位')).toEqual([]);
    expect(found('分档')).toEqual(['old']);
    t.call('archive.addRead', { docId: ids.old, reader: '赵敏', comment: '已阅，同意' });
    expect(found('赵敏')).toEqual(['old']);
  });

  it('rebuilds both indexes from scratch with the same results', () => {
    const before = ['网建', '户', '一户一码', '营[2026]3号'].map((q) => found(q));
    t.backend.db.exec(
      "INSERT INTO archive_fts_tri(archive_fts_tri) VALUES ('delete-all'); INSERT INTO archive_fts_bi(archive_fts_bi) VALUES ('delete-all');",
    );
    expect(found('网建')).toEqual([]);
    const end = t.job('archive.reindex', {});
    expect(end).toMatchObject({ type: 'done', result: { documents: 6 } });
    expect(['网建', '户', '一户一码', '营[2026]3号'].map((q) => found(q))).toEqual(before);
  });

  it('finds a filed item by its 档号', () => {
    t.call('archive.file', { id: ids.price, retention: 'D30' });
    expect(found('WS·2026-D30')).toEqual(['price']);
    expect(found('通知', { filed: true })).toEqual(['price']);
    expect(found('通知', { retention: 'D30' })).toEqual(['price']);
  });
});
