/**
 * Fault suite for backup and restore (issue: never lose a clerk's data). Each case
 * does what broke the database before — restore while a server holds the file, a
 * backup from a newer version, a backup onto the live file, a backup killed midway,
 * a full disk — and checks that nothing acknowledged or already backed up is lost.
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../electron/cli';
import { openDatabase } from '../../../electron/db/connection';
import { listBackups, newestBackup, recoveryBackupDirs, restoreDatabase } from '../../../electron/db/backup';
import { latestVersion } from '../../../electron/db/migrate';
import { AppError } from '../../../electron/api/errors';
import { tempDir, testBackend } from '../../helpers/backend';
import { startWorker } from '../../../electron/api/workerClient';
import type { JobEvent } from '../../../electron/api/define';
import { ROOT, startServerProcess, type ServerProcess } from '../../helpers/server';
import { damagePages } from '../../helpers/damagedDb';

/** Temporary folders of this file (some hold tens of MB), removed when it ends. */
const scratchDirs: string[] = [];
function scratch(): string {
  const d = tempDir();
  scratchDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of scratchDirs) fs.rmSync(d, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function titles(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT title FROM archive_docs ORDER BY id').all() as { title: string }[]).map((r) => r.title);
  } finally {
    db.close();
  }
}

function lastAudit(file: string): {
  module: string;
  action: string;
  record: string;
  user_name: string;
  via: string;
  after: any;
} {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1').get() as any;
    return { ...row, after: JSON.parse(row.after) };
  } finally {
    db.close();
  }
}

/** A fresh database made by the CLI, closed (WAL checkpointed into the file). */
function freshDb(dir: string, name = 'workbench.db'): string {
  const file = path.join(dir, name);
  const r = runCli(['init', '--db', file]);
  if (r.code !== 0) throw new Error(r.stderr);
  return file;
}

/** Makes a database bigger by `mb` MB of random bytes (a table of its own). */
function addMegabytes(file: string, mb: number): void {
  const db = new Database(file);
  db.exec('CREATE TABLE IF NOT EXISTS filler (x BLOB)');
  const ins = db.prepare('INSERT INTO filler VALUES (randomblob(1000000))');
  db.transaction(() => {
    for (let i = 0; i < mb; i++) ins.run();
  })();
  db.close();
}

/** Files in a folder other than the ones listed: what a refused operation must not leave behind. */
function extraFiles(dir: string, expected: string[]): string[] {
  return fs.readdirSync(dir).filter((f) => !expected.includes(f));
}

describe('restore while a browser-mode server holds the database', () => {
  let server: ServerProcess | undefined;
  afterAll(async () => server?.stop());

  it('is refused from the CLI with nothing lost, and goes through the server’s own worker from the page', async () => {
    const dir = scratch();
    const live = freshDb(dir);
    const add = (title: string) => runCli(['archive', 'add', '--kind', '收文', '--title', title, '--db', live]);
    expect(add('备份前的收文').code).toBe(0);
    const backup = path.join(dir, 'backups', '手动备份-测试.db');
    expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);

    server = await startServerProcess(live);
    const acknowledged: string[] = [];
    for (let i = 1; i <= 12; i++) {
      const title = `服务器确认的收文${i}`;
      const r = await server.call('archive.add', { kind: '收文', title });
      expect(r.id).toBeGreaterThan(0);
      acknowledged.push(title);
    }
    const before = fs.readdirSync(dir).sort();

    const refused = runCli(['restore', backup, '--db', live]);
    expect(refused.code).toBe(2);
    expect(json(refused).error.code).toBe('db_busy');
    expect(refused.stderr).toContain('数据库正在被使用');
    expect(refused.stderr).toContain('未做任何改动');
    // no kept copy, no staged file: nothing happened
    expect(fs.readdirSync(dir).sort()).toEqual(before);

    // The server still answers, with every acknowledged row, and keeps accepting new ones.
    const listed = await server.call('archive.search', { limit: 100 });
    const listedTitles: string[] = listed.hits.map((r: { title: string }) => r.title);
    expect(listedTitles.sort()).toEqual(['备份前的收文', ...acknowledged].sort());
    await server.call('archive.add', { kind: '收文', title: '恢复被拒之后的收文' });
    acknowledged.push('恢复被拒之后的收文');

    // From the page: the worker closes its connection, swaps, reopens, and audits.
    // (The server's check of the file, then its daily backup, run on threads after start; a restore
    // meanwhile is refused, changing nothing.)
    const transient = (code?: string) => code === 'backup_running' || code === 'check_running';
    let answer = await server.result('system.restore', { file: backup });
    for (let i = 0; i < 600 && transient(answer.error?.code); i++) {
      await new Promise((res) => setTimeout(res, 50));
      answer = await server.result('system.restore', { file: backup });
    }
    expect(answer.ok).toBe(true);
    const r = answer.value;
    expect(r.keptAs).toMatch(/workbench\.db\.replaced-/);
    const after = await server.call('archive.search', { limit: 100 });
    expect(after.hits.map((x: { title: string }) => x.title)).toEqual(['备份前的收文']);
    const audit = await server.call('audit.query', { module: 'system', limit: 5 });
    const restoreRow = audit.rows.find((x: { action: string }) => x.action === 'restore');
    expect(restoreRow.record).toBe('手动备份-测试.db');
    await server.call('archive.add', { kind: '收文', title: '恢复之后的收文' });
    await server.stop();
    server = undefined;

    // The rows acknowledged before the restore are all in the kept file; the live file has the restored state.
    expect(titles(r.keptAs)).toEqual(['备份前的收文', ...acknowledged]);
    expect(titles(live)).toEqual(['备份前的收文', '恢复之后的收文']);
    const a = lastAudit(live);
    expect([a.module, a.action]).toEqual(['archive', 'add']);
  }, 180_000);
});

describe('restore refusals leave the live file byte-identical', () => {
  it('refuses a backup from a newer version (higher user_version)', () => {
    const dir = scratch();
    const live = freshDb(dir);
    const newer = freshDb(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    const hash = sha(live);
    const files = fs.readdirSync(dir).sort();
    const r = runCli(['restore', newer, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('db_too_new');
    expect(r.stderr).toContain('更新版本');
    expect(sha(live)).toBe(hash);
    expect(fs.readdirSync(dir).sort()).toEqual(files);
  });

  it('refuses a backup holding a migration this build does not ship, and a live file holding one', () => {
    const dir = scratch();
    const live = freshDb(dir);
    const future = freshDb(dir, 'future.db');
    const db = new Database(future);
    db.prepare('INSERT INTO schema_migrations(version, name) VALUES (?, ?)').run(999, '999_from_a_newer_build.sql');
    db.close();
    const hash = sha(live);
    const r = runCli(['restore', future, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('db_too_new');
    expect(r.stderr).toContain('999_from_a_newer_build.sql');
    expect(sha(live)).toBe(hash);

    // Opened as the live database it is refused too, before anything is written to it.
    const futureHash = sha(future);
    expect(() => openDatabase(future)).toThrow(AppError);
    const init = runCli(['init', '--db', future]);
    expect(init.code).toBe(2);
    expect(json(init).error.code).toBe('db_too_new');
    expect(sha(future)).toBe(futureHash);
  });

  it('refuses a damaged backup and the live file itself', () => {
    const dir = scratch();
    const live = freshDb(dir);
    const hash = sha(live);
    const damaged = path.join(dir, 'damaged.db');
    fs.copyFileSync(live, damaged);
    const fd = fs.openSync(damaged, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 4096 * 2);
    fs.closeSync(fd);
    const r = runCli(['restore', damaged, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('backup_corrupt');
    const self = runCli(['restore', live, '--db', live]);
    expect(self.code).toBe(2);
    expect(json(self).error.code).toBe('backup_is_live');
    expect(sha(live)).toBe(hash);
  });
});

describe('a restore is audited in the restored file', () => {
  it('names the backup, the kept file and who restored it', () => {
    const dir = scratch();
    const live = freshDb(dir);
    const backup = path.join(dir, '备份.db');
    expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);
    expect(runCli(['archive', 'add', '--kind', '发文', '--title', '备份后登记', '--db', live]).code).toBe(0);
    const auditBefore = count(live, 'audit_log');
    const r = runCli(['restore', backup, '--db', live]);
    expect(r.code).toBe(0);
    const out = json(r);
    const a = lastAudit(live);
    expect([a.module, a.action, a.record, a.via]).toEqual(['system', 'restore', '备份.db', 'cli']);
    expect(a.after.backup).toBe(backup);
    expect(a.after.keptAs).toBe(out.keptAs);
    expect(a.user_name.length).toBeGreaterThan(0);
    // the kept file is the database as it was, with its own later audit rows
    expect(count(out.keptAs, 'audit_log')).toBe(auditBefore);
    expect(titles(out.keptAs)).toEqual(['备份后登记']);
    expect(titles(live)).toEqual([]);
  });
});

describe('backup', () => {
  it('refuses the live database’s own files, by path, link or side file', () => {
    const dir = scratch();
    const live = freshDb(dir);
    runCli(['archive', 'add', '--kind', '收文', '--title', '一件', '--db', live]);
    const hash = sha(live);
    fs.symlinkSync(live, path.join(dir, 'link.db'));
    fs.linkSync(live, path.join(dir, 'hard.db'));
    for (const out of [
      live,
      path.join(dir, '.', 'workbench.db'),
      path.join(dir, 'link.db'),
      path.join(dir, 'hard.db'),
    ]) {
      const r = runCli(['backup', '--out', out, '--db', live]);
      expect(r.code, out).toBe(2);
      expect(json(r).error.code).toBe('backup_is_live');
      expect(r.stderr).toContain('正在使用的数据库文件');
    }
    // the WAL beside it is refused too (it is not a .db name either)
    expect(runCli(['backup', '--out', live + '-wal', '--db', live]).code).toBe(2);
    expect(sha(live)).toBe(hash);
    expect(titles(live)).toEqual(['一件']);
  });

  it('killed midway leaves the previous backup intact', async () => {
    const dir = scratch();
    const live = freshDb(dir);
    runCli(['archive', 'add', '--kind', '收文', '--title', '备份里的一件', '--db', live]);
    // ~30 MB, so that the copy takes long enough to be caught while it is being written
    addMegabytes(live, 30);
    const usb = path.join(dir, 'usb');
    const target = path.join(usb, '备份.db');
    expect(runCli(['backup', '--out', target, '--db', live]).code).toBe(0);
    const oldHash = sha(target);
    runCli(['archive', 'add', '--kind', '收文', '--title', '备份之后的一件', '--db', live]);

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'electron/cli.ts', 'backup', '--out', target, '--db', live],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    const exited = new Promise<string | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    // Kill as soon as the temporary copy has data in it.
    let partial = '';
    while (child.exitCode === null && !partial) {
      const tmp = fs.existsSync(usb) ? fs.readdirSync(usb).filter((f) => f.endsWith('.tmp')) : [];
      if (tmp.length && (fs.statSync(path.join(usb, tmp[0]), { throwIfNoEntry: false })?.size ?? 0) > 0) {
        child.kill('SIGKILL');
        partial = path.join(usb, tmp[0]);
      } else await new Promise((r) => setTimeout(r, 1));
    }
    expect(await exited).toBe('SIGKILL');
    expect(partial).not.toBe('');
    expect(fs.statSync(partial).size).toBeLessThan(fs.statSync(target).size);
    expect(sha(target)).toBe(oldHash);
    expect(titles(target)).toEqual(['备份里的一件']);
    // the half-written file is not listed as a backup; the next backup goes through and clears it away
    expect(listBackups(usb).map((b) => b.file)).toEqual([target]);
    expect(runCli(['backup', '--out', target, '--db', live]).code).toBe(0);
    expect(titles(target)).toEqual(['备份里的一件', '备份之后的一件']);
    expect(fs.readdirSync(usb)).toEqual(['备份.db']);
  }, 180_000);

  it('failing to write midway (file size limit) leaves the previous backup intact and says why in Chinese', () => {
    const dir = scratch();
    const live = freshDb(dir);
    addMegabytes(live, 3);
    const target = path.join(dir, 'usb', '备份.db');
    expect(runCli(['backup', '--out', target, '--db', live]).code).toBe(0);
    const oldHash = sha(target);
    // Writes beyond 512 KB into any one file fail (EFBIG): the copy breaks off midway.
    const child = spawnSync(
      'bash',
      [
        '-c',
        `ulimit -f 512; exec "${process.execPath}" --import tsx electron/cli.ts backup --out "${target}" --db "${live}"`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(child.status).toBe(2);
    expect(JSON.parse(child.stdout).error.code).toBe('write_failed');
    expect(child.stderr).toContain('原有文件未受影响');
    expect(sha(target)).toBe(oldHash);
    expect(fs.readdirSync(path.dirname(target))).toEqual(['备份.db']);
  }, 120_000);
});

describe('backup onto a full disk', () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) spawnSync('umount', [m]);
  });

  it('leaves the previous backup intact and says 磁盘空间不足', (ctx) => {
    const dir = scratch();
    const live = freshDb(dir);
    const db = new Database(live);
    db.exec(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500) INSERT INTO archive_docs(kind, year, seq, number, title, doc_date, status) SELECT '收文', 1999, i, '收〔1999〕' || i || '号', '标题' || hex(randomblob(400)), '1999-01-01', '待处理' FROM n",
    );
    db.close();
    const small = path.join(dir, 'small-disk');
    fs.mkdirSync(small);
    const size = fs.statSync(live).size;
    // room for one backup and a half
    const mount = spawnSync(
      'mount',
      ['-t', 'tmpfs', '-o', `size=${Math.ceil((size * 1.5) / 4096) * 4096}`, 'tmpfs', small],
      {
        encoding: 'utf8',
      },
    );
    if (mount.status !== 0) {
      console.log(`跳过磁盘已满的测试：不能挂载 tmpfs（${(mount.stderr || mount.error?.message || '').trim()}）`);
      ctx.skip();
      return;
    }
    mounts.push(small);
    const target = path.join(small, '备份.db');
    expect(runCli(['backup', '--out', target, '--db', live]).code).toBe(0);
    const oldHash = sha(target);
    runCli(['archive', 'add', '--kind', '收文', '--title', '备份后', '--db', live]);
    // Fill the disk until less than a third of a copy is free: even deleting the old backup first would not make room.
    const free = () => fs.statfsSync(small).bavail * fs.statfsSync(small).bsize;
    fs.writeFileSync(path.join(small, 'pad'), Buffer.alloc(Math.max(0, free() - Math.floor(size / 3))));
    const r = runCli(['backup', '--out', target, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('disk_full');
    expect(r.stderr).toContain('磁盘空间不足');
    expect(sha(target)).toBe(oldHash);
    expect(extraFiles(small, ['备份.db', 'pad'])).toEqual([]);

    // A restore onto a full disk is refused the same way, with the live file untouched.
    const fullLive = path.join(small, 'live.db');
    fs.renameSync(target, fullLive);
    expect(runCli(['init', '--db', fullLive]).code).toBe(0); // opened once as a live database (WAL mode)
    const liveHash = sha(fullLive);
    const backup = path.join(dir, '大一些的备份.db');
    expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);
    fs.appendFileSync(path.join(small, 'pad'), Buffer.alloc(Math.max(0, free() - 64 * 1024)));
    const rr = runCli(['restore', backup, '--db', fullLive]);
    expect(rr.code).toBe(2);
    expect(rr.stderr).toContain('磁盘空间不足');
    expect(sha(fullLive)).toBe(liveHash);
  }, 120_000);
});

describe('a damaged database', () => {
  it('offers the newest backup from the configured folder or the default one, and the CLI restores over it', () => {
    const dir = scratch();
    const live = freshDb(dir);
    const configured = path.join(dir, '单位备份');
    const db = openDatabase(live);
    db.prepare("INSERT OR REPLACE INTO settings(key, value) VALUES ('backupDir', ?)").run(JSON.stringify(configured));
    db.exec('CREATE TABLE filler (x TEXT)');
    const ins = db.prepare('INSERT INTO filler VALUES (?)');
    for (let i = 0; i < 2000; i++) ins.run('x'.repeat(200));
    db.close();
    const older = path.join(dir, 'backups', '自动备份-2026-01-01.db');
    const newer = path.join(configured, '自动备份-2026-01-02.db');
    expect(runCli(['backup', '--out', older, '--db', live]).code).toBe(0);
    expect(runCli(['backup', '--out', newer, '--db', live]).code).toBe(0);
    fs.utimesSync(older, new Date('2026-01-01T08:00:00Z'), new Date('2026-01-01T08:00:00Z'));
    fs.utimesSync(newer, new Date('2026-01-02T08:00:00Z'), new Date('2026-01-02T08:00:00Z'));
    // a newer file in the default folder that is no database at all is passed over
    const junk = path.join(dir, 'backups', '自动备份-2026-01-03.db');
    fs.writeFileSync(junk, '不是数据库'.repeat(500));
    fs.utimesSync(junk, new Date('2026-01-03T08:00:00Z'), new Date('2026-01-03T08:00:00Z'));
    damagePages(live);
    let err: AppError | undefined;
    try {
      openDatabase(live, { backupDir: path.join(dir, 'backups') }).close();
    } catch (e) {
      err = e as AppError;
    }
    expect(err?.code).toBe('db_corrupt');
    expect((err?.details as { newestBackup: string }).newestBackup).toBe(newer);

    const damagedHash = sha(live);
    const r = runCli(['restore', newer, '--db', live]);
    expect(r.code).toBe(0);
    const out = json(r);
    expect(sha(out.keptAs)).toBe(damagedHash);
    const a = lastAudit(live);
    expect([a.module, a.action, a.record, a.via]).toEqual(['system', 'restore', '自动备份-2026-01-02.db', 'cli']);
    const again = openDatabase(live);
    expect(again.pragma('quick_check', { simple: true })).toBe('ok');
    again.close();
  });
});

describe('the configured backup folder is remembered outside the database', () => {
  it('so that recovery still finds it when the settings cannot be read', () => {
    const t = testBackend();
    try {
      const configured = path.join(t.dir, '单位备份');
      t.call('settings.update', { backupDir: configured });
      const b = t.call('system.backupNow', {});
      expect(path.dirname(b.file)).toBe(configured);
      const fallback = path.join(t.dir, 'backups');
      expect(recoveryBackupDirs(null, t.dbPath, fallback)).toEqual([configured, fallback]);
      expect(newestBackup(recoveryBackupDirs(null, t.dbPath, fallback))?.file).toBe(b.file);
    } finally {
      t.close();
    }
  });
});

describe('restore through the connection’s owner', () => {
  it('is refused while another connection holds the file, keeps serving, and goes through once it is gone', () => {
    const t = testBackend();
    try {
      t.call('settings.update', { unitName: '备份时的单位' });
      const backup = path.join(t.dir, 'backups', '手动.db');
      t.call('system.backupNow', { out: backup });
      t.call('settings.update', { unitName: '现在的单位' });
      const other = new Database(t.dbPath, { readonly: true });
      other.prepare('SELECT count(*) FROM settings').get();
      const refused = t.result('system.restore', { file: backup });
      expect(refused.error?.code).toBe('db_busy');
      expect(t.call('settings.get').unitName).toBe('现在的单位');
      expect(fs.readdirSync(t.dir).filter((f) => f.includes('replaced') || f.endsWith('.tmp'))).toEqual([]);
      other.close();
      const r = t.call('system.restore', { file: backup });
      expect(t.call('settings.get').unitName).toBe('备份时的单位');
      const kept = new Database(r.keptAs, { readonly: true });
      expect((kept.prepare("SELECT value FROM settings WHERE key='unitName'").get() as { value: string }).value).toBe(
        '"现在的单位"',
      );
      kept.close();
    } finally {
      t.close();
    }
  });

  it('the app finds a damaged database after its first screen, and at the next start the DB worker restores it before opening (the recovery dialog)', async () => {
    const dir = scratch();
    const live = freshDb(dir);
    expect(runCli(['archive', 'add', '--kind', '收文', '--title', '备份里的收文', '--db', live]).code).toBe(0);
    const backup = path.join(dir, 'backups', '自动备份-2026-12-01.db');
    expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);
    addMegabytes(live, 1);
    damagePages(live);
    const damaged = sha(live);
    // The open does not read every page: the damaged file serves the first screen at once
    // (the check would run ten minutes later) ...
    const waiting = await startWorker({ dbPath: live, dataDir: dir, integrityCheckDelayMs: 600_000 });
    const first = await waiting.call('settings.get', {}, { via: 'ipc' });
    await waiting.close();
    expect(first.ok).toBe(true);
    // ... and the check that follows on its own thread reports the damage with the newest sound
    // backup; the daily backup is not taken of it.
    const opened = await startWorker({ dbPath: live, dataDir: dir, autoBackup: true, integrityCheckDelayMs: 0 });
    const event = await new Promise<JobEvent>((resolve) =>
      opened.onJob((e) => {
        if (e.name === 'system.integrityCheck') resolve(e);
      }),
    );
    expect(opened.schemaVersion).toBe(latestVersion());
    await opened.close();
    expect(event.type).toBe('failed');
    const error = (event as Extract<JobEvent, { type: 'failed' }>).error;
    expect(error.code).toBe('db_corrupt');
    expect(error.message).toBe(`数据库文件已损坏（完整性检查未通过）。可以从最近的备份恢复：${backup}`);
    expect((error.details as { detail?: string }).detail).toMatch(/Page \d+|invalid page|corrupt|malformed/i);
    expect((error.details as { newestBackup?: string }).newestBackup).toBe(backup);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(['自动备份-2026-12-01.db']);
    expect(sha(live)).toBe(damaged);
    const client = await startWorker({ dbPath: live, dataDir: dir, recoverFrom: backup });
    try {
      const found = await client.call('archive.search', {}, { via: 'ipc' });
      expect(found.ok && (found.value as { hits: { title: string }[] }).hits.map((h) => h.title)).toEqual([
        '备份里的收文',
      ]);
    } finally {
      await client.close();
    }
    const a = lastAudit(live);
    expect([a.module, a.action, a.record, a.via]).toEqual(['system', 'restore', '自动备份-2026-12-01.db', 'ipc']);
    expect(a.user_name).toMatch(/^启动时恢复/);
    expect(sha(a.after.keptAs)).toBe(damaged);
  }, 120_000);
});

describe('a restored file that cannot be opened', () => {
  it('is switched back: the live file is the one from before, byte for byte, and nothing is left beside it', () => {
    const dir = scratch();
    const live = freshDb(dir);
    expect(runCli(['archive', 'add', '--kind', '收文', '--title', '现有的一件', '--db', live]).code).toBe(0);
    const backup = path.join(dir, 'b', '备份.db');
    expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);
    const hash = sha(live);
    let opened = 0;
    let err: AppError | undefined;
    try {
      restoreDatabase({
        backupFile: backup,
        dbPath: live,
        stamp: 'test',
        release: () => {},
        open: () => {
          opened++;
          throw new Error('模拟打开失败');
        },
        record: () => {},
      });
    } catch (e) {
      err = e as AppError;
    }
    expect(opened).toBe(1);
    expect(err?.code).toBe('restore_failed');
    expect(err?.message).toContain('已换回原来的数据库');
    expect(sha(live)).toBe(hash);
    expect(fs.readdirSync(dir).sort()).toEqual(['b', 'workbench.db']);
    expect(titles(live)).toEqual(['现有的一件']);
  });
});

describe('the daily backup in the app', () => {
  it('is taken on a thread of its own (a read-only connection) and recorded', async () => {
    const dir = scratch();
    const live = freshDb(dir);
    expect(runCli(['archive', 'add', '--kind', '收文', '--title', '今天的收文', '--db', live]).code).toBe(0);
    const client = await startWorker({ dbPath: live, dataDir: dir, autoBackup: true });
    try {
      const today = `自动备份-${new Date().toISOString().slice(0, 10)}.db`;
      const file = path.join(dir, 'backups', today);
      let info: { lastBackupAt: string | null; backups: number; backupPending: boolean } | undefined;
      const seen: boolean[] = [];
      for (let i = 0; i < 600 && !info?.lastBackupAt; i++) {
        const r = await client.call('system.info', {}, { via: 'ipc' });
        info = r.ok ? (r.value as typeof info) : undefined;
        // the page asks again while the backup is still to come: so it is pending until recorded
        if (info) seen.push(info.backupPending === !info.lastBackupAt);
        if (!info?.lastBackupAt) await new Promise((res) => setTimeout(res, 50));
      }
      expect(info?.lastBackupAt).toBeTruthy();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every(Boolean)).toBe(true);
      expect(info?.backupPending).toBe(false);
      expect(info?.backups).toBe(1);
      expect(titles(file)).toEqual(['今天的收文']);
      expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual([today]);
    } finally {
      await client.close();
    }
  }, 120_000);
});
