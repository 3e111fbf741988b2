import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { testBackend, tempDir, type TestBackend } from '../../helpers/backend';
import { dailyBackup } from '../../../electron/db/backup';
import { openDatabase } from '../../../electron/db/connection';

let t: TestBackend;
afterEach(() => t?.close());

describe('backups', () => {
  it('round-trip: back up, change, restore brings the old data back and keeps the replaced file', () => {
    t = testBackend();
    t.call('settings.update', { unitName: '备份前的单位' });
    const out = path.join(t.dir, 'copies', '手动.db');
    const info = t.call('system.backupNow', { out });
    expect(info.file).toBe(out);
    expect(fs.statSync(out).size).toBeGreaterThan(0);
    t.call('settings.update', { unitName: '备份后改过的单位' });
    const r = t.call('system.restore', { file: out });
    expect(r.keptAs).toMatch(/workbench\.db\.replaced-/);
    expect(t.call('settings.get').unitName).toBe('备份前的单位');
    // the replaced database still holds the later change
    const kept = openDatabase(r.keptAs, { skipMigrate: true, readonly: true });
    expect((kept.prepare("SELECT value FROM settings WHERE key='unitName'").get() as { value: string }).value).toBe(
      '"备份后改过的单位"',
    );
    kept.close();
  });

  it('refuses to restore from a file that is not a workbench database, changing nothing', () => {
    t = testBackend();
    t.call('settings.update', { unitName: '现有单位' });
    const junk = path.join(t.dir, 'junk.db');
    fs.writeFileSync(junk, 'this is not sqlite at all, just text '.repeat(200));
    const r = t.result('system.restore', { file: junk });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error!.message).toMatch(/备份文件/);
    expect(t.call('settings.get').unitName).toBe('现有单位');
    expect(t.result('system.restore', { file: path.join(t.dir, 'missing.db') }).error?.message).toContain(
      '找不到备份文件',
    );
  });

  it('takes one automatic backup a day and keeps only the newest ones', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'w.db'));
    const bdir = path.join(dir, 'b');
    // days on this computer's calendar: 23:30 on the 5th is still the 5th wherever the clock is
    for (let d = 1; d <= 5; d++) dailyBackup(db, bdir, 3, new Date(2026, 2, d, 0, 30));
    expect(dailyBackup(db, bdir, 3, new Date(2026, 2, 5, 23, 30))).toBeNull(); // same day again: nothing new
    expect(fs.readdirSync(bdir).sort()).toEqual([
      '自动备份-2026-03-03.db',
      '自动备份-2026-03-04.db',
      '自动备份-2026-03-05.db',
    ]);
    db.close();
  });
});

describe('backups and attachments', () => {
  it('copy the attachment files beside a manual backup and bring missing ones back on restore', () => {
    t = testBackend();
    const blob = path.join(t.dir, 'attachments', 'ab', 'ab12');
    fs.mkdirSync(path.dirname(blob), { recursive: true });
    fs.writeFileSync(blob, '附件内容');
    const usb = path.join(t.dir, 'usb');
    const b = t.call('system.backupNow', { out: path.join(usb, '备份.db') });
    expect(b.attachmentsCopied).toBe(1);
    expect(fs.readFileSync(path.join(usb, 'attachments', 'ab', 'ab12'), 'utf8')).toBe('附件内容');
    expect(t.call('system.backupNow', { out: path.join(usb, '备份2.db') }).attachmentsCopied).toBe(0);
    fs.rmSync(path.join(t.dir, 'attachments'), { recursive: true });
    const r = t.call('system.restore', { file: path.join(usb, '备份.db') });
    expect(r.attachmentsRestored).toBe(1);
    expect(fs.readFileSync(blob, 'utf8')).toBe('附件内容');
  });
});
