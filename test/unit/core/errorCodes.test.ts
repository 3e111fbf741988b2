import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, isErrorCode, toErrorPayload } from '../../../electron/api/errors';

/** Every file under a folder with one of the extensions. */
function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p, ext));
    else if (ext.test(e.name)) out.push(p);
  }
  return out;
}

const root = path.resolve(__dirname, '../../..');

describe('the error catalogue', () => {
  it('gives every code a Chinese message, and AppError falls back to it', () => {
    for (const [code, message] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(message, code).toMatch(/[\u4e00-\u9fff]/);
    }
    const e = new AppError('unknown_set');
    expect(e.message).toBe(ERROR_CODES.unknown_set);
    expect(toErrorPayload(e)).toEqual({ code: 'unknown_set', message: ERROR_CODES.unknown_set });
  });

  it('takes only codes of the catalogue: a typo or an old synonym fails the type check', () => {
    // @ts-expect-error — merged into unknown_set
    expect(new AppError('set_not_found', 'x').code).toBe('set_not_found');
    // @ts-expect-error — merged into wrong_set_kind
    expect(new AppError('set_kind', 'x').code).toBe('set_kind');
    // @ts-expect-error — a typo
    expect(new AppError('unknwon_plan', 'x').code).toBe('unknwon_plan');
    expect(isErrorCode('unknown_plan')).toBe(true);
    expect(isErrorCode('plan_not_found')).toBe(false);
    // a payload from elsewhere with a code this build does not know becomes an internal error
    expect(AppError.fromPayload({ code: 'from_the_future', message: '某个错误' }).code).toBe('internal');
  });

  it('has no code nothing in the program answers with', () => {
    const source = files(path.join(root, 'electron'), /\.ts$/)
      .filter((f) => !f.endsWith('errorCodes.ts'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    const unused = Object.keys(ERROR_CODES).filter((c) => !source.includes(`'${c}'`));
    expect(unused).toEqual([]);
  });
});
