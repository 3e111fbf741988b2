/**
 * The CLI's `restore` checks the backup it restores, in full, and not the current file: on a
 * city's database the whole-file check of the current file took 14–40 s, and a damaged current
 * file is replaced (and kept) either way. checkFile — the whole-file check of the live file — is
 * counted here to show it is not run.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCli } from '../../../electron/cli';
import * as connection from '../../../electron/db/connection';
import { tempDir } from '../../helpers/backend';
import { damagePages, filledDb } from '../../helpers/damagedDb';

vi.mock('../../../electron/db/connection', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../electron/db/connection')>();
  return { ...actual, checkFile: vi.fn(actual.checkFile) };
});
const checkFile = vi.mocked(connection.checkFile);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const json = (r: { stdout: string }) => JSON.parse(r.stdout);
const titles = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT title FROM archive_docs ORDER BY id').pluck().all();
  } finally {
    db.close();
  }
};

function setUp(): { live: string; backup: string } {
  const dir = tempDir('wb-restorecheck-');
  dirs.push(dir);
  const live = filledDb(path.join(dir, 'workbench.db'));
  expect(runCli(['archive', 'add', '--kind', '收文', '--title', '备份里的一件', '--db', live]).code).toBe(0);
  const backup = path.join(dir, 'usb', '备份.db');
  expect(runCli(['backup', '--out', backup, '--db', live]).code).toBe(0);
  expect(runCli(['archive', 'add', '--kind', '收文', '--title', '备份之后的一件', '--db', live]).code).toBe(0);
  checkFile.mockClear();
  return { live, backup };
}

describe('restore from the CLI', () => {
  it('over a sound file: the backup is restored without the current file being checked', () => {
    const { live, backup } = setUp();
    const r = runCli(['restore', backup, '--db', live]);
    expect(r.code).toBe(0);
    expect(checkFile).not.toHaveBeenCalled();
    expect(titles(live)).toEqual(['备份里的一件']);
    expect(titles(json(r).keptAs)).toEqual(['备份里的一件', '备份之后的一件']);
  });

  it('over a file with damaged pages: restored without checking it first, the damaged file kept byte for byte', () => {
    const { live, backup } = setUp();
    damagePages(live);
    const damaged = sha(live);
    const r = runCli(['restore', backup, '--db', live]);
    expect(r.code).toBe(0);
    expect(checkFile).not.toHaveBeenCalled();
    expect(sha(json(r).keptAs)).toBe(damaged);
    expect(titles(live)).toEqual(['备份里的一件']);
    expect(runCli(['check', '--db', live]).code).toBe(0);
  });

  it('from a damaged backup: refused by the backup’s own full check, the current file untouched', () => {
    const { live, backup } = setUp();
    damagePages(backup);
    const before = sha(live);
    const r = runCli(['restore', backup, '--db', live]);
    expect(r.code).toBe(2);
    expect(json(r).error.code).toBe('backup_corrupt');
    expect(json(r).error.message).toMatch(/^备份文件已损坏，不能用于恢复/);
    expect(checkFile).not.toHaveBeenCalled();
    expect(sha(live)).toBe(before);
  });
});
