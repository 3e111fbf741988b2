/**
 * Password hashing with scrypt (node:crypto): a random salt per password and the
 * cost parameters stored beside the hash, so the parameters can be raised later
 * without breaking old accounts. Format: scrypt$N$r$p$keylen$salt$hash (base64).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../api/errors';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../../common/passwordPolicy';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

/**
 * N = 2^17, r = 8: 128 MiB of memory and a few hundred ms per check on an office PC — the
 * cost OWASP recommends for scrypt; a login happens a few times a day. Hashes made with
 * older parameters are replaced at the next successful login (needsRehash).
 */
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1, keylen: 32 };

/**
 * The parameters new hashes get. Unit tests lower the cost to stay fast; since every
 * hash carries its own parameters, checking a password takes the same path either way.
 */
export const hashing: { params: ScryptParams } = { params: DEFAULT_PARAMS };

export { PASSWORD_MIN, PASSWORD_MAX };

/** Refuses passwords too short or too long to be of use; message for the user. */
export function checkPasswordPolicy(password: string): void {
  if ([...password].length < PASSWORD_MIN) throw new AppError('weak_password', `密码至少需要 ${PASSWORD_MIN} 个字符`);
  if ([...password].length > PASSWORD_MAX) throw new AppError('weak_password', `密码不能超过 ${PASSWORD_MAX} 个字符`);
  if (password.trim() !== password) throw new AppError('weak_password', '密码的开头和结尾不能是空格');
}

/** The most a stored hash may ask for: N up to 2^20 (1 GiB at r = 8 would not fit the 32-bit app). */
const MAX_N = 2 ** 20;

/**
 * Memory scrypt needs: V is 128·r·N bytes, B is 128·r·p; node's default maxmem is 32 MiB,
 * too little for N = 2^17 (128 MiB), so the limit is given as what is needed plus 1 MiB —
 * enough for these parameters and no more (the 32-bit build has 2 GB for everything).
 */
export function scryptMemory(p: ScryptParams): number {
  return 128 * p.r * (p.N + p.p + 2) + 1024 * 1024;
}

function derive(password: string, salt: Buffer, p: ScryptParams): Buffer {
  return scryptSync(password.normalize('NFC'), salt, p.keylen, { N: p.N, r: p.r, p: p.p, maxmem: scryptMemory(p) });
}

/** True when a stored hash was made with other parameters than new hashes get. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const want = hashing.params;
  const got = parsed.params;
  return got.N !== want.N || got.r !== want.r || got.p !== want.p || got.keylen !== want.keylen;
}

export function hashPassword(password: string, params: ScryptParams = hashing.params): string {
  const salt = randomBytes(16);
  const hash = derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, params.keylen, salt.toString('base64'), hash.toString('base64')].join(
    '$',
  );
}

export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 7 || parts[0] !== 'scrypt') return null;
  const [N, r, p, keylen] = parts.slice(1, 5).map(Number);
  if (![N, r, p, keylen].every((x) => Number.isInteger(x) && x > 0)) return null;
  if (N > MAX_N || (N & (N - 1)) !== 0 || r > 32 || p > 16 || keylen > 128) return null;
  return { params: { N, r, p, keylen }, salt: Buffer.from(parts[5], 'base64'), hash: Buffer.from(parts[6], 'base64') };
}

export function verifyPassword(password: string, stored: string | null): boolean {
  const parsed = stored ? parseHash(stored) : null;
  if (!parsed) {
    // Same work as a real check, so a missing account does not answer faster.
    derive(password, DUMMY_SALT, hashing.params);
    return false;
  }
  const got = derive(password, parsed.salt, parsed.params);
  return got.length === parsed.hash.length && timingSafeEqual(got, parsed.hash);
}

const DUMMY_SALT = randomBytes(16);
