/**
 * Password hashing with scrypt (node:crypto): a random salt per password and the
 * cost parameters stored beside the hash, so the parameters can be raised later
 * without breaking old accounts. Format: scrypt$N$r$p$keylen$salt$hash (base64).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../api/errors';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keylen: number;
}

/** ~50 ms on an office PC; high enough to slow guessing, low enough for a login. */
export const DEFAULT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1, keylen: 32 };

/**
 * The parameters new hashes get. Unit tests lower the cost to stay fast; since every
 * hash carries its own parameters, checking a password takes the same path either way.
 */
export const hashing: { params: ScryptParams } = { params: DEFAULT_PARAMS };

export const PASSWORD_MIN = 6;
export const PASSWORD_MAX = 128;

/** Refuses passwords too short or too long to be of use; message for the user. */
export function checkPasswordPolicy(password: string): void {
  if ([...password].length < PASSWORD_MIN) throw new AppError('weak_password', `密码至少需要 ${PASSWORD_MIN} 个字符`);
  if ([...password].length > PASSWORD_MAX) throw new AppError('weak_password', `密码不能超过 ${PASSWORD_MAX} 个字符`);
  if (password.trim() !== password) throw new AppError('weak_password', '密码的开头和结尾不能是空格');
}

function derive(password: string, salt: Buffer, p: ScryptParams): Buffer {
  // maxmem must cover 128·N·r bytes plus headroom, or node refuses larger N.
  return scryptSync(password.normalize('NFC'), salt, p.keylen, {
    N: p.N,
    r: p.r,
    p: p.p,
    maxmem: 256 * p.N * p.r + 1024 * 1024,
  });
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
