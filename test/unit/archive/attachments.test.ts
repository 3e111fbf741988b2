import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import * as XLSX from 'xlsx';
import Database from 'better-sqlite3';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { unreadableNotes } from '../../../common/attachmentText';

let t: TestBackend;
afterEach(() => t?.close());

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const sha = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');
/** every file under a folder, relative paths */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

describe('attachments', () => {
  it('stores identical content once, under its SHA-256, for two documents', () => {
    t = testBackend();
    const content = '关于网建考核的说明\n第一条……';
    const a = t.call('archive.add', {
      kind: '收文',
      title: '甲',
      files: [{ name: '说明.txt', contentBase64: b64(content) }],
    });
    const b = t.call('archive.add', {
      kind: '收文',
      title: '乙',
      files: [{ name: '说明（副本）.txt', contentBase64: b64(content) }],
    });
    // the write stores the file and returns before its text is read; inline, the text is read
    // once the write has committed, so the second add finds it read already
    expect(a.attachments[0]).toMatchObject({
      sha256: sha(content),
      deduplicated: false,
      type: 'text',
      textStatus: '正在提取',
    });
    expect(b.attachments[0]).toMatchObject({
      sha256: sha(content),
      deduplicated: true,
      name: '说明（副本）.txt',
      textStatus: '已提取',
    });
    expect(t.call('archive.get', { id: a.id }).attachments[0]).toMatchObject({ textStatus: '已提取', textError: null });
    const h = sha(content);
    expect(filesUnder(path.join(t.dir, 'attachments'))).toEqual([path.join(h.slice(0, 2), h)]);
    expect(fs.readFileSync(path.join(t.dir, 'attachments', h.slice(0, 2), h), 'utf8')).toBe(content);
    expect((t.backend.db.prepare('SELECT count(*) AS n FROM archive_blobs').get() as { n: number }).n).toBe(1);
    expect((t.backend.db.prepare('SELECT count(*) AS n FROM archive_attachments').get() as { n: number }).n).toBe(2);
  });

  it('stores files with hostile names safely inside the attachments folder', () => {
    t = testBackend();
    const names = [
      '../../x',
      '..\\..\\evil.bat',
      'CON',
      'NUL.txt',
      'aux',
      '名'.repeat(3000) + '.pdf',
      '/etc/passwd',
      'a\u0000b',
    ];
    const files = names.map((n, i) => ({ name: n, contentBase64: b64(`内容${i}`) }));
    const r = t.call('archive.add', { kind: '收文', title: '恶意文件名', files });
    const stored = r.attachments.map((a: { name: string }) => a.name);
    expect(stored.slice(0, 5)).toEqual(['___.._x', '___.._evil.bat', '_CON', '_NUL.txt', '_aux']);
    expect([...stored[5]].length).toBe(200);
    expect(stored[6]).toBe('_etc_passwd');
    expect(stored[7]).toBe('ab');
    // every file is under attachments/<aa>/<sha256>; nothing was written beside or above the data folder
    const expected = names
      .map((_, i) => sha(`内容${i}`))
      .map((h) => path.join(h.slice(0, 2), h))
      .sort();
    expect(filesUnder(path.join(t.dir, 'attachments'))).toEqual(expected);
    expect(fs.existsSync(path.join(t.dir, '..', 'x'))).toBe(false);
    expect(fs.readdirSync(t.dir).sort()).toEqual(
      ['attachments', 'workbench.db', 'workbench.db-shm', 'workbench.db-wal'].filter((f) =>
        fs.existsSync(path.join(t.dir, f)),
      ),
    );
    // the content comes back intact through the API
    const back = t.call('archive.attachment', { attachmentId: r.attachments[0].id });
    expect(Buffer.from(back.base64, 'base64').toString()).toBe('内容0');
  });

  it('refuses a file above the size limit in Settings and keeps nothing of the entry', () => {
    t = testBackend();
    t.call('settings.update', { attachmentMaxMb: 1 });
    const big = Buffer.alloc(1024 * 1024 + 1, 0x41);
    const r = t.result('archive.add', {
      kind: '收文',
      title: '大文件',
      files: [{ name: 'big.txt', contentBase64: b64(big) }],
    });
    expect(r.ok || r.error).toMatchObject({
      code: 'attachment_too_large',
      message: expect.stringContaining('超过设置的上限 1 MB'),
    });
    expect((t.backend.db.prepare('SELECT count(*) AS n FROM archive_docs').get() as { n: number }).n).toBe(0);
    expect(filesUnder(path.join(t.dir, 'attachments'))).toEqual([]);
    // the number was not consumed either: the transaction rolled back
    expect(t.call('archive.add', { kind: '收文', title: '下一件' }).number).toMatch(/〕1号$/);
  });

  it('refuses content that is not base64, and an empty file', () => {
    t = testBackend();
    const { id } = t.call('archive.add', { kind: '收文', title: '甲' });
    const bad = t.result('archive.attach', { docId: id, files: [{ name: 'x.pdf', contentBase64: '这不是base64' }] });
    expect(bad.ok || bad.error).toMatchObject({ code: 'unknown_attachment' });
    const empty = t.result('archive.attach', { docId: id, files: [{ name: 'x.pdf', contentBase64: '' }] });
    expect(empty.ok).toBe(false);
  });

  it('recognises a file by its bytes, not its name, and offers previews only for PDF and images', () => {
    t = testBackend();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const pdf = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/archive/notice.pdf'));
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100, 0)]);
    const { id } = t.call('archive.add', {
      kind: '收文',
      title: '类型',
      files: [
        { name: '照片.txt', contentBase64: b64(png) },
        { name: 'readme.pdf.exe', contentBase64: b64(pdf) },
        { name: '通知.pdf', contentBase64: b64(exe) },
      ],
    });
    const d = t.call('archive.get', { id });
    expect(d.attachments.map((a: any) => [a.type, a.previewMime, a.textStatus])).toEqual([
      ['png', 'image/png', '不支持'],
      ['pdf', 'application/pdf', '已提取'],
      ['binary', null, '不支持'],
    ]);
  });

  it('keeps a damaged PDF or Word file as an attachment without text instead of refusing it', () => {
    t = testBackend();
    const badPdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x20), Buffer.from('garbage')]);
    const badDocx = Buffer.concat([
      Buffer.from('504b0304', 'hex'),
      Buffer.from('word/document.xml'),
      Buffer.alloc(100, 1),
    ]);
    const r = t.call('archive.add', {
      kind: '收文',
      title: '损坏的附件',
      files: [
        { name: '坏.pdf', contentBase64: b64(badPdf) },
        { name: '坏.docx', contentBase64: b64(badDocx) },
      ],
    });
    expect(r.attachments.map((a: any) => [a.type, a.textStatus])).toEqual([
      ['pdf', '正在提取'],
      ['docx', '正在提取'],
    ]);
    expect(t.call('archive.search', { query: '损坏' }).total).toBe(1);
    // The failure is kept with a Chinese reason, shown with the entry and as a note.
    const got = t.call('archive.get', { id: r.id }).attachments;
    expect(got.map((a: any) => [a.type, a.textStatus, a.textError])).toEqual([
      ['pdf', '提取失败', '文件已损坏或不是有效的PDF，读不出其中的文字'],
      ['docx', '提取失败', '文件已损坏或不是有效的Word 文档，读不出其中的文字'],
    ]);
    expect(unreadableNotes(got)).toEqual([
      '附件“坏.pdf”的文字未能提取（文件已损坏或不是有效的PDF，读不出其中的文字），检索时找不到其中的内容',
      '附件“坏.docx”的文字未能提取（文件已损坏或不是有效的Word 文档，读不出其中的文字），检索时找不到其中的内容',
    ]);
    // a second entry with the same damaged file is not read again: it says the same at once
    const again = t.call('archive.add', {
      kind: '收文',
      title: '再次附上',
      files: [{ name: '坏（副本）.pdf', contentBase64: b64(badPdf) }],
    });
    expect(again.attachments[0]).toMatchObject({
      textStatus: '提取失败',
      textError: '文件已损坏或不是有效的PDF，读不出其中的文字',
      deduplicated: true,
    });
    const db = new Database(t.dbPath, { readonly: true });
    const tries = db.prepare('SELECT text_tries AS n FROM archive_blobs WHERE sha256 = ?').get(sha(badPdf)) as {
      n: number;
    };
    db.close();
    expect(tries.n).toBe(1);
  });

  it('reads the text of an old .xls workbook', () => {
    t = testBackend();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['品规', '上柜率'],
        ['黄鹤楼（硬红）', 0.87],
      ]),
      '上柜',
    );
    const xls = XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer;
    const r = t.call('archive.add', {
      kind: '收文',
      title: '旧格式表格',
      files: [{ name: '上柜.xls', contentBase64: b64(xls) }],
    });
    expect(t.call('archive.get', { id: r.id }).attachments[0]).toMatchObject({ type: 'ole', textStatus: '已提取' });
    expect(t.call('archive.search', { query: '黄鹤楼' }).total).toBe(1);
  });

  it('detects an attachment file changed on disk', () => {
    t = testBackend();
    const r = t.call('archive.add', {
      kind: '收文',
      title: '甲',
      files: [{ name: 'a.txt', contentBase64: b64('原文') }],
    });
    const h = sha('原文');
    fs.writeFileSync(path.join(t.dir, 'attachments', h.slice(0, 2), h), '篡改');
    const back = t.result('archive.attachment', { attachmentId: r.attachments[0].id });
    expect(back.ok || back.error).toMatchObject({ code: 'attachment_damaged' });
  });

  it('refuses removing an attachment of a filed item', () => {
    t = testBackend();
    const r = t.call('archive.add', {
      kind: '收文',
      title: '甲',
      files: [{ name: 'a.txt', contentBase64: b64('正文') }],
    });
    t.call('archive.file', { id: r.id, retention: 'Y' });
    const rm = t.result('archive.removeAttachment', { attachmentId: r.attachments[0].id });
    expect(rm.ok || rm.error).toMatchObject({ code: 'filed_item_locked' });
  });
});
