/**
 * No free file paths from the page: every method that took a path refuses one
 * outside the app's own folders when called as the page calls (HTTP, IPC), takes
 * what the Electron shell's dialog chose, and the CLI keeps its free paths. The
 * audit log keeps exports and refused calls. The rejected-rows workbook neutralises
 * formulas.
 */
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testBackend, type TestBackend } from '../../helpers/backend';
import { appFolder, confinedPath } from '../../../electron/api/appFiles';
import { masterFiles, readBook, writeCsv } from '../masterdata/fixtures';
import { hashing } from '../../../electron/domain/accounts/password';

// Cheaper hashes keep these tests fast (the accounts tests check the product's cost).
hashing.params = { N: 1024, r: 8, p: 1, keylen: 32 };

let t: TestBackend;
afterEach(() => t?.close());

const PAGE = [{ via: 'http' }, { via: 'ipc' }];
const auditRows = (where = '1=1') =>
  t.backend.db.prepare(`SELECT * FROM audit_log WHERE ${where} ORDER BY id`).all() as Record<string, any>[];

function outsideDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wb-outside-'));
}

describe('confinedPath', () => {
  it('keeps a path inside its folder and refuses .., absolute paths elsewhere and links that lead out', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-root-'));
    const out = outsideDir();
    fs.writeFileSync(path.join(out, 'secret.txt'), 'secret');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.writeFileSync(path.join(root, 'sub', 'a.csv'), 'a');
    expect(confinedPath(root, path.join(root, 'sub', 'a.csv'))).toBe(path.join(root, 'sub', 'a.csv'));
    expect(confinedPath(root, 'sub/a.csv')).toBe(path.join(root, 'sub', 'a.csv'));
    expect(confinedPath(root, 'new.xlsx')).toBe(path.join(root, 'new.xlsx'));
    fs.symlinkSync(path.join(out, 'secret.txt'), path.join(root, 'link.txt'));
    fs.symlinkSync(out, path.join(root, 'linkdir'));
    for (const bad of [
      '/etc/passwd',
      path.join(out, 'secret.txt'),
      '../secret.txt',
      'sub/../../secret.txt',
      path.join(root, '..', path.basename(out), 'secret.txt'),
      'link.txt',
      'linkdir/secret.txt',
      'linkdir/new.xlsx',
      'a\0b',
      '',
      root,
    ]) {
      expect(() => confinedPath(root, bad), JSON.stringify(bad)).toThrow(
        expect.objectContaining({ code: 'path_refused' }),
      );
    }
  });
});

describe('methods that took a free path', () => {
  it('imports.preview, imports.dryRun and imports.run read only uploads (or a file the shell chose, or at the CLI)', () => {
    t = testBackend();
    const out = outsideDir();
    const csv = [
      ['客户经理编码', '姓名'],
      ['M01', '张伟'],
    ];
    const outside = writeCsv(path.join(out, '客户经理.csv'), csv);
    fs.mkdirSync(appFolder(t.dir, 'uploads'), { recursive: true });
    const uploaded = writeCsv(path.join(appFolder(t.dir, 'uploads'), 'abc.csv'), csv);
    const start = (name: string, file: string, meta: { via: string; grantedPaths?: string[] }) =>
      t.backend.call('jobs.start', { name, input: { kind: 'managers', file } }, meta);
    const previewEnds = (file: string, meta: { via: string; grantedPaths?: string[] }) => {
      t.events.length = 0;
      expect(start('imports.preview', file, meta).ok).toBe(true);
      return t.events.find((e) => e.type === 'done' || e.type === 'failed')?.type;
    };
    for (const meta of PAGE) {
      for (const file of ['/etc/passwd', outside, path.join(appFolder(t.dir, 'uploads'), '..', '..', 'workbench.db')]) {
        for (const name of ['imports.preview', 'imports.dryRun', 'imports.run'])
          expect(start(name, file, meta), `${name} ${meta.via} ${file}`).toMatchObject({
            ok: false,
            error: { code: 'path_refused' },
          });
      }
      expect(previewEnds(uploaded, meta)).toBe('done');
    }
    expect(t.backend.db.prepare('SELECT COUNT(*) FROM managers').pluck().get()).toBe(0);
    // A path the shell's own open dialog returned is taken over IPC …
    expect(previewEnds(outside, { via: 'ipc', grantedPaths: [outside] })).toBe('done');
    // … and the CLI takes any path its user types.
    expect(previewEnds(outside, { via: 'cli' })).toBe('done');
  });

  it('imports.rejectedFile sends files from the rejected-rows folder only', () => {
    t = testBackend();
    const out = outsideDir();
    fs.writeFileSync(path.join(out, 'x.xlsx'), 'x');
    for (const meta of [...PAGE, { via: 'cli' }]) {
      for (const file of ['/etc/passwd', path.join(out, 'x.xlsx'), '../uploads/a.csv', t.dbPath]) {
        const r = t.result('imports.rejectedFile', { file }, meta);
        expect(r.ok, `${meta.via} ${file}`).toBe(false);
        expect(['path_refused', 'file_not_found']).toContain(r.error!.code);
        expect(JSON.stringify(r)).not.toContain('root:');
      }
    }
  });

  it('audit.export writes into the exports folder only, and never over a file elsewhere', () => {
    t = testBackend();
    t.call('settings.update', { unitName: '甲县' });
    const out = outsideDir();
    const victim = path.join(out, 'important.xlsx');
    fs.writeFileSync(victim, 'keep me');
    for (const meta of PAGE) {
      for (const bad of [victim, path.join(out, 'new.xlsx'), '../../evil.xlsx']) {
        expect(t.result('audit.export', { out: bad }, meta), `${meta.via} ${bad}`).toMatchObject({
          ok: false,
          error: { code: 'path_refused' },
        });
      }
      const ok = t.call<{ file: string; rows: number }>('audit.export', {}, meta);
      expect(path.dirname(ok.file)).toBe(appFolder(t.dir, 'exports'));
      expect(fs.existsSync(ok.file)).toBe(true);
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
    expect(fs.existsSync(path.join(out, 'new.xlsx'))).toBe(false);
    // The shell's save dialog may choose any place; so may the CLI.
    const chosen = path.join(out, '审计日志.xlsx');
    expect(t.backend.call('audit.export', { out: chosen }, { via: 'ipc', grantedPaths: [chosen] }).ok).toBe(true);
    expect(t.call('audit.export', { out: path.join(out, 'cli.xlsx') }, { via: 'cli' }).rows).toBeGreaterThan(0);
  });

  it('system.backupNow and system.restore take only the backup folder, and an outside *.db is left alone', () => {
    t = testBackend();
    const out = outsideDir();
    const victim = path.join(out, 'other.db');
    fs.writeFileSync(victim, 'another program’s database');
    for (const meta of PAGE) {
      expect(t.result('system.backupNow', { out: victim }, meta)).toMatchObject({
        ok: false,
        error: { code: 'path_refused' },
      });
      expect(t.result('system.restore', { file: victim }, meta)).toMatchObject({
        ok: false,
        error: { code: 'path_refused' },
      });
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('another program’s database');
    const made = t.call<{ file: string }>('system.backupNow', {}, { via: 'http' });
    expect(path.dirname(made.file)).toBe(path.join(t.dir, 'backups'));
    expect(t.result('system.backupNow', { out: path.join(t.dir, 'backups', '手动.db') }, { via: 'http' }).ok).toBe(
      true,
    );
  });

  it('settings.update refuses to point the backup folder elsewhere from the page, but may reset it', () => {
    t = testBackend();
    const out = outsideDir();
    for (const meta of PAGE) {
      expect(t.result('settings.update', { backupDir: out }, meta)).toMatchObject({
        ok: false,
        error: { code: 'path_refused' },
      });
    }
    expect(t.call('settings.get').backupDir).toBe('');
    expect(t.backend.call('settings.update', { backupDir: out }, { via: 'ipc', grantedPaths: [out] }).ok).toBe(true);
    expect(t.call('settings.get').backupDir).toBe(out);
    // sending the same folder back (the settings form does) is no change; clearing it is allowed
    expect(t.result('settings.update', { backupDir: out, unitName: '乙县' }, { via: 'http' }).ok).toBe(true);
    expect(t.result('settings.update', { backupDir: '' }, { via: 'http' }).ok).toBe(true);
    expect(t.call('settings.get').backupDir).toBe('');
  });
});

describe('the audit log', () => {
  it('holds a row for an export: what, by whom, how many rows', () => {
    t = testBackend();
    t.call('settings.update', { unitName: '甲县' });
    t.call('settings.update', { fiscalYear: 2026 });
    const before = auditRows().length;
    const r = t.call<{ file: string; rows: number }>('audit.export', {}, { via: 'http' });
    expect(r.rows).toBe(before);
    const row = auditRows("action = 'export'").at(-1)!;
    expect(row).toMatchObject({ user_login: 'single', via: 'http', module: 'audit', method: 'audit.export' });
    expect(JSON.parse(row.after)).toMatchObject({ what: '审计日志', rows: before });
    // An export the page made itself is recorded by audit.exported.
    t.call('audit.exported', { what: '销售情况表 2026年9月', rows: 42, fileName: '销售情况表.xlsx' }, { via: 'http' });
    const page = auditRows("method = 'audit.exported'").at(-1)!;
    expect(page).toMatchObject({ action: 'export', record: '销售情况表.xlsx', via: 'http' });
    expect(JSON.parse(page.after)).toEqual({ what: '销售情况表 2026年9月', rows: 42 });
  });

  it('holds a row for a refused call: no permission, bad input, a path outside', () => {
    t = testBackend();
    t.call('accounts.createUser', { login: 'admin', name: '王管理', role: 'admin', password: 'admin-pw-1' });
    t.call('accounts.createUser', { login: 'viewer', name: '赵只读', role: 'readonly', password: 'viewer-pw-1' });
    t.call('accounts.createUser', { login: 'clerk', name: '张敏', role: 'clerk', password: 'clerk-pw-1' });
    const admin = t.call('accounts.enableLogin', { login: 'admin', password: 'admin-pw-1' }).token as string;
    const viewer = t.call('accounts.login', { login: 'viewer', password: 'viewer-pw-1' }).token as string;
    const clerk = t.call('accounts.login', { login: 'clerk', password: 'clerk-pw-1' }).token as string;
    const refusedRows = () => auditRows("action = 'refused'");
    expect(refusedRows()).toEqual([]);

    expect(t.result('settings.update', { unitName: '只读改名' }, { token: viewer, via: 'http' }).error!.code).toBe(
      'forbidden',
    );
    expect(t.result('settings.update', { fondsNo: '12' }, { token: admin, via: 'http' }).error!.code).toBe(
      'invalid_input',
    );
    const ex = t.result('audit.export', { out: '/etc/evil.xlsx' }, { token: viewer, via: 'http' });
    expect(ex.error, JSON.stringify(ex)).toMatchObject({ code: 'path_refused' });
    expect(
      t.result(
        'jobs.start',
        { name: 'imports.run', input: { kind: 'managers', file: '/etc/passwd' } },
        { token: clerk, via: 'http' },
      ).error!.code,
    ).toBe('path_refused');
    const rows = refusedRows();
    expect(rows.map((r) => [r.user_login, r.method, JSON.parse(r.after).code])).toEqual([
      ['viewer', 'settings.update', 'forbidden'],
      ['admin', 'settings.update', 'invalid_input'],
      ['viewer', 'audit.export', 'path_refused'],
      ['clerk', 'imports.run', 'path_refused'],
    ]);
    // nothing the refused calls asked for happened
    expect(t.call('settings.get', {}, { token: admin }).unitName).toBe('');
    expect(fs.existsSync('/etc/evil.xlsx')).toBe(false);
  });
});

describe('the rejected-rows workbook', () => {
  it('neutralises text that Excel would run as a formula', () => {
    t = testBackend();
    const f = masterFiles(t.dir);
    for (const kind of ['managers', 'routes', 'retailers', 'products'] as const) {
      const end = t.job('imports.run', { kind, file: f[kind] });
      expect(end.type, kind).toBe('done');
    }
    const file = writeCsv(path.join(t.dir, 'evil.csv'), [
      ['客户编码', '客户名称', '经营业态', '档位'],
      ['420100006', '=HYPERLINK("http://evil.example","点我")', '超市', '31'],
      ['420100007', '+1+2', '超市', '32'],
      ['420100008', '-2+3', '超市', '33'],
      ['420100009', '@SUM(A1)', '超市', '34'],
    ]);
    // every row is refused (档位 out of range): nothing imported, the rows come back in the workbook
    const end = t.job('imports.run', { kind: 'retailers', file });
    expect(end).toMatchObject({ type: 'failed', error: { code: 'all_rejected' } });
    const book = readBook((end as { error: { details: { rejectedFile: string } } }).error.details.rejectedFile);
    expect(book.slice(1).map((r) => r[1])).toEqual([
      '\'=HYPERLINK("http://evil.example","点我")',
      "'+1+2",
      "'-2+3",
      "'@SUM(A1)",
    ]);
  });
});
