import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../../electron/cli';
import { latestVersion } from '../../../electron/db/migrate';
import { checkIntegrity } from '../../../electron/db/connection';
import { toErrorPayload } from '../../../electron/api/errors';
import { tempDir } from '../../helpers/backend';
import { damagePages, filledDb } from '../../helpers/damagedDb';

describe('the command-line tool', () => {
  it('init creates the database and prints the schema version', () => {
    const db = path.join(tempDir(), 'x.db');
    const r = runCli(['init', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, schemaVersion: latestVersion() });
  });

  it('refuses an unknown command with exit code 2 and a Chinese message on stderr', () => {
    const r = runCli(['frobnicate', '--db', path.join(tempDir(), 'x.db')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).ok).toBe(false);
    expect(r.stderr).toContain('不认识的命令');
  });

  it('help, no command and <command> --help print usage and exit 0 (CLI.md)', () => {
    const db = path.join(tempDir(), 'x.db');
    for (const argv of [['help'], [], ['--help']]) {
      const r = runCli([...argv, '--db', db]);
      expect(r.code).toBe(0);
      const names = JSON.parse(r.stdout).commands.map((c: { name: string }) => c.name);
      expect(names).toContain('init');
      expect(names).toContain('plan breakdown');
      expect(r.stderr).toContain('可用命令');
    }
    for (const argv of [
      ['plan', 'breakdown', '--help'],
      ['help', 'plan', 'breakdown'],
    ]) {
      const r = runCli([...argv, '--db', db]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.commands.map((c: { name: string }) => c.name)).toEqual(['plan breakdown']);
      expect(out.commands[0].usage).toContain('--target');
      expect(r.stderr).toContain('plan breakdown --target');
    }
    // a first word shared by several commands lists them all
    const plan = JSON.parse(runCli(['plan', '--help', '--db', db]).stdout);
    expect(plan.commands.length).toBeGreaterThan(1);
    expect(plan.commands.every((c: { name: string }) => c.name.startsWith('plan '))).toBe(true);
  });

  it('backs up and restores through the same router', () => {
    const dir = tempDir();
    const db = path.join(dir, 'x.db');
    expect(runCli(['init', '--db', db]).code).toBe(0);
    const out = path.join(dir, 'copy.db');
    const b = runCli(['backup', '--out', out, '--db', db]);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout).file).toBe(out);
    const missing = runCli(['backup', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out');
    const r = runCli(['restore', out, '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).restoredFrom).toBe(out);
    const bad = runCli(['restore', path.join(dir, 'nothing.db'), '--db', db]);
    expect(bad.code).toBe(2);
  });
});

describe('the command-line tool on a damaged file', () => {
  /** A database with a backup beside it, then data pages overwritten (the header and schema still read). */
  function damaged() {
    const dir = tempDir();
    const db = filledDb(path.join(dir, 'workbench.db'));
    const backup = path.join(dir, 'backups', '手动备份-20261201-080000.db');
    expect(runCli(['backup', '--out', backup, '--db', db]).code).toBe(0);
    damagePages(db);
    return { dir, db, backup, said: checkIntegrity(db) };
  }
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('init and other commands open it reading only the header and schema, and say nothing', () => {
    const { db, said } = damaged();
    expect(said).not.toBe('ok');
    const r = runCli(['init', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, schemaVersion: latestVersion() });
    // (a call slower than the router's threshold may add its own [slow] line on a loaded machine)
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('[slow]'))).toEqual([]);
    expect(runCli(['imports', '--db', db]).code).toBe(0);
  });

  it('check fails with exit 2 and prints the outcome: reason, what quick_check said, the newest backup', () => {
    const { db, backup, said } = damaged();
    const r = runCli(['check', '--db', db]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    const reason = `数据库文件已损坏（完整性检查未通过）。可以从最近的备份恢复：${backup}`;
    expect(out).toMatchObject({
      ok: false,
      file: db,
      state: 'failed',
      reason,
      detail: said,
      newestBackup: backup,
      error: { code: 'db_corrupt', message: reason },
    });
    expect(Date.parse(out.finishedAt)).toBeGreaterThanOrEqual(Date.parse(out.startedAt));
    expect(r.stderr).toContain(`检查结果：${said}\n`);
    expect(r.stderr).toContain(`错误：${reason}\n`);
    expect(r.stderr.indexOf('检查结果：')).toBeLessThan(r.stderr.indexOf('错误：'));
  });

  it('check passes on a sound file with exit 0', () => {
    const dir = tempDir();
    const db = filledDb(path.join(dir, 'workbench.db'));
    const r = runCli(['check', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, file: db, state: 'passed', by: 'check' });
    expect(r.stderr).toMatch(/^数据库文件完整性检查通过（用时 \d+\.\d 秒）$/m);
  });

  it('backup refuses it with exit 2 and writes no file', () => {
    const { dir, db } = damaged();
    const before = sha(db);
    const out = path.join(dir, 'nightly', '夜间备份.db');
    const r = runCli(['backup', '--out', out, '--db', db]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('db_corrupt');
    expect(r.stderr).toContain('不做备份，以免损坏的文件顶替完好的备份；未写入任何文件。');
    expect(fs.existsSync(path.dirname(out))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'backups'))).toEqual(['手动备份-20261201-080000.db']);
    expect(sha(db)).toBe(before);
  });

  it('restore replaces it with the backup and keeps the damaged file', () => {
    const { db, backup } = damaged();
    const before = sha(db);
    const r = runCli(['restore', backup, '--db', db]);
    expect(r.code).toBe(0);
    expect(sha(JSON.parse(r.stdout).keptAs)).toBe(before);
    expect(checkIntegrity(db)).toBe('ok');
    expect(runCli(['check', '--db', db]).code).toBe(0);
  });

  it('a damaged page met by a query is a Chinese db_corrupt refusal, not an internal error', () => {
    const { db } = damaged();
    const conn = new Database(db, { readonly: true });
    let err: unknown;
    try {
      conn.prepare('SELECT count(*), sum(length(x)) FROM filler').get();
    } catch (e) {
      err = e;
    } finally {
      conn.close();
    }
    expect((err as { code: string }).code).toMatch(/^SQLITE_CORRUPT/);
    const p = toErrorPayload(err);
    expect(p.code).toBe('db_corrupt');
    // the clerk reads Chinese only; what SQLite said is kept in the details (the log, the CLI)
    expect(p.message).toBe('数据库文件已损坏，读取时出错，未做任何改动。请从最近的备份恢复，或联系信息管理员。');
    expect(p.details).toEqual({ cause: (err as Error).message, errno: (err as { code: string }).code });
  });
});
