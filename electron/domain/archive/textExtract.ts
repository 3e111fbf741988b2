/**
 * What an attachment is (from its bytes, never from its name) and the text a
 * library can read out of it for search: PDF (unpdf), .docx (mammoth), .xlsx
 * and .xls (SheetJS), plain text (UTF-8 or GB18030). Nothing is ever executed.
 *
 * unpdf and mammoth only offer promises, while the callers are synchronous:
 * the extraction thread (textQueue.ts, one file at a time, outside any
 * transaction) and the CLI after its write has committed. Those two libraries
 * run in a short-lived worker thread and the caller blocks on an Atomics.wait
 * until the worker signals, then reads the answer with receiveMessageOnPort —
 * the same technique as `synckit`. Never called inside a write: the database
 * stays free while a file is parsed.
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import * as XLSX from 'xlsx';
import iconv from 'iconv-lite';
import { simplifyRadicals } from './search';
import { TYPE_LABELS, startsWith, type BlobType, type Extracted } from './blobTypes';
import { heapLimits } from '../../api/spawn';

export { PREVIEWABLE, TYPE_LABELS, hasReadableText, sniffType, type BlobType, type Extracted } from './blobTypes';

const MAX_TEXT = 2_000_000;
const WORKER_TIMEOUT_MS = 60_000;

/** A library's failure told in Chinese: our own reasons (提取超时…) as they are, any other as damage. */
function failureReason(type: BlobType, err: unknown): string {
  const m = err instanceof Error ? err.message : String(err ?? '');
  if (/[\u4e00-\u9fff]/.test(m)) return m;
  return `文件已损坏或不是有效的${TYPE_LABELS[type]}，读不出其中的文字`;
}

function decodeText(buf: Buffer): string {
  let b = buf;
  if (startsWith(b, [0xef, 0xbb, 0xbf])) b = b.subarray(3);
  if (startsWith(b, [0xff, 0xfe])) return b.subarray(2).toString('utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return iconv.decode(b, 'gb18030');
  }
}

function sheetText(buf: Buffer): string {
  const wb = XLSX.read(buf, { type: 'buffer', cellFormula: false, cellHTML: false, cellStyles: false, bookVBA: false });
  return wb.SheetNames.map((n) => n + '\n' + XLSX.utils.sheet_to_csv(wb.Sheets[n], { blankrows: false })).join('\n');
}

/** The bundled worker beside the bundle (dist-electron/), else the source beside this file. */
function workerScript(): string {
  if (process.env.WORKBENCH_TEXT_WORKER) return process.env.WORKBENCH_TEXT_WORKER;
  const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'textExtractWorker.cjs');
  return fs.existsSync(bundled) ? bundled : path.join(here, 'textExtractWorker.mjs');
}

/** Runs the async extractor in a worker thread and waits for it synchronously. */
function extractInWorker(type: 'pdf' | 'docx', buf: Buffer): { text: string; pages?: number } {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  const worker = new Worker(workerScript(), {
    workerData: { port: port2, signal, type, bytes },
    transferList: [port2, bytes],
    stdout: true,
    stderr: true,
    resourceLimits: heapLimits('parser'),
  });
  try {
    const r = Atomics.wait(signal, 0, 0, WORKER_TIMEOUT_MS);
    if (r === 'timed-out') throw new Error(`提取超时（超过 ${WORKER_TIMEOUT_MS / 1000} 秒）`);
    const msg = receiveMessageOnPort(port1)?.message as
      { ok: boolean; text?: string; pages?: number; message?: string } | undefined;
    if (!msg) throw new Error('提取进程没有返回结果');
    if (!msg.ok) throw new Error(msg.message);
    return { text: msg.text ?? '', pages: msg.pages };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Tidies extracted text: one space for runs of blanks, at most one empty line. */
function tidy(text: string): string {
  return (
    text
      // PDFs often map 网/工/户 to look-alike Kangxi radicals (⽹ U+2F79); NFKC folds them back.
      .replace(/[\u2e80-\u2fdf]/g, (c) => simplifyRadicals(c.normalize('NFKC')))
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t\u3000]+/g, ' ')
      .replace(/\n\s*\n+/g, '\n')
      .trim()
      .slice(0, MAX_TEXT)
  );
}

export function extractText(type: BlobType, buf: Buffer): Extracted {
  try {
    let text: string;
    let pages: number | undefined;
    switch (type) {
      case 'pdf':
      case 'docx': {
        const r = extractInWorker(type, buf);
        text = r.text;
        pages = r.pages;
        break;
      }
      case 'xlsx':
      case 'ole': // .xls / .et; a .doc or .wps in the same container has no sheets and fails here
        text = sheetText(buf);
        break;
      case 'text':
        text = decodeText(buf);
        break;
      default:
        return { text: '', status: '不支持' };
    }
    const t = tidy(text);
    return { text: t, status: t ? '已提取' : '无文本', pages };
  } catch (err) {
    return { text: '', status: type === 'ole' ? '不支持' : '提取失败', error: failureReason(type, err) };
  }
}
