/**
 * Faults of the files around the database, done for real: a database file from a newer version,
 * a file that is no database, another program's SQLite file, an empty file; a full disk under a
 * normal save, an import and the open itself; a backup onto a file that is not an earlier backup,
 * onto another program's live database, into a read-only or impossible place. Each answer is a
 * Chinese sentence with no English in it, and the files are as they were.
 */
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../electron/cli';
import { latestVersion } from '../../../electron/db/migrate';
import { startBrowserMode } from '../../../electron/server/start';
import { tempDir, testBackend } from '../../helpers/backend';
import { bigOrders, masterFiles } from '../masterdata/fixtures';

const dirs: string[] = [];
const mounts: string[] = [];
function scratch(): string {
  const d = tempDir('wb-faults-');
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const m of mounts.reverse()) spawnSync('umount', [m]);
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
/** Latin letters in a message: English leaking to the clerk (a path or a number is fine, a word is not). */
const englishWords = (s: string) => (s.replace(/\/[^\s，。：；）“”]*/g, '').match(/[A-Za-z]{3,}/g) ?? []).join(' ');

function freshDb(dir: string, name = 'workbench.db'): string {
  const file = path.join(dir, name);
  const r = runCli(['init', '--db', file]);
  if (r.code !== 0) throw new Error(r.stderr);
  return file;
}

function count(file: string, table: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** A tmpfs of `bytes` at `dir` (tests that need a real full disk run as root); null when not permitted. */
function smallDisk(dir: string, bytes: number): string | null {
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${Math.ceil(bytes / 4096) * 4096}`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    console.log(`跳过：不能挂载 tmpfs（${(r.stderr || r.error?.message || '').trim()}）`);
    return null;
  }
  mounts.push(dir);
  return dir;
}
const freeBytes = (dir: string) => fs.statfsSync(dir).bavail * fs.statfsSync(dir).bsize;
/** Fills the disk at `dir` until `leave` bytes are free. */
function fill(dir: string, leave: number): void {
  fs.appendFileSync(path.join(dir, 'pad'), Buffer.alloc(Math.max(0, freeBytes(dir) - leave)));
}

/** A database (seed.db in dir) with the fixture county's managers, routes, retailers and products. */
function seedWithMasters(dir: string): string {
  const seed = freshDb(dir, 'seed.db');
  const f = masterFiles(dir);
  for (const k of ['managers', 'routes', 'retailers', 'products'] as const)
    expect(runCli(['import', k, f[k], '--db', seed]).code).toBe(0);
  return seed;
}

describe('a database file the program must not open', () => {
  it('a file from a newer version is refused by the CLI and by browser mode, and not written to', async () => {
    const dir = scratch();
    const live = freshDb(dir);
    const db = new Database(live);
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    const before = sha(live);
    const r = runCli(['imports', '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('db_too_new');
    expect(json(r).error.message).toBe(
      `这个数据库由更新版本的工作台创建（结构版本 ${latestVersion() + 5}，本程序支持到 ${latestVersion()}），请升级程序后再打开；文件未做任何改动。`,
    );
    const err = await startBrowserMode({ dbPath: live, port: 0, quiet: true }).then(
      () => null,
      (e: { code?: string; message: string }) => e,
    );
    expect(err?.code).toBe('db_too_new');
    expect(englishWords(err!.message)).toBe('');
    expect(sha(live)).toBe(before);
    // nothing beside it either: no pre-migration backup of a file that was never migrated
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  }, 120_000);

  it('a migration of a newer version recorded in the file (same user_version) is refused too', () => {
    const dir = scratch();
    const live = freshDb(dir);
    const db = new Database(live);
    db.prepare('INSERT INTO schema_migrations(version, name) VALUES (?, ?)').run(
      latestVersion() - 1,
      '未来_新功能.sql',
    );
    db.close();
    const before = sha(live);
    const r = runCli(['init', '--db', live]);
    expect(json(r).error.code).toBe('db_too_new');
    expect(json(r).error.message).toContain('未来_新功能.sql');
    expect(sha(live)).toBe(before);
  });

  it('a file that is no database is refused in Chinese, left as it was, and the newest backup is offered', () => {
    const dir = scratch();
    const live = freshDb(dir);
    expect(runCli(['backup', '--out', path.join(dir, 'backups', '手动备份.db'), '--db', live]).code).toBe(0);
    fs.writeFileSync(live, 'PK\u0003\u0004 这是一个表格文件，不是数据库'.repeat(50));
    fs.rmSync(live + '-wal', { force: true });
    fs.rmSync(live + '-shm', { force: true });
    const before = sha(live);
    const r = runCli(['imports', '--db', live]);
    expect(r.code).toBe(2);
    const e = json(r).error;
    expect(e.code).toBe('db_corrupt');
    expect(e.message).toBe(
      `“${live}”不是工作台的数据库文件（也可能已严重损坏），没有打开它，文件未做任何改动。可以从最近的备份恢复：${path.join(dir, 'backups', '手动备份.db')}`,
    );
    expect(sha(live)).toBe(before);
    // the CLI restores over it (the backup is checked; the file is kept beside)
    const rr = runCli(['restore', path.join(dir, 'backups', '手动备份.db'), '--db', live]);
    expect(rr.code).toBe(0);
    expect(sha(json(rr).keptAs)).toBe(before);
    expect(runCli(['imports', '--db', live]).code).toBe(0);
  });

  it('another program’s SQLite file is refused, not given the workbench’s tables', () => {
    const dir = scratch();
    const file = path.join(dir, 'other.db');
    const db = new Database(file);
    db.exec("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('我的笔记')");
    db.close();
    const before = sha(file);
    const r = runCli(['init', '--db', file]);
    expect(r.code).toBe(2);
    expect(json(r).error.message).toBe(
      `“${file}”是其他程序的 SQLite 数据库，不是工作台的数据库，没有打开它，文件未做任何改动。`,
    );
    expect(sha(file)).toBe(before);
  });

  it('an empty file is a new database, unless backups of one stand beside it', () => {
    const dir = scratch();
    const empty = path.join(dir, 'new', 'workbench.db');
    fs.mkdirSync(path.dirname(empty));
    fs.writeFileSync(empty, '');
    expect(runCli(['init', '--db', empty]).code).toBe(0);
    expect(count(empty, 'schema_migrations')).toBeGreaterThan(0);

    const live = freshDb(dir);
    expect(runCli(['archive', 'add', '--kind', '收文', '--title', '备份里的一件', '--db', live]).code).toBe(0);
    const backup = path.join(dir, 'backups', '自动备份-2026-12-01.db');
    expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);
    fs.writeFileSync(live, ''); // emptied by a failed copy
    fs.rmSync(live + '-wal', { force: true });
    const r = runCli(['imports', '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.message).toBe(
      `数据库文件是空的（0 字节），但已有它的备份，没有把它当作新数据库打开。可以从最近的备份恢复：${backup}`,
    );
    expect(fs.statSync(live).size).toBe(0);
    expect(runCli(['restore', backup, '--db', live]).code).toBe(0);
    expect(count(live, 'archive_docs')).toBe(1);
  });
});

describe('a full disk', () => {
  it('a normal save, an import and an open answer 磁盘空间不足 in Chinese and change nothing', (ctx) => {
    const dir = scratch();
    const seed = seedWithMasters(dir);
    const orders = bigOrders(path.join(dir, 'orders.csv'), 30_000);
    const size = fs.statSync(seed).size;
    const disk = smallDisk(path.join(dir, 'disk'), size + 1024 * 1024);
    if (!disk) return ctx.skip();
    const live = path.join(disk, 'workbench.db');
    fs.copyFileSync(seed, live);

    // A normal save through the backend (as the page calls it), with the disk filled after the open.
    const t = testBackend({ dbPath: live, dataDir: disk });
    fill(disk, 0);
    const docs = count(live, 'archive_docs');
    const saved = t.result('archive.add', { kind: '收文', title: '磁盘满时登记' }, { via: 'http' });
    expect(saved.ok).toBe(false);
    expect(saved.error).toMatchObject({ code: 'disk_full' });
    expect(saved.error!.message).toBe(
      '磁盘空间不足，操作未完成，数据库未做任何改动。请清理数据所在的磁盘（例如删除旧的导出文件）后再试。',
    );
    // the import job (the wizard's): the same answer, no batch
    const batches = count(live, 'import_batches');
    const end = t.job('imports.run', { kind: 'orders', file: orders });
    expect(end.type).toBe('failed');
    expect((end as { error: { code: string; message: string } }).error.code).toBe('disk_full');
    expect(englishWords((end as { error: { message: string } }).error.message)).toBe('');
    t.close();
    expect(count(live, 'archive_docs')).toBe(docs);
    expect(count(live, 'import_batches')).toBe(batches);

    // room again: the file is sound, and the last connection closed cleanly (no side files)
    fs.rmSync(path.join(disk, 'pad'));
    expect(runCli(['check', '--db', live]).code).toBe(0);
    expect(fs.readdirSync(disk).sort()).toEqual(['workbench.db']);

    // Opening on a disk with no room left for the shared-memory file: 磁盘空间不足, not “disk I/O error”.
    fill(disk, 0);
    const r = runCli(['imports', '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('disk_full');
    expect(json(r).error.message).toBe(
      `磁盘空间不足，无法打开数据库文件 ${live}；文件未做任何改动。请清理数据所在的磁盘后再启动。`,
    );
    fs.rmSync(path.join(disk, 'pad'));
    expect(runCli(['check', '--db', live]).code).toBe(0);
    expect(count(live, 'archive_docs')).toBe(docs);
  }, 180_000);
});

describe('an import whose rejected rows do not fit on the disk', () => {
  it('leaves no half-written 未导入行 workbook behind (was: a 370 KB piece of one)', (ctx) => {
    const dir = scratch();
    const seed = seedWithMasters(dir);
    // 20,000 lines of retailers that do not exist: every line is rejected into the workbook
    let csv = '订单日期,订单号,客户编码,卷烟编码,订购量,单价\n';
    for (let i = 0; i < 20_000; i++)
      csv += `2026-03-0${1 + (i % 9)},G${i},99990${i},6901028000001,${1 + (i % 5)},190.80\n`;
    const orders = path.join(dir, 'orders.csv');
    fs.writeFileSync(orders, csv);
    const disk = smallDisk(path.join(dir, 'disk'), fs.statSync(seed).size + 1200 * 1024);
    if (!disk) return ctx.skip();
    const live = path.join(disk, 'workbench.db');
    fs.copyFileSync(seed, live);
    fill(disk, 400 * 1024);
    const batches = count(live, 'import_batches');
    const r = runCli(['import', 'orders', orders, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('disk_full');
    expect(fs.readdirSync(path.join(disk, 'imports', 'rejected'))).toEqual([]);
    expect(count(live, 'import_batches')).toBe(batches);
  }, 180_000);
});

describe('backup onto what is already there', () => {
  it('replaces an earlier backup, but never a file of the clerk’s own or another program’s live database', () => {
    const dir = scratch();
    const live = freshDb(dir);
    expect(runCli(['archive', 'add', '--kind', '收文', '--title', '第一件', '--db', live]).code).toBe(0);
    const earlier = path.join(dir, 'usb', '备份.db');
    expect(runCli(['backup', '--out', earlier, '--db', live]).code).toBe(0);
    expect(runCli(['archive', 'add', '--kind', '收文', '--title', '第二件', '--db', live]).code).toBe(0);
    expect(runCli(['backup', '--out', earlier, '--db', live]).code).toBe(0);
    expect(count(earlier, 'archive_docs')).toBe(2);

    const mine = path.join(dir, 'usb', '我的文件.db');
    fs.writeFileSync(mine, '我的笔记，不是数据库');
    const r = runCli(['backup', '--out', mine, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error).toEqual({
      code: 'backup_target_taken',
      message: `已有同名文件“${mine}”，它不是工作台的备份，不能覆盖；原文件未改动。请换一个文件名。`,
    });
    expect(fs.readFileSync(mine, 'utf8')).toBe('我的笔记，不是数据库');

    // Another workbench database in use (a second county's, open in WAL mode): replacing it would
    // pull the file from under the program writing it.
    const other = freshDb(dir, 'other.db');
    const held = new Database(other);
    held.pragma('journal_mode = WAL');
    held.exec("INSERT INTO settings(key, value) VALUES ('其他县', '1')");
    const rr = runCli(['backup', '--out', other, '--db', live]);
    expect(rr.code).toBe(2);
    expect(json(rr).error.code).toBe('backup_target_taken');
    held.exec("INSERT INTO settings(key, value) VALUES ('其他县2', '2')");
    held.close();
    const check = new Database(other, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare("SELECT count(*) FROM settings WHERE key LIKE '其他县%'").pluck().get()).toBe(2);
    check.close();
    expect(fs.readdirSync(path.join(dir, 'usb')).sort()).toEqual(['备份.db', '我的文件.db']);
  });

  it('a folder that is read-only, a path through a file, or a folder that does not exist yet', (ctx) => {
    const dir = scratch();
    const live = freshDb(dir);
    const afile = path.join(dir, 'afile');
    fs.writeFileSync(afile, 'x');
    const through = runCli(['backup', '--out', path.join(afile, 'b.db'), '--db', live]);
    expect(through.code).toBe(2);
    expect(json(through).error.code).toBe('write_failed');
    expect(englishWords(json(through).error.message)).toBe('');

    const made = runCli(['backup', '--out', path.join(dir, '新文件夹', '下一层', 'b.db'), '--db', live]);
    expect(made.code).toBe(0);
    expect(count(path.join(dir, '新文件夹', '下一层', 'b.db'), 'schema_migrations')).toBeGreaterThan(0);

    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro], { encoding: 'utf8' });
    if (m.status !== 0) {
      console.log(`跳过只读位置：不能挂载 tmpfs（${m.stderr.trim()}）`);
      return ctx.skip();
    }
    mounts.push(ro);
    for (const out of [path.join(ro, 'b.db'), path.join(ro, 'sub', 'b.db')]) {
      const r = runCli(['backup', '--out', out, '--db', live]);
      expect(r.code).toBe(2);
      expect(json(r).error.code).toBe('write_failed');
      expect(json(r).error.message).toMatch(/^无法写入“.*”（位置只读、不存在或没有写入权限，或磁盘出错），备份未完成/);
      expect(englishWords(json(r).error.message)).toBe('');
    }
    expect(fs.readdirSync(ro)).toEqual([]);
  });
});
