import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import fc from 'fast-check';
import { testBackend, type TestBackend } from '../../helpers/backend';

let t: TestBackend;
afterEach(() => t?.close());

const add = (input: Record<string, unknown> = {}) =>
  t.call<{ id: number; number: string }>('archive.add', { kind: '收文', title: '文件', date: '2026-03-01', ...input })
    .id;
const file = (id: number, retention: string, extra: Record<string, unknown> = {}) =>
  t.call('archive.file', { id, retention, ...extra }).archiveNo as string;

describe('filing per DA/T 22-2015', () => {
  it('numbers 件号 from 0001 within each 年度·保管期限·机构 group, without gaps', () => {
    t = testBackend();
    const got = [
      file(add(), 'D30'),
      file(add(), 'D10'),
      file(add(), 'D30'),
      file(add(), 'D30', { orgCode: 'bgs' }),
      file(add({ date: '2025-12-20' }), 'D30'),
      file(add(), 'D30'),
      file(add(), 'Y'),
      file(add(), 'D10'),
      file(add({ date: '2025-06-01' }), 'D30', { year: 2025 }),
      file(add({ kind: '发文' }), 'D30', { orgCode: 'BGS' }),
    ];
    expect(got).toEqual([
      '0194-WS·2026-D30-KFB-0001',
      '0194-WS·2026-D10-KFB-0001',
      '0194-WS·2026-D30-KFB-0002',
      '0194-WS·2026-D30-BGS-0001',
      '0194-WS·2025-D30-KFB-0001',
      '0194-WS·2026-D30-KFB-0003',
      '0194-WS·2026-Y-KFB-0001',
      '0194-WS·2026-D10-KFB-0002',
      '0194-WS·2025-D30-KFB-0002',
      '0194-WS·2026-D30-BGS-0002',
    ]);
    const groups = t.call('archive.groups', {}).groups;
    expect(groups).toEqual([
      { year: 2026, retention: 'Y', orgCode: 'KFB', count: 1 },
      { year: 2026, retention: 'D30', orgCode: 'BGS', count: 2 },
      { year: 2026, retention: 'D30', orgCode: 'KFB', count: 3 },
      { year: 2026, retention: 'D10', orgCode: 'KFB', count: 2 },
      { year: 2025, retention: 'D30', orgCode: 'KFB', count: 2 },
    ]);
  });

  it('keeps every group gap-free and duplicate-free for any order of filings (property)', () => {
    const pick = fc.record({
      retention: fc.constantFrom('Y', 'D30', 'D10'),
      org: fc.constantFrom('KFB', 'BGS'),
      year: fc.constantFrom(2025, 2026),
    });
    fc.assert(
      fc.property(fc.array(pick, { minLength: 1, maxLength: 25 }), (plan) => {
        t = testBackend();
        try {
          const seen = new Map<string, number>();
          for (const p of plan) {
            const no = file(add({ date: `${p.year}-06-01` }), p.retention, { orgCode: p.org });
            const group = `${p.year}-${p.retention}-${p.org}`;
            const expected = (seen.get(group) ?? 0) + 1;
            seen.set(group, expected);
            expect(no).toBe(`0194-WS·${p.year}-${p.retention}-${p.org}-${String(expected).padStart(4, '0')}`);
          }
          for (const [group, n] of seen) {
            const [year, retention, org] = group.split('-');
            const rows = t.call('archive.catalogue', { year: Number(year), retention, orgCode: org }).rows as {
              seq: number;
              archiveNo: string;
            }[];
            expect(rows.map((r) => Number(r.archiveNo.slice(-4)))).toEqual(Array.from({ length: n }, (_, i) => i + 1));
          }
        } finally {
          t.close();
        }
      }),
      { numRuns: 12 },
    );
  });

  it('files a selection in date order, or nothing when one of them is already filed', () => {
    t = testBackend();
    const late = add({ date: '2026-05-20', title: '五月' });
    const early = add({ date: '2026-01-08', title: '一月' });
    const mid = add({ date: '2026-03-02', title: '三月' });
    const filedAlready = add({ date: '2026-02-01' });
    file(filedAlready, 'D10');
    const refused = t.result('archive.fileMany', { ids: [late, early, filedAlready], retention: 'D30' });
    expect(refused.ok || refused.error).toMatchObject({
      code: 'already_filed',
      message: expect.stringContaining('收〔2026〕4号'),
    });
    expect(t.call('archive.get', { id: late }).doc.archiveNo).toBeNull();
    const r = t.call('archive.fileMany', { ids: [late, early, mid], retention: 'D30' });
    expect(r.filed.map((f: any) => [f.id, f.archiveNo])).toEqual([
      [early, '0194-WS·2026-D30-KFB-0001'],
      [mid, '0194-WS·2026-D30-KFB-0002'],
      [late, '0194-WS·2026-D30-KFB-0003'],
    ]);
  });

  it('uses the 全宗号 from Settings, refuses filing twice, and returns the 归档章', () => {
    t = testBackend();
    t.call('settings.update', { fondsNo: 'Z012', orgName: '客户服务部' });
    const id = add({ pages: 3 });
    const r = t.call('archive.file', { id, retention: 'D10', filedOn: '2026-04-02' });
    expect(r.archiveNo).toBe('Z012-WS·2026-D10-KFB-0001');
    expect(r.stamp).toEqual({
      fondsNo: 'Z012',
      year: 2026,
      retention: '定期10年',
      itemNo: '0001',
      org: '客户服务部',
      pages: 3,
    });
    expect(r.doc).toMatchObject({ status: '归档', filedOn: '2026-04-02' });
    const again = t.result('archive.file', { id, retention: 'Y' });
    expect(again.ok || again.error).toMatchObject({ code: 'already_filed' });
    expect(t.call('archive.stamp', { id }).itemNo).toBe('0001');
  });

  it('builds the 归档文件目录 with 文号 and 责任者 by kind, in 件号 order', () => {
    t = testBackend();
    t.call('settings.update', { unitName: '某某县烟草专卖局（营销部）', fondsName: '某某县烟草专卖局' });
    const a = add({
      title: '关于网建考核的通知',
      fromOrg: '市局营销中心',
      docNo: '营〔2026〕3号',
      date: '2026-03-15',
      secrecy: '内部',
      pages: 4,
    });
    const b = add({ kind: '发文', title: '一季度工作总结', date: '2026-04-01', pages: 6, remark: '原件一份' });
    add({ title: '未归档的文件' });
    file(b, 'D30');
    file(a, 'D30');
    const c = t.call('archive.catalogue', { year: 2026, retention: 'D30' });
    expect(c.cover).toEqual({
      fondsNo: '0194',
      fondsName: '某某县烟草专卖局',
      year: 2026,
      retention: 'D30',
      retentionLabel: '定期30年',
      orgCode: 'KFB',
      orgName: '客服部',
      category: 'WS',
      count: 2,
    });
    expect(c.rows).toEqual([
      {
        seq: 1,
        archiveNo: '0194-WS·2026-D30-KFB-0001',
        docNo: '客服〔2026〕1号',
        responsible: '某某县烟草专卖局（营销部）',
        title: '一季度工作总结',
        date: '20260401',
        secrecy: '公开',
        pages: 6,
        remark: '原件一份',
        id: b,
      },
      {
        seq: 2,
        archiveNo: '0194-WS·2026-D30-KFB-0002',
        docNo: '营〔2026〕3号',
        responsible: '市局营销中心',
        title: '关于网建考核的通知',
        date: '20260315',
        secrecy: '内部',
        pages: 4,
        remark: '',
        id: a,
      },
    ]);
    const x = t.call('archive.catalogueXlsx', { year: 2026, retention: 'D30' });
    const wb = XLSX.read(Buffer.from(x.base64, 'base64'));
    expect(wb.SheetNames).toEqual(['封面', '目录']);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['目录'], { header: 1 });
    expect(rows[1]).toEqual(['序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注']);
    expect(rows[3]).toEqual([
      2,
      '0194-WS·2026-D30-KFB-0002',
      '营〔2026〕3号',
      '市局营销中心',
      '关于网建考核的通知',
      '20260315',
      '内部',
      4,
      '',
    ]);
    expect(XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['封面'], { header: 1 })[2]).toEqual(['全宗号', '0194']);
  });

  it('neutralises a title that a spreadsheet would run as a formula', () => {
    t = testBackend();
    file(add({ title: '=HYPERLINK("http://x","点我")' }), 'D10');
    const x = t.call('archive.catalogueXlsx', { year: 2026, retention: 'D10' });
    const ws = XLSX.read(Buffer.from(x.base64, 'base64')).Sheets['目录'];
    expect(ws['E3'].f).toBeUndefined();
    expect(ws['E3'].v).toBe('\'=HYPERLINK("http://x","点我")');
  });

  it('lets an expired item be appraised out, keeping its 件号 and marking the catalogue', () => {
    t = testBackend();
    const old = add({ date: '2014-05-01' });
    file(old, 'D10'); // due 2025-01-01
    const recent = add({ date: '2024-05-01' });
    file(recent, 'D10'); // due 2035-01-01
    const early = t.result('archive.appraise', { id: recent, outcome: '销毁', reason: '到期', on: '2026-03-01' });
    expect(early.ok || early.error).toMatchObject({
      code: 'retention_not_expired',
      message: expect.stringContaining('2035-01-01'),
    });
    expect(
      t.call('archive.reminders', { asOf: '2026-03-01' }).retentionExpired.map((r: any) => [r.archiveNo, r.dueOn]),
    ).toEqual([['0194-WS·2014-D10-KFB-0001', '2025-01-01']]);
    t.call('archive.appraise', {
      id: old,
      outcome: '销毁',
      reason: '经鉴定小组鉴定，无继续保存价值',
      on: '2026-03-01',
    });
    expect(t.call('archive.reminders', { asOf: '2026-03-01' }).retentionExpired).toEqual([]);
    expect(t.call('archive.catalogue', { year: 2014, retention: 'D10' }).rows[0]).toMatchObject({
      archiveNo: '0194-WS·2014-D10-KFB-0001',
      remark: '2026-03-01 鉴定销毁',
    });
    const del = t.result('archive.delete', { id: old });
    expect(del.ok).toBe(false);
  });
});

describe('借阅 and 首页 reminders', () => {
  it('lends a paper original once at a time and lists it as overdue after its due day', () => {
    t = testBackend();
    const id = add();
    file(id, 'Y');
    const loan = t.call('archive.lend', {
      docId: id,
      borrower: '刘洋',
      lentOn: '2026-03-02',
      dueOn: '2026-03-09',
      purpose: '查阅',
    });
    const twice = t.result('archive.lend', { docId: id, borrower: '陈晨', dueOn: '2026-03-20', lentOn: '2026-03-03' });
    expect(twice.ok || twice.error).toMatchObject({
      code: 'already_on_loan',
      message: expect.stringContaining('刘洋'),
    });
    const backwards = t.result('archive.lend', {
      docId: add(),
      borrower: '陈晨',
      lentOn: '2026-03-10',
      dueOn: '2026-03-01',
    });
    expect(backwards.ok || backwards.error).toMatchObject({ code: 'invalid_loan_dates' });
    expect(t.call('archive.loans', { overdueOnly: true, asOf: '2026-03-09' }).loans).toEqual([]);
    const overdue = t.call('archive.reminders', { asOf: '2026-03-12' }).overdueLoans;
    expect(overdue.map((l: any) => [l.borrower, l.dueOn, l.daysOverdue])).toEqual([['刘洋', '2026-03-09', 3]]);
    t.call('archive.returnLoan', { loanId: loan.id, returnedOn: '2026-03-12' });
    expect(t.call('archive.reminders', { asOf: '2026-03-12' }).overdueLoans).toEqual([]);
    expect(t.call('archive.loans', {}).loans[0]).toMatchObject({ returnedOn: '2026-03-12', overdue: false });
  });

  it('lists 收文 past their 办理期限 until they are 办结', () => {
    t = testBackend();
    const a = add({ title: '甲', dueDate: '2026-03-10', handler: '张伟' });
    const b = add({ title: '乙', dueDate: '2026-03-05' });
    add({ title: '丙', dueDate: '2026-03-20' });
    add({ title: '丁' });
    const r = t.call('archive.reminders', { asOf: '2026-03-11' });
    expect(r.overdueTodo.map((x: any) => [x.title, x.daysOverdue])).toEqual([
      ['乙', 6],
      ['甲', 1],
    ]);
    // the register's 逾期 filter uses today's date: 乙 and 甲 are both long past due
    expect(
      t
        .call('archive.search', { overdue: true })
        .hits.map((h: any) => h.title)
        .sort(),
    ).toEqual(['乙', '丙', '甲'].sort());
    t.call('archive.setStatus', { id: b, status: '办结' });
    t.call('archive.setStatus', { id: a, status: '转交' });
    expect(t.call('archive.reminders', { asOf: '2026-03-11' }).overdueTodo.map((x: any) => x.title)).toEqual(['甲']);
  });
});

describe('archive CLI', () => {
  it('adds with a file, searches by two characters, files and writes the catalogue', async () => {
    const { runCli } = await import('../../../electron/cli');
    t = testBackend();
    t.close();
    const db = ['--db', t.dbPath];
    const pdf = path.join(import.meta.dirname, '../../fixtures/archive/notice.pdf');
    const add1 = runCli([
      'archive',
      'add',
      '--kind',
      '收文',
      '--title',
      '关于开展网建考核工作的通知',
      '--from',
      '市局',
      '--doc-no',
      '营〔2026〕3号',
      '--date',
      '2026-03-15',
      '--file',
      pdf,
      ...db,
    ]);
    expect(add1.code).toBe(0);
    expect(JSON.parse(add1.stdout)).toEqual({ id: 1, number: '收〔2026〕1号' });
    const missing = runCli(['archive', 'add', '--kind', '收文', '--title', 'x', '--file', '/nonexistent/a.pdf', ...db]);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('file_not_found');
    const badKind = runCli(['archive', 'add', '--kind', '请示', '--title', 'x', ...db]);
    expect(badKind.code).toBe(2);
    const s = runCli(['archive', 'search', '走访', '--limit', '5', ...db]); // only in the PDF's text
    expect(JSON.parse(s.stdout)).toEqual({
      total: 1,
      hits: [{ id: 1, number: '收〔2026〕1号', title: '关于开展网建考核工作的通知' }],
    });
    const f = runCli(['archive', 'file', '1', '--retention', 'D30', '--org', 'KFB', ...db]);
    expect(JSON.parse(f.stdout)).toEqual({ archiveNo: '0194-WS·2026-D30-KFB-0001' });
    const out = path.join(t.dir, '目录.xlsx');
    const c = runCli([
      'archive',
      'catalogue',
      '--year',
      '2026',
      '--retention',
      'D30',
      '--format',
      'xlsx',
      '--out',
      out,
      ...db,
    ]);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout).rows).toBe(1);
    const ws = XLSX.read(fs.readFileSync(out)).Sheets['目录'];
    expect(ws['B3'].v).toBe('0194-WS·2026-D30-KFB-0001');
    const j = runCli(['archive', 'catalogue', '--year', '2026', '--retention', 'D30', '--format', 'json', ...db]);
    expect(JSON.parse(j.stdout).rows[0]).toMatchObject({ seq: 1, docNo: '营〔2026〕3号', date: '20260315' });
    const badRet = runCli(['archive', 'file', '1', '--retention', 'D5', ...db]);
    expect(badRet.code).toBe(2);
    t = testBackend({ dbPath: t.dbPath, dataDir: t.dir });
  });
});
