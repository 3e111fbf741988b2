/**
 * A real backend on a temporary SQLite file, in-process, for unit tests.
 * `call` throws the AppError a method refused with; `result` returns the Result.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackend, type BackendOptions } from '../../electron/api/backend';
import { AppError, type ErrorPayload } from '../../electron/api/errors';

/** A Result whose fields tests may read without narrowing first. */
export type LooseResult = { ok: boolean; value?: any; error?: ErrorPayload };
import type { JobEvent } from '../../electron/api/define';

export interface TestBackend {
  dir: string;
  dbPath: string;
  backend: ReturnType<typeof createBackend>;
  call<T = any>(method: string, input?: unknown, meta?: { token?: string; via?: string }): T;
  result(method: string, input?: unknown, meta?: { token?: string; via?: string }): LooseResult;
  /** runs a job inline and returns its end event */
  job(name: string, input?: unknown, meta?: { token?: string; via?: string }): JobEvent;
  events: JobEvent[];
  close(): void;
}

/** The AppError `fn` throws; fails the test when it throws none. */
export function refused(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a refusal');
}

export function tempDir(prefix = 'wb-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testBackend(opts: Partial<BackendOptions> = {}): TestBackend {
  const dir = opts.dataDir ?? tempDir();
  const dbPath = opts.dbPath ?? path.join(dir, 'workbench.db');
  const events: JobEvent[] = [];
  const backend = createBackend({
    dbPath,
    dataDir: dir,
    jobMode: 'inline',
    log: () => {},
    onJobEvent: (e) => events.push(e),
    ...opts,
  });
  // In-process callers are the CLI's kind (free file paths allowed); pass via 'http' or 'ipc' to call as the page.
  const result = (method: string, input?: unknown, meta?: { token?: string; via?: string }): LooseResult =>
    backend.call(method, input ?? {}, { via: meta?.via ?? 'cli', token: meta?.token });
  return {
    dir,
    dbPath,
    backend,
    events,
    result,
    call(method, input, meta) {
      const r = result(method, input, meta);
      if (!r.ok) throw AppError.fromPayload(r.error!);
      return r.value as any;
    },
    job(name, input, meta) {
      events.length = 0;
      const r = result('jobs.start', { name, input: input ?? {} }, meta);
      if (!r.ok) throw AppError.fromPayload(r.error!);
      const end = events.find((e) => e.type === 'done' || e.type === 'failed' || e.type === 'cancelled');
      if (!end) throw new Error('job did not end');
      return end;
    },
    close() {
      backend.close();
    },
  };
}
