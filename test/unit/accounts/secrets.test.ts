import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_PARAMS,
  hashPassword,
  parseHash,
  scryptMemory,
  verifyPassword,
} from '../../../electron/domain/accounts/password';
import { office, PASSWORDS } from './setup';

describe('passwords', () => {
  it('stores scrypt with a random salt and its parameters, and verifies with the stored parameters', () => {
    const a = hashPassword('同一个密码123', DEFAULT_PARAMS);
    const b = hashPassword('同一个密码123', DEFAULT_PARAMS);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$32\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(verifyPassword('同一个密码123', a)).toBe(true);
    expect(verifyPassword('同一个密码124', a)).toBe(false);
    // Older or cheaper parameters keep working because they travel with the hash.
    const cheap = hashPassword('pass-word', { N: 1024, r: 8, p: 1, keylen: 32 });
    expect(parseHash(cheap)?.params).toEqual({ N: 1024, r: 8, p: 1, keylen: 32 });
    expect(verifyPassword('pass-word', cheap)).toBe(true);
    // A tampered or foreign hash never verifies.
    expect(
      verifyPassword(
        'pass-word',
        cheap.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      ),
    ).toBe(false);
    expect(verifyPassword('pass-word', 'md5$abc')).toBe(false);
    // A stored hash asking for more memory than the app can give is refused, not run.
    expect(parseHash('scrypt$1073741824$8$1$32$c2FsdA==$aGFzaA==')).toBe(null);
    expect(parseHash('scrypt$100000$8$1$32$c2FsdA==$aGFzaA==')).toBe(null); // N not a power of two
  });

  it('hashes new passwords at N = 2^17, r = 8, with maxmem just above the 128 MiB that needs', () => {
    expect(DEFAULT_PARAMS).toEqual({ N: 131072, r: 8, p: 1, keylen: 32 });
    // V = 128·r·N bytes, B = 128·r·p: 134,217,728 + 1,024; plus 1 MiB headroom
    expect(scryptMemory(DEFAULT_PARAMS)).toBe(128 * 8 * 131072 + 128 * 8 * 1 + 128 * 8 * 2 + 1048576);
    expect(scryptMemory(DEFAULT_PARAMS)).toBeLessThan(136 * 1024 * 1024);
    expect(verifyPassword('pass-word', null)).toBe(false);
  });
});

describe('password hashes never leave the worker', () => {
  it('appear in no answer, no audit row and no export, and plain passwords are nowhere in the file', () => {
    const o = office();
    const db = o.t.backend.db;
    const stored = (db.prepare('SELECT password_hash AS h FROM users').all() as { h: string }[]).map((r) => r.h);
    expect(stored).toHaveLength(4);
    const pieces = stored.flatMap((h) => h.split('$').slice(5)); // salts and digests
    const admin = { token: o.tokens.admin };
    const clerk = { token: o.tokens.clerk };
    const answers: unknown[] = [
      o.t.call('accounts.me', {}, admin),
      o.t.call('accounts.listUsers', {}, admin),
      o.t.call(
        'accounts.createUser',
        { login: 'newbie', name: '新人', role: 'clerk', password: 'newbie-pass-1' },
        admin,
      ),
      o.t.call('accounts.updateUser', { id: o.ids.viewer, name: '赵只读二' }, admin),
      o.t.call('accounts.resetPassword', { id: o.ids.viewer, password: 'viewer-pass-2' }, admin),
      o.t.call('accounts.unlockUser', { id: o.ids.viewer }, admin),
      o.t.call('accounts.deactivateUser', { id: o.ids.viewer }, admin),
      o.t.call('accounts.changePassword', { oldPassword: PASSWORDS.clerk, newPassword: 'clerk-pass-2' }, clerk),
      o.t.call('accounts.login', { login: 'head', password: PASSWORDS.head }),
      o.t.call('audit.query', { limit: 1000 }, admin),
      o.t.call('audit.facets', {}, admin),
      o.t.call('system.info', {}, admin),
      o.t.call('settings.get', {}, admin),
      o.t.result('accounts.login', { login: 'head', password: 'wrong-one-1' }),
    ];
    const allHashes = [
      ...stored,
      ...(db.prepare('SELECT password_hash AS h FROM users').all() as { h: string }[]).map((r) => r.h),
    ];
    const text = JSON.stringify(answers);
    expect(text).not.toContain('scrypt$');
    for (const h of allHashes) expect(text).not.toContain(h);
    for (const p of pieces) expect(text).not.toContain(p);
    expect(text).not.toMatch(/password_?hash/i);

    const log = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    expect(log).not.toContain('scrypt$');
    for (const p of [...Object.values(PASSWORDS), 'newbie-pass-1', 'viewer-pass-2', 'clerk-pass-2', 'wrong-one-1'])
      expect(log).not.toContain(p);

    const out = path.join(o.t.dir, 'audit.xlsx');
    o.t.call('audit.export', { out }, admin);
    const xlsx = fs.readFileSync(out);
    expect(xlsx.includes('scrypt')).toBe(false);

    // The database file keeps digests only: no plain password, no session token.
    o.t.backend.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = Buffer.concat([
      fs.readFileSync(o.t.dbPath),
      fs.existsSync(o.t.dbPath + '-wal') ? fs.readFileSync(o.t.dbPath + '-wal') : Buffer.alloc(0),
    ]);
    for (const p of [...Object.values(PASSWORDS), 'newbie-pass-1', 'viewer-pass-2', 'clerk-pass-2'])
      expect(file.includes(p)).toBe(false);
    for (const t of Object.values(o.tokens)) expect(file.includes(t)).toBe(false);
    o.t.close();
  });
});
