/**
 * A single-file web page (MHT, 「单个文件网页」) read as a stream: a MIME message whose HTML
 * parts (quoted-printable, base64 or plain) are undone a megabyte at a time and handed on as
 * the page's bytes, in the order they come; pictures and other parts are skipped unread.
 */
import fs from 'node:fs';
import { CHUNK, type ByteSource } from './htmlStream';

/** Headers longer than this are not a MIME message's. */
const MAX_HEADERS = 64 << 10;

export interface MhtInfo {
  /** the charset the first HTML part's headers declare, if any */
  charset: string | null;
  /** HTML parts seen */
  htmlParts: number;
}

interface PartHeaders {
  type: string;
  charset: string | null;
  boundary: string | null;
  transfer: string;
}

function parseHeaders(text: string): PartHeaders {
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  const field = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1].trim() ?? '';
  const type = field('content-type');
  const param = (p: string) => new RegExp(`(?:^|;)\\s*${p}\\s*=\\s*(?:"([^"]*)"|([^\\s;]+))`, 'i').exec(type);
  const cs = param('charset');
  const b = param('boundary');
  return {
    type: type.split(';')[0].trim().toLowerCase(),
    charset: cs ? (cs[1] ?? cs[2]).toLowerCase() : null,
    boundary: b ? (b[1] ?? b[2]) : null,
    transfer: field('content-transfer-encoding').toLowerCase(),
  };
}

/** Undoes a transfer encoding a piece at a time; what a piece cuts short waits for the next. */
interface BodyDecoder {
  write(b: Buffer): Buffer;
  end(): Buffer;
}

const HEX = (c: number) =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;

function quotedPrintable(): BodyDecoder {
  let rest = Buffer.alloc(0);
  const run = (b: Buffer, last: boolean) => {
    const out = Buffer.allocUnsafe(b.length);
    let o = 0;
    let i = 0;
    for (; i < b.length; i++) {
      const c = b[i];
      if (c !== 0x3d) {
        out[o++] = c;
        continue;
      }
      // "=" then a line end (a soft break), or two hex digits; the rest of a cut sequence waits.
      if (i + 2 >= b.length && !last) break;
      const a = b[i + 1];
      if (a === 0x0a) {
        i += 1;
        continue;
      }
      if (a === 0x0d && b[i + 2] === 0x0a) {
        i += 2;
        continue;
      }
      const h = HEX(a);
      const l = i + 2 < b.length ? HEX(b[i + 2]) : -1;
      if (h >= 0 && l >= 0) {
        out[o++] = h * 16 + l;
        i += 2;
      } else out[o++] = c; // a stray "=" is kept as it is
    }
    rest = Buffer.from(b.subarray(i));
    return out.subarray(0, o);
  };
  return {
    write: (b) => run(rest.length ? Buffer.concat([rest, b]) : b, false),
    end: () => run(rest, true),
  };
}

function base64(): BodyDecoder {
  let rest = '';
  return {
    write(b) {
      const s = rest + b.toString('latin1').replace(/[^A-Za-z0-9+/]/g, '');
      const whole = s.length & ~3;
      rest = s.slice(whole);
      return Buffer.from(s.slice(0, whole), 'base64');
    },
    end: () => Buffer.from(rest, 'base64'),
  };
}

const plain = (): BodyDecoder => ({ write: (b) => b, end: () => Buffer.alloc(0) });

/**
 * The HTML of a single-file web page as a byte source (its parts' transfer encodings undone);
 * `info` tells the first HTML part's charset once the source has been read.
 */
export function mhtHtmlBytes(file: string): { source: ByteSource; info: MhtInfo } {
  const info: MhtInfo = { charset: null, htmlParts: 0 };
  const source: ByteSource = function* (at) {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.allocUnsafe(CHUNK);
    let pos = 0;
    let eof = false;
    /** bytes read and not yet used */
    let data = Buffer.alloc(0);
    const more = (): boolean => {
      if (eof) return false;
      const got = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (got === 0) {
        eof = true;
        return false;
      }
      pos += got;
      at.pos = pos;
      data = data.length ? Buffer.concat([data, buf.subarray(0, got)]) : Buffer.from(buf.subarray(0, got));
      return true;
    };
    /** the headers at the start of `data` (up to the empty line), null at the end of the file */
    const headers = (): PartHeaders | null => {
      for (;;) {
        const crlf = data.indexOf('\r\n\r\n');
        const lf = data.indexOf('\n\n');
        const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf + 4 : lf >= 0 ? lf + 2 : -1;
        if (end >= 0) {
          const h = parseHeaders(data.toString('latin1', 0, end));
          data = data.subarray(end);
          return h;
        }
        if (data.length > MAX_HEADERS || !more()) {
          if (!data.length) return null;
          const h = parseHeaders(data.toString('latin1'));
          data = Buffer.alloc(0);
          return h;
        }
      }
    };
    try {
      const top = headers();
      if (!top) return;
      if (!top.boundary) {
        // One part: the body is the page.
        if (top.type && top.type !== 'text/html') return;
        info.htmlParts++;
        info.charset = top.charset;
        const dec =
          top.transfer === 'base64' ? base64() : top.transfer === 'quoted-printable' ? quotedPrintable() : plain();
        do {
          const b = data;
          data = Buffer.alloc(0);
          yield dec.write(b);
        } while (more());
        yield dec.end();
        return;
      }
      // A delimiter is "--boundary" at the start of a line; the line end before it belongs to it.
      const delim = Buffer.from('\n--' + top.boundary, 'latin1');
      data = Buffer.concat([Buffer.from('\n'), data]);
      /** the body up to the next delimiter, decoded by `dec` (dropped without one); false when no part follows */
      const body = function* (dec: BodyDecoder | null): Generator<Buffer, boolean> {
        for (;;) {
          const hit = data.indexOf(delim);
          if (hit >= 0) {
            const end = hit > 0 && data[hit - 1] === 0x0d ? hit - 1 : hit;
            if (dec) yield dec.write(data.subarray(0, end));
            if (dec) yield dec.end();
            data = data.subarray(hit + delim.length);
            // the rest of the delimiter's line: "--" closes the message
            while (data.indexOf(0x0a) < 0 && data.length < 2 + MAX_HEADERS && more());
            const closing = data[0] === 0x2d && data[1] === 0x2d;
            const nl = data.indexOf(0x0a);
            data = nl >= 0 ? data.subarray(nl + 1) : Buffer.alloc(0);
            return !closing;
          }
          const keep = Math.min(data.length, delim.length);
          if (dec && data.length > keep) yield dec.write(data.subarray(0, data.length - keep));
          data = Buffer.from(data.subarray(data.length - keep));
          if (!more()) {
            if (dec) yield dec.write(data);
            if (dec) yield dec.end();
            data = Buffer.alloc(0);
            return false;
          }
        }
      };
      // the preamble, then each part
      if (!(yield* body(null))) return;
      for (;;) {
        const h = headers();
        if (!h) return;
        let dec: BodyDecoder | null = null;
        if (h.type === 'text/html' || (!h.type && !info.htmlParts)) {
          if (!info.htmlParts) info.charset = h.charset;
          info.htmlParts++;
          dec = h.transfer === 'base64' ? base64() : h.transfer === 'quoted-printable' ? quotedPrintable() : plain();
        }
        if (!(yield* body(dec))) return;
      }
    } finally {
      fs.closeSync(fd);
    }
  };
  return { source, info };
}
