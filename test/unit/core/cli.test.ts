import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCli } from '../../../electron/cli';
import { latestVersion } from '../../../electron/db/migrate';
import { tempDir } from '../../helpers/backend';

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
