/**
 * Reading attachment text after the write (the queue is in the database, see
 * domain/archive/textQueue.ts). With job threads (the app, browser mode) one extraction
 * thread — the job-thread script in mode 'extract', started like the daily backup's — parses
 * one file at a time with no connection of its own; its answer is written here, by the
 * connection's owner, in one short transaction, so calls keep being answered while a batch
 * is read. Inline (CLI, tests) the files are read right after the write, before the call returns.
 *
 * Progress goes out as job events named 'archive.extractText' (jobId 'archive-text'), so the
 * pages showing 「正在提取文字」 reload when the text is in.
 */
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { JobEvent } from './define';
import { spawnWorker } from './spawn';
import {
  claimWaiting,
  extractAllWaiting,
  nextWaiting,
  saveExtracted,
  waitingCount,
  type Extracted,
} from '../domain/archive';

export const EXTRACT_JOB = { jobId: 'archive-text', name: 'archive.extractText' } as const;

export interface TextExtractionOptions {
  db: () => Database;
  dataDir: string;
  /** the job-thread script (thread mode); null: read inline */
  threadScript: string | null;
  log: (line: string) => void;
  emit: (e: JobEvent) => void;
  /** a file not answered within this time is given up for this attempt (the thread is replaced) */
  timeoutMs?: number;
  /** an idle thread is ended after this long */
  idleMs?: number;
}

export function createTextExtraction(o: TextExtractionOptions) {
  const timeoutMs = o.timeoutMs ?? 180_000;
  const idleMs = o.idleMs ?? 60_000;
  let thread: Worker | null = null;
  let current: { sha256: string; timer: NodeJS.Timeout } | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;
  /** files read since the queue was last empty, and whether any was started */
  let done = 0;
  let active = false;
  let lastProgress = 0;

  function endThread(): void {
    const t = thread;
    thread = null;
    if (t) void t.terminate();
  }

  function getThread(): Worker {
    if (thread) return thread;
    const t = spawnWorker(o.threadScript!, { mode: 'extract' });
    t.unref();
    t.on('message', (m: { sha256: string; result: Extracted }) => {
      if (thread !== t || !current || current.sha256 !== m.sha256) return;
      finish(() => saveExtracted(o.db(), m.sha256, m.result));
    });
    const lost = (why: string) => {
      if (thread !== t) return;
      thread = null;
      if (!current) return;
      // The attempt stays counted: the file is tried again, at most MAX_TRIES times in all.
      o.log(`[archive] text extraction thread ended while reading ${current.sha256}: ${why}`);
      finish(() => null);
    };
    t.on('error', (err) => lost(err.message));
    t.on('exit', (code) => lost(`exit ${code}`));
    thread = t;
    return t;
  }

  function finish(save: () => number[] | null): void {
    clearTimeout(current!.timer);
    current = null;
    if (closed) return;
    try {
      if (save()) done++;
    } catch (err) {
      o.log(`[archive] saving extracted text failed: ${(err as Error).message}`);
    }
    kick();
  }

  function announce(remaining: number): void {
    const now = Date.now();
    if (remaining === 0) {
      o.emit({ ...EXTRACT_JOB, type: 'done', result: { extracted: done } });
      done = 0;
      active = false;
      lastProgress = 0;
    } else if (now - lastProgress > 1000) {
      lastProgress = now;
      o.emit({ ...EXTRACT_JOB, type: 'progress', done, total: done + remaining, message: '正在提取附件文字' });
    }
  }

  /** Looks for waiting files and starts on the next one (thread mode), or reads them all now (inline). */
  function kick(): void {
    if (closed || current) return;
    const db = o.db();
    try {
      if (!o.threadScript) {
        extractAllWaiting(db, o.dataDir);
        return;
      }
      for (let next = nextWaiting(db, o.dataDir); next; next = nextWaiting(db, o.dataDir)) {
        if (!claimWaiting(db, next.sha256)) {
          active = true; // given up after MAX_TRIES: now 提取失败, which the pages are told
          continue;
        }
        if (idleTimer) clearTimeout(idleTimer);
        idleTimer = null;
        const sha256 = next.sha256;
        const timer = setTimeout(() => {
          if (current?.sha256 !== sha256) return;
          o.log(`[archive] text extraction of ${sha256} took longer than ${timeoutMs / 1000} s`);
          const t = thread;
          thread = null;
          void t?.terminate();
          finish(() => null);
        }, timeoutMs);
        timer.unref();
        current = { sha256, timer };
        active = true;
        getThread().postMessage(next);
        announce(waitingCount(db));
        return;
      }
      if (active) announce(0);
      if (thread && !idleTimer) {
        idleTimer = setTimeout(() => {
          idleTimer = null;
          if (!current) endThread();
        }, idleMs);
        idleTimer.unref();
      }
    } catch (err) {
      o.log(`[archive] text extraction: ${(err as Error).message}`);
    }
  }

  return {
    kick,
    /** true while a file is being read on the thread */
    busy: () => current !== null,
    close(): void {
      closed = true;
      if (current) clearTimeout(current.timer);
      current = null;
      if (idleTimer) clearTimeout(idleTimer);
      endThread();
    },
  };
}
