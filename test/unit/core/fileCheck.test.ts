/**
 * The full check of the database file and its kept outcome (system.fileCheck): not started,
 * running, passed, failed with the reason and the newest sound backup — on a really damaged
 * file (a copy of a test database with data pages overwritten), in-process (the CLI's way) and
 * on the DB worker (the app's way: the check runs on a thread after the first screen).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkIntegrity } from '../../../electron/db/connection';
import { startWorker } from '../../../electron/api/workerClient';
import type { FileCheck } from '../../../electron/api/define';
import { tempDir, testBackend } from '../../helpers/backend';
import { damagePages, filledDb } from '../../helpers/damagedDb';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * A sound test database with a backup in its backup folder, and a damaged copy of it in a
 * folder of its own with the same backup: { sound, damaged, backup (of the damaged copy) }.
 */
function damagedCopy() {
  const src = tempDir();
  const dir = tempDir();
  dirs.push(src, dir);
  const sound = filledDb(path.join(src, 'workbench.db'));
  const backup = path.join(dir, 'backups', '自动备份-2026-12-01.db');
  const t = testBackend({ dbPath: sound, dataDir: src });
  t.call('settings.update', { unitName: '备份里的单位' });
  t.call('system.backupNow', { out: backup });
  t.close();
  const damaged = path.join(dir, 'workbench.db');
  fs.copyFileSync(sound, damaged);
  damagePages(damaged);
  return { sound, damaged, dir, backup };
}

describe('the file check in-process (the CLI and tests)', () => {
  it('is not started at open, passes when asked on a sound file, and keeps its outcome', () => {
    const t = testBackend();
    dirs.push(t.dir);
    try {
      expect(t.call('system.fileCheck')).toEqual({ state: 'notStarted', scheduled: false });
      const passed = t.call('system.fileCheck', { run: true }) as Extract<FileCheck, { state: 'passed' }>;
      expect(passed).toMatchObject({ state: 'passed', by: 'check' });
      expect(passed.startedAt).toMatch(iso);
      expect(passed.finishedAt).toMatch(iso);
      expect(Date.parse(passed.finishedAt)).toBeGreaterThanOrEqual(Date.parse(passed.startedAt));
      // asked again (with or without run): the kept outcome, not a second check
      expect(t.call('system.fileCheck')).toEqual(passed);
      expect(t.call('system.fileCheck', { run: true })).toEqual(passed);
      expect(t.result('system.fileCheck', { run: 'yes' }).error?.code).toBe('invalid_input');
      expect(t.result('system.fileCheck', { extra: 1 }).error?.code).toBe('invalid_input');
    } finally {
      t.close();
    }
  });

  it('opens a damaged file reading only its header and schema; the check fails with the reason, what quick_check said and the newest backup', () => {
    const { damaged, dir, backup } = damagedCopy();
    const said = checkIntegrity(damaged);
    expect(said).not.toBe('ok');
    const before = sha(damaged);
    const t = testBackend({ dbPath: damaged, dataDir: dir });
    try {
      // the open reads the settings page, not the damaged filler pages
      expect(t.call('settings.get').unitName).toBe('备份里的单位');
      expect(t.call('system.fileCheck')).toEqual({ state: 'notStarted', scheduled: false });
      const failed = t.call('system.fileCheck', { run: true }) as Extract<FileCheck, { state: 'failed' }>;
      expect(failed.state).toBe('failed');
      expect(failed.detail).toBe(said);
      expect(failed.reason).toBe(`数据库文件已损坏（完整性检查未通过）。可以从最近的备份恢复：${backup}`);
      expect(failed.newestBackup).toBe(backup);
      expect(failed.startedAt).toMatch(iso);
      expect(Date.parse(failed.finishedAt)).toBeGreaterThanOrEqual(Date.parse(failed.startedAt));

      // a backup of the damaged file is refused, and nothing is written
      const refused = t.result('system.backupNow', {});
      expect(refused.error?.code).toBe('db_corrupt');
      expect(refused.error?.message).toBe(
        `数据库文件已损坏（完整性检查未通过），不做备份，以免损坏的文件顶替完好的备份；未写入任何文件。可以从最近的备份恢复：${backup}`,
      );
      expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(['自动备份-2026-12-01.db']);
      expect(sha(damaged)).toBe(before);

      // the page may restore the backup the check named, and the outcome becomes passed (by the restore)
      const r = t.call('system.restore', { file: backup }, { via: 'http' });
      expect(sha(r.keptAs)).toBe(before);
      const after = t.call('system.fileCheck') as Extract<FileCheck, { state: 'passed' }>;
      expect(after).toMatchObject({ state: 'passed', by: 'restore' });
      expect(checkIntegrity(damaged)).toBe('ok');
      expect(t.call('settings.get').unitName).toBe('备份里的单位');
      // now a backup goes through
      expect(fs.existsSync(t.call('system.backupNow', {}).file)).toBe(true);
    } finally {
      t.close();
    }
  });

  it('a damaged file with no backup: failed, no backup named, and the page may not name a free path to restore', () => {
    const { damaged, dir } = damagedCopy();
    fs.rmSync(path.join(dir, 'backups'), { recursive: true });
    const t = testBackend({ dbPath: damaged, dataDir: dir });
    try {
      const failed = t.call('system.fileCheck', { run: true }) as Extract<FileCheck, { state: 'failed' }>;
      expect(failed.newestBackup).toBeNull();
      expect(failed.reason).toContain('没有找到可用的备份，请联系信息管理员。');
      const outside = path.join(tempDir(), 'x.db');
      expect(t.result('system.restore', { file: outside }, { via: 'http' }).error?.code).toBe('path_refused');
    } finally {
      t.close();
    }
  });
});

describe('the file check on the DB worker (the app and browser mode)', () => {
  async function statesUntilEnd(client: Awaited<ReturnType<typeof startWorker>>): Promise<FileCheck[]> {
    const seen: FileCheck[] = [];
    for (;;) {
      const r = await client.call('system.fileCheck', {}, { via: 'http' });
      if (!r.ok) throw new Error(r.error.message);
      const s = r.value as FileCheck;
      if (seen.at(-1)?.state !== s.state) seen.push(s);
      if (s.state === 'passed' || s.state === 'failed') return seen;
      await new Promise((res) => setTimeout(res, 5));
    }
  }

  it('is scheduled after the open, runs on its own thread, and fails on a damaged file', async () => {
    const { damaged, dir, backup } = damagedCopy();
    const later = await startWorker({ dbPath: damaged, dataDir: dir, integrityCheckDelayMs: 600_000 });
    try {
      const r = await later.call('system.fileCheck', {}, { via: 'http' });
      expect(r).toEqual({ ok: true, value: { state: 'notStarted', scheduled: true } });
    } finally {
      await later.close();
    }
    const client = await startWorker({ dbPath: damaged, dataDir: dir, integrityCheckDelayMs: 0 });
    try {
      // polled from as soon as the worker is ready: the check thread takes a while to load
      const seen = await statesUntilEnd(client);
      const states = seen.map((s) => s.state);
      expect(states.at(-1)).toBe('failed');
      expect(states).toContain('running');
      expect((['notStarted', 'running', 'failed'] as const).filter((s) => states.includes(s))).toEqual(states);
      const failed = seen.at(-1) as Extract<FileCheck, { state: 'failed' }>;
      const running = seen.find((s) => s.state === 'running') as Extract<FileCheck, { state: 'running' }>;
      expect(failed.startedAt).toBe(running.startedAt);
      expect(failed.detail).toBe(checkIntegrity(damaged));
      expect(failed.newestBackup).toBe(backup);
    } finally {
      await client.close();
    }
  }, 60_000);

  it('passes on a sound file', async () => {
    const { sound } = damagedCopy();
    const client = await startWorker({ dbPath: sound, dataDir: path.dirname(sound), integrityCheckDelayMs: 0 });
    try {
      const r = await client.call('system.fileCheck', {}, { via: 'http' });
      expect(r.ok).toBe(true);
      let s = (r as { value: FileCheck }).value;
      while (s.state !== 'passed' && s.state !== 'failed') {
        await new Promise((res) => setTimeout(res, 5));
        s = ((await client.call('system.fileCheck', {}, { via: 'http' })) as { value: FileCheck }).value;
      }
      expect(s).toMatchObject({ state: 'passed', by: 'check' });
    } finally {
      await client.close();
    }
    // the check only read the file
    const db = new Database(sound, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(2000);
    db.close();
  }, 60_000);

  it('重新检查 (system.recheckFile) runs the whole check again on its own thread, answering meanwhile', async () => {
    const { sound, damaged, dir } = damagedCopy();
    const offset = fs.statSync(damaged).size - 8192 * 3;
    const client = await startWorker({ dbPath: damaged, dataDir: dir, integrityCheckDelayMs: 0 });
    const events: string[] = [];
    client.onJob((e) => events.push(`${e.name} ${e.type}`));
    try {
      const first = (await statesUntilEnd(client)).at(-1) as Extract<FileCheck, { state: 'failed' }>;
      expect(first.state).toBe('failed');
      expect(events).toEqual(['system.integrityCheck failed']);
      // mended: the sound copy's bytes put back under the worker
      const fd = fs.openSync(damaged, 'r+');
      fs.writeSync(fd, fs.readFileSync(sound).subarray(offset, offset + 8192), 0, 8192, offset);
      fs.closeSync(fd);
      const asked = await client.call('system.recheckFile', {}, { via: 'http' });
      expect(asked).toMatchObject({ ok: true, value: { state: 'running' } });
      // the worker answers while the check runs on its thread
      expect(await client.call('system.ping', {}, { via: 'http' })).toMatchObject({ ok: true });
      const again = (await statesUntilEnd(client)).at(-1) as Extract<FileCheck, { state: 'passed' }>;
      expect(again).toMatchObject({ state: 'passed', by: 'check' });
      expect(Date.parse(again.startedAt)).toBeGreaterThanOrEqual(Date.parse(first.finishedAt));
      // asked for from the page: no event (the desktop window puts no dialog over the notice)
      expect(events).toEqual(['system.integrityCheck failed']);
      // damaged again: the next recheck fails with the reason and the backup
      damagePages(damaged, offset);
      await client.call('system.recheckFile', {}, { via: 'http' });
      const third = (await statesUntilEnd(client)).at(-1) as Extract<FileCheck, { state: 'failed' }>;
      expect(third.state).toBe('failed');
      expect(third.detail).toBe(checkIntegrity(damaged));
      expect(third.newestBackup).not.toBeNull();
    } finally {
      await client.close();
    }
  }, 60_000);
});
