/**
 * The heap limits of the threads (electron/api/spawn.ts): each kind of thread gets its own
 * limit, and a runaway allocation ends only its thread — a call answered as the Chinese
 * out_of_memory refusal with a fresh DB worker taking the next call, a job told as failed with
 * nothing written while the DB worker goes on answering.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startWorker, type WorkerClient } from '../../../electron/api/workerClient';
import { spawnWorker, THREAD_HEAP_MB, type ThreadKind } from '../../../electron/api/spawn';
import { ERROR_CODES, toErrorPayload } from '../../../electron/api/errors';
import type { JobEvent } from '../../../electron/api/define';
import { openDatabase } from '../../../electron/db/connection';
import { tempDir } from '../../helpers/backend';

const here = path.dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;

/** The heap_size_limit V8 reports inside a thread started as `kind` (optionally with heapMb). */
function limitOf(kind: ThreadKind | undefined, heapMb?: number): Promise<number> {
  const w = spawnWorker(path.join(here, 'fixtures', 'heapLimit.worker.ts'), kind ? { mode: kind } : {}, heapMb);
  return new Promise((resolve, reject) => {
    w.once('message', (n: number) => {
      void w.terminate();
      resolve(n);
    });
    w.once('error', reject);
  });
}

describe('heap limits of the threads', () => {
  it('gives each kind of thread its own old-generation limit, far below an unlimited thread', async () => {
    // heap_size_limit is the old generation plus the young generation's semi-spaces (a few MB
    // to a few tens of MB): it lies between the limit and the limit plus 64 MB.
    for (const kind of ['main', 'job', 'check'] as const) {
      const limit = await limitOf(kind);
      expect(limit, kind).toBeGreaterThanOrEqual(THREAD_HEAP_MB[kind] * MB);
      expect(limit, kind).toBeLessThan((THREAD_HEAP_MB[kind] + 64) * MB);
    }
    // a thread without a mode is held as a job is; a test's own figure replaces the table's
    expect(Math.abs((await limitOf(undefined)) - (await limitOf('job')))).toBeLessThan(64 * MB);
    const small = await limitOf('main', 96);
    expect(small).toBeGreaterThanOrEqual(96 * MB);
    expect(small).toBeLessThan(160 * MB);
    // this process, without a limit, may grow far beyond the DB worker's
    expect(v8.getHeapStatistics().heap_size_limit).toBeGreaterThan(THREAD_HEAP_MB.main * MB + 64 * MB);
  }, 180_000);

  it('answers a thread that ran out of heap, and SQLite out of memory, as the Chinese refusal', () => {
    const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), {
      code: 'ERR_WORKER_OUT_OF_MEMORY',
    });
    expect(toErrorPayload(oom)).toEqual({ code: 'out_of_memory', message: ERROR_CODES.out_of_memory });
    const nomem = Object.assign(new Error('out of memory'), { code: 'SQLITE_NOMEM' });
    expect(toErrorPayload(nomem)).toEqual({ code: 'out_of_memory', message: ERROR_CODES.out_of_memory });
    expect(ERROR_CODES.out_of_memory).toMatch(/内存/);
  });
});

describe('SQLite memory of a connection', () => {
  it('keeps at most 64 MB of page cache and maps no file into memory', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'c.db'));
    expect(db.pragma('cache_size', { simple: true })).toBe(-65536);
    expect(db.pragma('mmap_size', { simple: true })).toBe(0);
    db.close();
  });
});

describe('a runaway allocation', () => {
  let client: WorkerClient;
  let dbPath: string;
  beforeAll(async () => {
    const dir = tempDir();
    dbPath = path.join(dir, 'w.db');
    client = await startWorker({
      dbPath,
      dataDir: dir,
      extraModulePaths: [path.join(here, 'fixtures', 'testModule.ts')],
      heapMb: 128,
    });
  });
  afterAll(async () => {
    await client.close();
  });

  it('in a call ends only the DB worker: the call is refused in Chinese, a fresh worker answers the next', async () => {
    const before = await client.call('settings.get', {}, { via: 'test' });
    expect(before.ok).toBe(true);
    const r = await client.call('test.hog', {}, { via: 'test' });
    expect(r).toEqual({ ok: false, error: { code: 'out_of_memory', message: ERROR_CODES.out_of_memory } });
    // the replacement opens the same file: the same settings come back
    const after = await client.call('settings.get', {}, { via: 'test' });
    expect(after).toEqual(before);
    // the server's form of the call (the answer's JSON bytes) is answered the same way
    const bytes = await client.callJson('test.hog', {}, { via: 'test' });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual({
      ok: false,
      error: { code: 'out_of_memory', message: ERROR_CODES.out_of_memory },
    });
    const json = await client.callJson('settings.get', {}, { via: 'test' });
    expect(JSON.parse(new TextDecoder().decode(json))).toEqual(before);
  }, 240_000);

  it('in a job ends only its thread: the job fails in Chinese with nothing written, the worker keeps answering', async () => {
    const events: JobEvent[] = [];
    const off = client.onJob((e) => events.push(e));
    const started = await client.call('jobs.start', { name: 'test.hogJob', input: {} }, { via: 'test' });
    expect(started.ok).toBe(true);
    const jobId = (started as { ok: true; value: { jobId: string } }).value.jobId;
    const ended = await new Promise<JobEvent>((resolve) => {
      const check = () => {
        const e = events.find((x) => x.jobId === jobId && ['done', 'failed', 'cancelled'].includes(x.type));
        if (e) resolve(e);
        else setTimeout(check, 20);
      };
      check();
    });
    off();
    expect(ended).toEqual({
      jobId,
      name: 'test.hogJob',
      type: 'failed',
      error: { code: 'out_of_memory', message: ERROR_CODES.out_of_memory },
    });
    expect((await client.call('system.ping', {}, { via: 'test' })).ok).toBe(true);
    // the row the job wrote before running out was never committed (the table may not exist at all)
    const db = new Database(dbPath, { readonly: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'test_rows'").get();
    const rows = table ? (db.prepare('SELECT COUNT(*) FROM test_rows').pluck().get() as number) : 0;
    db.close();
    expect(rows).toBe(0);
  }, 120_000);
});
