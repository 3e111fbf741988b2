import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { checkIntegrity, openDatabase } from '../../../electron/db/connection';
import { latestVersion, loadMigrations, migrate } from '../../../electron/db/migrate';
import { tempDir } from '../../helpers/backend';
import { AppError } from '../../../electron/api/errors';
import { damagePages, filledDb } from '../../helpers/damagedDb';

describe('migrations', () => {
  it('bring a new file to the latest version with every table', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'a.db'), { backupDir: path.join(dir, 'backups') });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map(
      (r) => r.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['settings', 'audit_log', 'retailers', 'order_lines']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    // no backup for a brand-new file
    expect(fs.existsSync(path.join(dir, 'backups'))).toBe(false);
  });

  it('upgrade a file at an older version, keep its data, and back it up first', () => {
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    migrate(old, 1);
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    old.prepare("INSERT INTO settings(key, value) VALUES ('unitName', '\"旧单位\"')").run();
    old.close();
    const db = openDatabase(file, { backupDir: path.join(dir, 'backups') });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect((db.prepare("SELECT value FROM settings WHERE key='unitName'").get() as { value: string }).value).toBe(
      '"旧单位"',
    );
    db.close();
    const backups = fs.readdirSync(path.join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^升级前-v1-/);
    const copy = new Database(path.join(dir, 'backups', backups[0]), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(1);
    copy.close();
  });

  it('are numbered uniquely and applied in order', () => {
    const list = loadMigrations();
    const versions = list.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('refuse a database made by a newer program', () => {
    const dir = tempDir();
    const file = path.join(dir, 'new.db');
    const db = new Database(file);
    db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)');
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/更新版本的工作台/);
  });

  it('refuse a damaged file with a clear message and the newest backup', () => {
    const dir = tempDir();
    const file = filledDb(path.join(dir, 'bad.db'));
    fs.mkdirSync(path.join(dir, 'backups'));
    fs.copyFileSync(file, path.join(dir, 'backups', '自动备份-2026-01-01.db'));
    // overwrite pages near the start of the file
    damagePages(file, 4096 * 3);
    let err: unknown;
    try {
      openDatabase(file, { backupDir: path.join(dir, 'backups') }).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('db_corrupt');
    expect((err as AppError).message).toContain('自动备份-2026-01-01.db');
  });

  it("a job thread's connection (quickCheck false) reads no data page at open, yet refuses a file that is no database", () => {
    const dir = tempDir();
    const file = filledDb(path.join(dir, 'job.db'));
    // Damage data pages in the middle: the full check finds it, the job's open does not look.
    damagePages(file);
    expect(() => openDatabase(file, { skipMigrate: true }).close()).toThrow(/数据库文件已损坏/);
    const job = openDatabase(file, { skipMigrate: true, quickCheck: false });
    expect(job.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'filler'").pluck().get()).toBe(1);
    job.close();
    const junk = path.join(dir, 'junk.db');
    fs.writeFileSync(junk, '不是数据库'.repeat(500));
    let err: unknown;
    try {
      openDatabase(junk, { skipMigrate: true, quickCheck: false }).close();
    } catch (e) {
      err = e;
    }
    expect((err as AppError).code).toBe('db_corrupt');
  });
});

describe("the app's open ('beforeMigrating') and the check that follows it", () => {
  function damagedFile(dir: string): string {
    const file = filledDb(path.join(dir, 'late.db'));
    expect(checkIntegrity(file)).toBe('ok');
    damagePages(file);
    return file;
  }

  it('opens a file with damaged data pages without reading them; checkIntegrity then finds the damage', () => {
    const file = damagedFile(tempDir());
    const db = openDatabase(file, { quickCheck: 'beforeMigrating' });
    expect(db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(loadMigrations().length);
    db.close();
    const check = checkIntegrity(file);
    expect(check).not.toBe('ok');
    expect(check).toMatch(/Page \d+|invalid page|corrupt|malformed/i);
  });

  it('still checks a file about to be migrated, and refuses it with nothing written', () => {
    const file = damagedFile(tempDir());
    const db = new Database(file);
    const last = loadMigrations().at(-1)!;
    db.prepare('DELETE FROM schema_migrations WHERE version = ?').run(last.version);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = fs.readFileSync(file);
    let err: unknown;
    try {
      openDatabase(file, { quickCheck: 'beforeMigrating' }).close();
    } catch (e) {
      err = e;
    }
    expect((err as AppError).code).toBe('db_corrupt');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(checkIntegrity(path.join(path.dirname(file), 'missing.db'))).toMatch(
      /unable to open|does not exist|SQLITE_CANTOPEN|directory/i,
    );
  });
});

describe('the migration record', () => {
  it('applies a migration numbered below the newest applied one when it was never applied', () => {
    const dir = tempDir();
    const file = path.join(dir, 'gap.db');
    const list = loadMigrations();
    const db = new Database(file);
    // applied 001 and the newest, skipping everything in between (the newest stands in with no SQL:
    // it may build on the tables of the ones in between, as 081 does on 080's)
    migrate(db, Infinity, [list[0], { ...list[list.length - 1], sql: 'SELECT 1' }]);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    const applied = migrate(db);
    expect(applied).toEqual(list.slice(1, -1).map((m) => m.version));
    const recorded = (
      db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]
    ).map((r) => r.version);
    expect(recorded).toEqual(list.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('runs a migration headed `-- only when: <query>` only when the query is true, and records it either way', () => {
    const db = new Database(':memory:');
    const list = [
      { version: 1, name: '001_t.sql', sql: 'CREATE TABLE t (a INTEGER);' },
      {
        version: 2,
        name: '002_a.sql',
        sql: '-- only when: SELECT NOT EXISTS (SELECT 1 FROM t)\nINSERT INTO t VALUES (2);',
      },
      {
        version: 3,
        name: '003_b.sql',
        sql: '-- only when: SELECT COUNT(*) FROM t WHERE a = 3\nINSERT INTO t VALUES (30);',
      },
      { version: 4, name: '004_c.sql', sql: '--only when:SELECT 1 FROM t WHERE a = 2\r\nINSERT INTO t VALUES (4);' },
    ];
    // 002 runs (t is empty), 003 does not (no 3), 004 does (there is a 2)
    expect(migrate(db, Infinity, list)).toEqual([1, 2, 3, 4]);
    expect(db.prepare('SELECT a FROM t ORDER BY a').pluck().all()).toEqual([2, 4]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2, 3, 4]);
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    db.close();
  });

  it('treats a file from before the record as applied up to its user_version', () => {
    const dir = tempDir();
    const file = path.join(dir, 'legacy.db');
    const db = new Database(file);
    db.exec(loadMigrations()[0].sql);
    db.pragma('user_version = 1');
    expect(migrate(db)).toEqual(
      loadMigrations()
        .slice(1)
        .map((m) => m.version),
    );
    db.close();
  });
});
