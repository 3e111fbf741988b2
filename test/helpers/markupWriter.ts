/**
 * Writes markup as web systems export it — Excel 2003 XML (SpreadsheetML), single-file web
 * pages (MHT, quoted-printable or base64) and UTF-16 pages — byte by byte, without the
 * libraries the app reads with (iconv-lite, htmlparser2, SheetJS): GB2312 is encoded from a
 * table built by Node's own ICU decoder, UTF-16 code unit by code unit, quoted-printable and
 * base64 here. Files are written a piece at a time, so a 200,000-line file is never one string.
 */
import fs from 'node:fs';

let GB: Map<number, number> | null = null;

/** Text as GB2312 bytes (ASCII as is); a character outside GB2312 is an error in the fixture. */
export function gb2312(text: string): Buffer {
  if (!GB) {
    // Every two-byte code of GB2312's rows (0xA1–0xF7 × 0xA1–0xFE), decoded by ICU, reversed.
    GB = new Map();
    const icu = new TextDecoder('gbk');
    for (let hi = 0xa1; hi <= 0xf7; hi++)
      for (let lo = 0xa1; lo <= 0xfe; lo++) {
        const ch = icu.decode(Uint8Array.of(hi, lo));
        if (ch.length === 1 && ch !== '\ufffd' && !GB.has(ch.charCodeAt(0))) GB.set(ch.charCodeAt(0), (hi << 8) | lo);
      }
  }
  const out = Buffer.allocUnsafe(text.length * 2);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) out[o++] = c;
    else {
      const g = GB.get(c);
      if (g === undefined) throw new Error(`not in GB2312: ${text[i]}`);
      out[o++] = g >> 8;
      out[o++] = g & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** Text as UTF-16 bytes, little- or big-endian, code unit by code unit. */
export function utf16(text: string, endian: 'le' | 'be' = 'le'): Buffer {
  const out = Buffer.allocUnsafe(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (endian === 'le' ? 0 : 1)] = c & 0xff;
    out[2 * i + (endian === 'le' ? 1 : 0)] = c >> 8;
  }
  return out;
}

/** Quoted-printable as RFC 2045 writes it: lines of at most 76 characters, soft breaks "=\r\n". */
export class QuotedPrintable {
  private line = 0;
  write(bytes: Buffer): string {
    let s = '';
    for (const b of bytes) {
      if (b === 0x0a) {
        s += '\r\n';
        this.line = 0;
        continue;
      }
      const t =
        b === 0x0d
          ? ''
          : b >= 0x21 && b <= 0x7e && b !== 0x3d
            ? String.fromCharCode(b)
            : b === 0x20
              ? ' '
              : '=' + b.toString(16).toUpperCase().padStart(2, '0');
      if (this.line + t.length > 75) {
        s += '=\r\n';
        this.line = 0;
      }
      s += t;
      this.line += t.length;
    }
    return s;
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 in lines of 76 characters, three bytes at a time by hand. */
export class Base64 {
  private rest: number[] = [];
  private line = 0;
  private group(a: number, b: number | undefined, c: number | undefined): string {
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    let s =
      B64[n >> 18] +
      B64[(n >> 12) & 63] +
      (b === undefined ? '=' : B64[(n >> 6) & 63]) +
      (c === undefined ? '=' : B64[n & 63]);
    this.line += 4;
    if (this.line >= 76) {
      s += '\r\n';
      this.line = 0;
    }
    return s;
  }
  write(bytes: Buffer): string {
    const all = this.rest.length ? [...this.rest, ...bytes] : bytes;
    const whole = all.length - (all.length % 3);
    let s = '';
    for (let i = 0; i < whole; i += 3) s += this.group(all[i], all[i + 1], all[i + 2]);
    this.rest = Array.from(all.slice(whole));
    return s;
  }
  end(): string {
    const [a, b] = this.rest;
    this.rest = [];
    return a === undefined ? '' : this.group(a, b, undefined);
  }
}

/** A file written a piece at a time. */
export class FileOut {
  private fd: number;
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(b: Buffer | string): void {
    fs.writeSync(this.fd, typeof b === 'string' ? Buffer.from(b, 'latin1') : b);
  }
  close(): string {
    fs.closeSync(this.fd);
    return this.file;
  }
}

export const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
