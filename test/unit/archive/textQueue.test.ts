/**
 * Attachment text read after the write, on the extraction thread (the app's way): the write returns
 * while every file still says 正在提取, other calls are answered meanwhile, and the text becomes
 * searchable once read; the queue outlives a restart, a result for a file removed meanwhile is
 * dropped, a damaged file is kept with a Chinese reason, and a file that never finishes is given up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import Database from 'better-sqlite3';
import { Document, Packer, Paragraph } from 'docx';
import { testBackend, tempDir, type TestBackend } from '../../helpers/backend';
import { holdTextWorker } from '../../helpers/textWorker';
import type { JobEvent } from '../../../electron/api/define';
import { unreadableNotes } from '../../../common/attachmentText';
import { GAVE_UP, MAX_TRIES } from '../../../electron/domain/archive/textQueue';

const jobThreadScript = path.join(import.meta.dirname, '../../../electron/api/dbWorker.ts');
const b64 = (s: string | Buffer | Uint8Array) => Buffer.from(s).toString('base64');
const sha = (s: string | Buffer) => crypto.createHash('sha256').update(s).digest('hex');

const opened: TestBackend[] = [];
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
});

/** A backend that reads attachment text on the extraction thread, as the app does. */
function threaded(dir?: string): TestBackend {
  const t = testBackend({ jobMode: 'thread', jobThreadScript, ...(dir ? { dataDir: dir } : {}) });
  opened.push(t);
  return t;
}

/** Resolves with the event that says the queue has emptied (the pages reload on it). */
function queueEmptied(events: JobEvent[], from = 0): Promise<JobEvent> {
  return new Promise((resolve) => {
    const check = () => {
      const e = events.slice(from).find((x) => x.name === 'archive.extractText' && x.type === 'done');
      if (e) resolve(e);
      else setTimeout(check, 20);
    };
    check();
  });
}

function blobRows(dbPath: string): { sha256: string; text: string; status: string; error: string | null }[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db
      .prepare('SELECT sha256, text, text_status AS status, text_error AS error FROM archive_blobs ORDER BY sha256')
      .all() as { sha256: string; text: string; status: string; error: string | null }[];
  } finally {
    db.close();
  }
}

const badDocx = Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('word/document.xml'), Buffer.alloc(64, 1)]);

// A thread loading the TypeScript sources takes seconds on a busy machine.
describe('attachment text read on the extraction thread', { timeout: 120_000 }, () => {
  it('answers calls while a batch of 50 files is read, then finds their text; a damaged one gets its reason', async () => {
    const t = threaded();
    const pdf = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/archive/notice.pdf'));
    const docx = await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('卷烟品牌培育工作安排，请各线路落实。')] }] }),
    );
    const files = [
      { name: 'notice.pdf', contentBase64: b64(pdf) },
      { name: '培育.docx', contentBase64: b64(docx) },
      { name: '损坏.docx', contentBase64: b64(badDocx) },
      ...Array.from({ length: 47 }, (_, i) => ({
        name: `明细${i + 1}.txt`,
        contentBase64: b64(`第${i + 1}份附件正文：零售终端编码 Q${String(i + 1).padStart(3, '0')}X 的走访记录`),
      })),
    ];
    expect(files).toHaveLength(50);
    const r = t.call('archive.add', { kind: '收文', title: '一批附件', files });
    // The write has returned; no answer of the thread can have been taken in yet (this test has not
    // yielded), so every file still waits, and other calls are answered meanwhile.
    expect(r.attachments.map((a: any) => a.textStatus)).toEqual(Array(50).fill('正在提取'));
    expect(t.call('system.ping', {})).toBeTruthy();
    const pending = t.call('archive.get', { id: r.id });
    expect(pending.attachments.filter((a: any) => a.textStatus === '正在提取')).toHaveLength(50);
    const before = t.call('archive.search', { query: '一批附件' });
    expect(before.hits.map((h: any) => [h.id, h.attachments, h.extracting])).toEqual([[r.id, 50, 50]]);
    expect(t.call('archive.search', { query: 'Q017X' }).total).toBe(0);

    const done = await queueEmptied(t.events);
    expect(done).toMatchObject({ jobId: 'archive-text', result: { extracted: 50 } });
    const after = t.call('archive.get', { id: r.id }).attachments;
    const byName = new Map(after.map((a: any) => [a.name, a]));
    expect(after.filter((a: any) => a.textStatus === '已提取')).toHaveLength(49);
    expect(byName.get('损坏.docx')).toMatchObject({
      textStatus: '提取失败',
      textError: '文件已损坏或不是有效的Word 文档，读不出其中的文字',
    });
    expect(unreadableNotes(after)).toEqual([
      '附件“损坏.docx”的文字未能提取（文件已损坏或不是有效的Word 文档，读不出其中的文字），检索时找不到其中的内容',
    ]);
    // every file's own words, and the PDF's and the Word file's, are found now
    for (const q of ['Q017X', 'Q047X', '第47份', '培育', '走访']) {
      expect(
        t.call('archive.search', { query: q }).hits.map((h: any) => h.id),
        q,
      ).toEqual([r.id]);
    }
    expect(t.call('archive.search', { query: 'Q048X' }).total).toBe(0); // only 47 text files: Q001X…Q047X
    expect(t.call('archive.search', { query: '一批附件' }).hits[0].extracting).toBe(0);
  });

  it('takes up files left waiting when the backend starts again', async () => {
    const dir = tempDir();
    const a = threaded(dir);
    const texts = ['甲线路走访台账', '乙线路订货分析', '丙线路终端陈列'];
    const r = a.call('archive.add', {
      kind: '收文',
      title: '重启前登记',
      files: texts.map((x, i) => ({ name: `${i}.txt`, contentBase64: b64(x) })),
    });
    // closed before the thread could answer: the files are still marked as waiting in the file
    a.close();
    opened.splice(opened.indexOf(a), 1);
    expect(blobRows(a.dbPath).map((b) => [b.status, b.text])).toEqual(texts.map(() => ['正在提取', '']));

    const b = threaded(dir);
    await queueEmptied(b.events);
    expect(blobRows(b.dbPath).map((x) => [x.sha256, x.status, x.text])).toEqual(
      texts.map((x) => [sha(x), '已提取', x]).sort((p, q) => (p[0] < q[0] ? -1 : 1)),
    );
    expect(b.call('archive.search', { query: '订货' }).hits.map((h: any) => h.id)).toEqual([r.id]);
  });

  it('drops the text of a file removed while it was read, and reads it again when it is attached again', async () => {
    const t = threaded();
    // the first file goes to the thread at once; the other two wait behind it
    const gone = t.call('archive.add', {
      kind: '收文',
      title: '删除',
      files: [{ name: 'g.txt', contentBase64: b64('误登记的正文网格化') }],
    });
    const removed = t.call('archive.add', {
      kind: '收文',
      title: '移除附件',
      files: [{ name: 'r.txt', contentBase64: b64('移除的正文陈列奖励') }],
    });
    const kept = t.call('archive.add', {
      kind: '收文',
      title: '保留',
      files: [{ name: 'k.txt', contentBase64: b64('保留的正文卷烟') }],
    });
    expect(t.backend.extractingText()).toBe(true);
    // while the first file is being read its entry is deleted; the second file's attachment is removed
    t.call('archive.delete', { id: gone.id });
    t.call('archive.removeAttachment', { attachmentId: removed.attachments[0].id });
    await queueEmptied(t.events);
    const rows = new Map(blobRows(t.dbPath).map((b) => [b.sha256, b]));
    expect(rows.get(sha('保留的正文卷烟'))).toMatchObject({ status: '已提取', text: '保留的正文卷烟' });
    for (const x of ['误登记的正文网格化', '移除的正文陈列奖励'])
      expect(rows.get(sha(x))).toMatchObject({ status: '正在提取', text: '' });
    expect(t.call('archive.search', { query: '网格化' }).total).toBe(0);
    expect(t.call('archive.search', { query: '陈列奖励' }).total).toBe(0);
    expect(t.call('archive.search', { query: '卷烟' }).hits.map((h: any) => h.id)).toEqual([kept.id]);

    // the same content attached again is read for the new entry
    const from = t.events.length;
    const again = t.call('archive.add', {
      kind: '收文',
      title: '重新登记',
      files: [{ name: 'g2.txt', contentBase64: b64('误登记的正文网格化') }],
    });
    expect(again.attachments[0]).toMatchObject({ deduplicated: true, textStatus: '正在提取' });
    await queueEmptied(t.events, from);
    expect(t.call('archive.search', { query: '网格化' }).hits.map((h: any) => h.id)).toEqual([again.id]);
  });

  it(`gives a file up after ${MAX_TRIES} attempts that never finished, with a Chinese reason`, () => {
    const dir = tempDir();
    const a = testBackend({ dataDir: dir, jobMode: 'thread', jobThreadScript });
    a.call('archive.add', {
      kind: '收文',
      title: '读不完',
      files: [{ name: 'x.txt', contentBase64: b64('从未读完') }],
    });
    a.close();
    // as after three runs that each ended while this file was being read
    const db = new Database(a.dbPath);
    db.prepare('UPDATE archive_blobs SET text_tries = ?').run(MAX_TRIES);
    db.close();
    const b = testBackend({ dataDir: dir }); // inline: the waiting files are taken up at start
    opened.push(b);
    expect(blobRows(b.dbPath).map((x) => [x.status, x.error])).toEqual([['提取失败', GAVE_UP]]);
    const d = b.call('archive.search', { query: '读不完' }).hits[0];
    expect(unreadableNotes(b.call('archive.get', { id: d.id }).attachments)).toEqual([
      `附件“x.txt”的文字未能提取（${GAVE_UP}），检索时找不到其中的内容`,
    ]);
  });

  it('replaces a reader that hangs and gives the file up after the last attempt', async () => {
    // the text worker held for ever (the gate file never appears), in every thread started meanwhile
    const release = holdTextWorker(path.join(tempDir(), 'never'));
    try {
      const t = testBackend({ jobMode: 'thread', jobThreadScript, textExtractTimeoutMs: 5000 });
      opened.push(t);
      const pdf = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/archive/notice.pdf'));
      const r = t.call('archive.add', {
        kind: '收文',
        title: '读不完的文件',
        files: [{ name: 'notice.pdf', contentBase64: b64(pdf) }],
      });
      await queueEmptied(t.events);
      expect(t.call('archive.get', { id: r.id }).attachments[0]).toMatchObject({
        textStatus: '提取失败',
        textError: GAVE_UP,
      });
      const db = new Database(t.dbPath, { readonly: true });
      const row = db.prepare('SELECT text_tries AS n FROM archive_blobs').get() as { n: number };
      db.close();
      expect(row.n).toBe(MAX_TRIES);
      expect(t.call('archive.search', { query: '读不完' }).hits[0].extracting).toBe(0);
      // with the reader free again, the next file is read by a fresh thread
      fs.writeFileSync(process.env.WORKBENCH_TEXT_GATE!, '');
      const from = t.events.length;
      const next = t.call('archive.add', {
        kind: '收文',
        title: '下一件',
        files: [{ name: 'n.txt', contentBase64: b64('终端建设情况说明') }],
      });
      await queueEmptied(t.events, from);
      expect(t.call('archive.search', { query: '终端建设' }).hits.map((h: any) => h.id)).toEqual([next.id]);
    } finally {
      release();
    }
  });
});
