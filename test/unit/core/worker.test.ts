import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startWorker, type WorkerClient } from '../../../electron/api/workerClient';
import type { JobEvent } from '../../../electron/api/define';
import { tempDir } from '../../helpers/backend';

const here = path.dirname(fileURLToPath(import.meta.url));
let client: WorkerClient;
let dbPath: string;

beforeAll(async () => {
  const dir = tempDir();
  dbPath = path.join(dir, 'w.db');
  client = await startWorker({
    dbPath,
    dataDir: dir,
    extraModulePaths: [path.join(here, 'fixtures', 'testModule.ts')],
  });
});
afterAll(async () => {
  await client.close();
});

function waitFor(jobId: string, type: JobEvent['type'], events: JobEvent[]): Promise<JobEvent> {
  return new Promise((resolve) => {
    const check = () => {
      const e = events.find((x) => x.jobId === jobId && x.type === type);
      if (e) resolve(e);
      else setTimeout(check, 5);
    };
    check();
  });
}

describe('the DB worker', () => {
  it('answers a ping while a long job runs, and the job finishes and commits', async () => {
    const events: JobEvent[] = [];
    const off = client.onJob((e) => events.push(e));
    const started = await client.call(
      'jobs.start',
      { name: 'test.slowWrite', input: { rows: 400, spinMs: 2 } },
      { via: 'test' },
    );
    expect(started.ok).toBe(true);
    const jobId = (started as { ok: true; value: { jobId: string } }).value.jobId;
    await waitFor(jobId, 'progress', events);
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = await client.call('system.ping', {}, { via: 'test' });
      latencies.push(performance.now() - t0);
      expect(r.ok).toBe(true);
    }
    // the job was still running while all five pings were answered
    expect(events.some((e) => e.jobId === jobId && e.type === 'done')).toBe(false);
    const done = await waitFor(jobId, 'done', events);
    expect((done as { result: unknown }).result).toEqual({ written: 400 });
    const progress = events.filter((e) => e.type === 'progress') as Extract<JobEvent, { type: 'progress' }>[];
    expect(progress[progress.length - 1].done).toBeLessThanOrEqual(400);
    expect(progress.some((p) => p.ratePerSec !== undefined)).toBe(true);
    off();
    const db = new Database(dbPath, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM test_rows').get() as { n: number }).n).toBe(400);
    db.close();
  });

  it('cancels a job with nothing written', async () => {
    const events: JobEvent[] = [];
    const off = client.onJob((e) => events.push(e));
    const db = new Database(dbPath, { readonly: true });
    const before = (db.prepare('SELECT COUNT(*) AS n FROM test_rows').get() as { n: number }).n;
    const started = await client.call(
      'jobs.start',
      { name: 'test.slowWrite', input: { rows: 100000, spinMs: 0.05 } },
      { via: 'test' },
    );
    const jobId = (started as { ok: true; value: { jobId: string } }).value.jobId;
    await waitFor(jobId, 'progress', events);
    const c = await client.call('jobs.cancel', { jobId }, { via: 'test' });
    expect(c).toEqual({ ok: true, value: { cancelled: true } });
    await waitFor(jobId, 'cancelled', events);
    expect(events.some((e) => e.jobId === jobId && e.type === 'done')).toBe(false);
    expect((db.prepare('SELECT COUNT(*) AS n FROM test_rows').get() as { n: number }).n).toBe(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    off();
  });

  it('refuses a job whose input fails its schema before starting anything', async () => {
    const r = await client.call('jobs.start', { name: 'test.slowWrite', input: { rows: -1 } }, { via: 'test' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('invalid_input');
    const u = await client.call('jobs.start', { name: 'no.such', input: {} }, { via: 'test' });
    expect(u.ok).toBe(false);
    if (!u.ok) expect(u.error.code).toBe('unknown_job');
  });
});

describe("the server's form of a call", () => {
  it('answers with the JSON bytes of the same Result, a refusal and a job start included', async () => {
    const decode = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
    for (const [method, input] of [
      ['settings.get', {}],
      ['masterdata.list', { entity: 'products' }],
      ['no.such', {}],
      ['settings.update', { unitName: 5 }],
    ] as const) {
      const r = await client.call(method, input, { via: 'test' });
      const bytes = await client.callJson(method, input, { via: 'test' });
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(decode(bytes), method).toEqual(JSON.parse(JSON.stringify(r)));
    }
    const started = decode(
      await client.callJson('jobs.start', { name: 'test.slowWrite', input: { rows: 3 } }, { via: 'test' }),
    );
    expect(started.ok).toBe(true);
    expect(typeof started.value.jobId).toBe('string');
  });
});
