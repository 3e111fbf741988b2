/**
 * Asking for a password on the terminal without echoing it. Synchronous, like
 * the rest of the CLI; refuses when there is no terminal to ask on, so a
 * scheduled task fails clearly instead of hanging.
 */
import fs from 'node:fs';
import type tty from 'node:tty';
import { AppError } from '../api/errors';

export function promptPassword(question: string): string {
  const stdin = process.stdin as tty.ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new AppError(
      'password_required',
      '需要密码，但没有可以输入密码的终端：请用环境变量提供（登录密码 WORKBENCH_PASSWORD，新密码 WORKBENCH_NEW_PASSWORD）',
    );
  }
  process.stderr.write(question);
  stdin.setRawMode(true);
  const bytes: number[] = [];
  const buf = Buffer.alloc(1);
  try {
    for (;;) {
      let n: number;
      try {
        n = fs.readSync(0, buf, 0, 1, null);
      } catch (e) {
        if ((e as { code?: string }).code === 'EAGAIN') continue;
        throw e;
      }
      if (n === 0) break;
      const c = buf[0];
      if (c === 13 || c === 10) break;
      if (c === 3) throw new AppError('cancelled', '已取消');
      if (c === 127 || c === 8) {
        // Drop the last whole UTF-8 character.
        while (bytes.length && (bytes[bytes.length - 1] & 0xc0) === 0x80) bytes.pop();
        bytes.pop();
        continue;
      }
      bytes.push(c);
    }
  } finally {
    stdin.setRawMode(false);
    process.stderr.write('\n');
  }
  return Buffer.from(bytes).toString('utf8');
}
