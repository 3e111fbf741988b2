/**
 * Reading a zip container (.xlsx) without loading it: the central directory is
 * read from the end of the file, and one entry at a time is read in small
 * packed chunks and inflated as it streams (fflate's streaming Inflate, which
 * is synchronous, so an import's transaction never waits on an event loop).
 * Caps on the inflated size and on the ratio of inflated to packed bytes are
 * checked before the first byte is inflated, on the sizes the zip's directory
 * states, and again while inflating, where an entry may not inflate past the
 * size its directory states: a zip bomb is refused at once (or, if its directory
 * lies, as soon as it passes the size it states), with a Chinese reason, and
 * memory never holds more than one chunk of it.
 */
import fs from 'node:fs';
import { Inflate } from 'fflate';
import { AppError } from '../../api/errors';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  flags: number;
  packed: number;
  size: number;
  localOffset: number;
}

export interface InflateLimits {
  /** most bytes the entry may inflate to */
  maxBytes: number;
  /** most inflated ÷ packed bytes, checked once `ratioAfter` bytes are out */
  maxRatio: number;
  ratioAfter: number;
}

/** Caps for a worksheet: its size is bounded by time, not memory (rows stream). */
export const SHEET_LIMITS: InflateLimits = { maxBytes: 4 * 1024 ** 3, maxRatio: 100, ratioAfter: 2 << 20 };
/** Caps for parts kept in memory whole (shared strings) */
export const HELD_LIMITS: InflateLimits = { maxBytes: 256 << 20, maxRatio: 100, ratioAfter: 2 << 20 };
/** Caps for small parts (workbook, relationships) */
export const SMALL_LIMITS: InflateLimits = { maxBytes: 16 << 20, maxRatio: 1000, ratioAfter: 1 << 20 };

const PACKED_CHUNK = 32 << 10;
/**
 * Packed bytes read at a time while an entry inflates more than SMALL_STEP_RATIO
 * times its packed size (and for its first read): deflate inflates at most
 * ~1,032 times, so one step yields at most ~4 MB before the caps are checked
 * again — a zip bomb is stopped a few megabytes in, never after a 32 MB burst.
 */
const SMALL_PACKED_CHUNK = 4 << 10;
const SMALL_STEP_RATIO = 25;
const OUT_CHUNK = 1 << 20;
const MAX_ENTRIES = 65535;

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function bad(fileName: string, why: string): AppError {
  return new AppError('file_unreadable', `无法读取文件“${fileName}”：${why}`);
}

export class ZipFile {
  readonly entries = new Map<string, ZipEntry>();
  private readonly lower = new Map<string, ZipEntry>();

  private constructor(
    readonly file: string,
    readonly fileName: string,
    readonly size: number,
  ) {}

  /** Reads the central directory; a file that is not a readable zip is refused. */
  static open(file: string, fileName: string, size: number): ZipFile {
    const z = new ZipFile(file, fileName, size);
    const fd = fs.openSync(file, 'r');
    try {
      z.readDirectory(fd);
    } finally {
      fs.closeSync(fd);
    }
    return z;
  }

  private readDirectory(fd: number): void {
    const tailLen = Math.min(this.size, 65557);
    const tail = Buffer.alloc(tailLen);
    fs.readSync(fd, tail, 0, tailLen, this.size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw bad(this.fileName, '压缩包不完整（找不到目录），文件可能已损坏或只下载了一部分');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    // Zip64: the locator sits just before the end record.
    if ((count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) && eocd >= 20) {
      if (tail.readUInt32LE(eocd - 20) === 0x07064b50) {
        const at = Number(tail.readBigUInt64LE(eocd - 12));
        const rec = Buffer.alloc(56);
        fs.readSync(fd, rec, 0, 56, at);
        if (rec.readUInt32LE(0) !== 0x06064b50) throw bad(this.fileName, '压缩包目录损坏');
        count = Number(rec.readBigUInt64LE(32));
        cdSize = Number(rec.readBigUInt64LE(40));
        cdOffset = Number(rec.readBigUInt64LE(48));
      }
    }
    if (count > MAX_ENTRIES || cdSize > 64 << 20 || cdOffset + cdSize > this.size)
      throw bad(this.fileName, '压缩包目录损坏');
    const cd = Buffer.alloc(cdSize);
    fs.readSync(fd, cd, 0, cdSize, cdOffset);
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw bad(this.fileName, '压缩包目录损坏');
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      let packed = cd.readUInt32LE(p + 20);
      let size = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
      // Zip64 extra field: the 64-bit values replace the ones saturated at 0xffffffff, in this order.
      let e = p + 46 + nameLen;
      const extraEnd = e + extraLen;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 1) {
          let q = e + 4;
          const take = () => {
            const v = q + 8 <= e + 4 + len ? Number(cd.readBigUInt64LE(q)) : 0;
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = take();
          if (packed === 0xffffffff) packed = take();
          if (localOffset === 0xffffffff) localOffset = take();
        }
        e += 4 + len;
      }
      p = extraEnd + commentLen;
      const entry: ZipEntry = { name, method, flags, packed, size, localOffset };
      this.entries.set(name, entry);
      this.lower.set(name.toLowerCase(), entry);
    }
  }

  /** An entry by its path (case-insensitive, leading slash ignored), or undefined. */
  entry(name: string): ZipEntry | undefined {
    const n = name.replace(/^\/+/, '');
    return this.entries.get(n) ?? this.lower.get(n.toLowerCase());
  }

  /** Opens an entry for reading in chunks; close it when done (a generator's finally). */
  open(entry: ZipEntry, limits: InflateLimits): EntryReader {
    return new EntryReader(this, entry, limits);
  }

  /** A small entry's whole text (relationships, workbook). */
  text(entry: ZipEntry, limits: InflateLimits = SMALL_LIMITS): string {
    const r = this.open(entry, limits);
    try {
      const parts: Buffer[] = [];
      for (let c = r.next(); c; c = r.next()) parts.push(c);
      return Buffer.concat(parts).toString('utf8');
    } finally {
      r.close();
    }
  }
}

/** Inflated bytes of one entry, about a megabyte at a time; `position` is the packed bytes read so far. */
export class EntryReader {
  private fd: number;
  private pos: number;
  private end: number;
  private inflater: Inflate | null = null;
  private out: Uint8Array[] = [];
  private outLen = 0;
  private inflated = 0;
  private done = false;
  private readonly buf = Buffer.allocUnsafe(PACKED_CHUNK);

  constructor(
    private readonly zip: ZipFile,
    readonly entry: ZipEntry,
    private readonly limits: InflateLimits,
  ) {
    const { fileName } = zip;
    if (entry.flags & 1) throw bad(fileName, '文件已加密（设置了打开密码），请在 Excel 中取消密码后再导入');
    if (entry.method !== 0 && entry.method !== 8)
      throw bad(fileName, `其中的“${entry.name}”使用了不支持的压缩方式（${entry.method}）`);
    if (entry.size > limits.maxBytes) throw this.tooBig();
    // The sizes the directory states, checked before anything is read: a bomb that says what it is
    // is refused at once. One that understates its size is stopped where it passes it (count).
    if (entry.size > limits.ratioAfter && entry.size > limits.maxRatio * Math.max(1, entry.packed)) throw this.bomb();
    this.fd = fs.openSync(zip.file, 'r');
    try {
      const head = Buffer.alloc(30);
      fs.readSync(this.fd, head, 0, 30, entry.localOffset);
      if (head.readUInt32LE(0) !== 0x04034b50) throw bad(fileName, '压缩包内容损坏');
      this.pos = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
      this.end = this.pos + entry.packed;
      if (this.end > zip.size) throw bad(fileName, '压缩包内容不完整，文件可能只下载了一部分');
    } catch (err) {
      fs.closeSync(this.fd);
      throw err;
    }
    if (entry.method === 8) {
      this.inflater = new Inflate((chunk) => {
        // fflate hands over a fresh array each time: kept without copying.
        this.out.push(chunk);
        this.outLen += chunk.length;
        this.count(chunk.length);
      });
    }
  }

  /** Packed bytes of the entry read so far (progress). */
  get packedRead(): number {
    return this.pos - (this.end - this.entry.packed);
  }

  private tooBig(): AppError {
    return new AppError(
      'file_too_large',
      `无法读取文件“${this.zip.fileName}”：其中的“${this.entry.name}”解压后超过 ${mb(this.limits.maxBytes)}，已拒绝读取（可能是恶意构造的压缩包）`,
    );
  }

  private bomb(): AppError {
    return new AppError(
      'zip_bomb',
      `无法读取文件“${this.zip.fileName}”：其中的“${this.entry.name}”压缩比异常（超过 ${this.limits.maxRatio} 倍），疑似恶意构造的压缩包，已拒绝读取`,
    );
  }

  private count(n: number): void {
    this.inflated += n;
    if (this.inflated > this.limits.maxBytes) throw this.tooBig();
    if (this.inflated > this.entry.size)
      throw new AppError(
        'zip_bomb',
        `无法读取文件“${this.zip.fileName}”：其中的“${this.entry.name}”解压后超过压缩包目录所记的大小（${this.entry.size} 字节），文件已损坏或是恶意构造的压缩包，已拒绝读取`,
      );
    if (this.inflated > this.limits.ratioAfter && this.inflated > this.limits.maxRatio * Math.max(1, this.packedRead))
      throw this.bomb();
  }

  /** The next inflated bytes (about a megabyte), or null at the end. */
  next(): Buffer | null {
    while (!this.done && this.outLen < OUT_CHUNK) {
      const read = this.packedRead;
      const step = read === 0 || this.inflated > SMALL_STEP_RATIO * read ? SMALL_PACKED_CHUNK : PACKED_CHUNK;
      const want = Math.min(step, this.end - this.pos);
      const n = want > 0 ? fs.readSync(this.fd, this.buf, 0, want, this.pos) : 0;
      if (want > 0 && n === 0) throw bad(this.zip.fileName, '压缩包内容不完整');
      this.pos += n;
      const last = this.pos >= this.end;
      const chunk = this.buf.subarray(0, n);
      if (this.inflater) {
        try {
          this.inflater.push(chunk, last);
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw bad(this.zip.fileName, `压缩包内容损坏（${this.entry.name}）`);
        }
      } else {
        this.out.push(Buffer.from(chunk));
        this.outLen += n;
        this.count(n);
      }
      if (last) this.done = true;
    }
    if (this.outLen === 0) return null;
    const first = this.out[0];
    const b =
      this.out.length === 1
        ? Buffer.from(first.buffer, first.byteOffset, first.length)
        : Buffer.concat(this.out, this.outLen);
    this.out = [];
    this.outLen = 0;
    return b;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
