/**
 * Reading a zip container (.xlsx) without loading it: the central directory is
 * read from the end of the file, and one entry at a time is read in small
 * packed chunks and inflated as it streams, synchronously, so an import's
 * transaction never waits on an event loop. The inflating is Node's zlib driven
 * through its synchronous handle (`NativeInflate` below; several times less CPU
 * than fflate), or fflate's streaming Inflate where that handle is not there.
 * Caps on the inflated size and on the ratio of inflated to packed bytes are
 * checked before the first byte is inflated, on the sizes the zip's directory
 * states, and again while inflating, where an entry may not inflate past the
 * size its directory states: a zip bomb is refused at once (or, if its directory
 * lies, as soon as it passes the size it states), with a Chinese reason, and
 * memory never holds more than one chunk of it.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
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

/** Most inflated bytes one native step writes: the caps are checked after each step. */
const STEP_OUT = 256 << 10;

/** The synchronous handle under a zlib stream (what `zlib.inflateRawSync` drives), as Node 20–22 have it. */
interface ZlibHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
  ): void;
}

/**
 * Raw inflate by Node's zlib, one bounded step at a time, keeping the stream's
 * state between steps. Node's public sync call (`inflateRawSync`, and the
 * `_processChunk` it goes through) closes the stream after one input, so the
 * steps go to the handle under it, as that call does: `writeSync` inflates into
 * the given output range and leaves what is left of the output and input in the
 * stream's `_writeState`. A corrupt stream makes zlib destroy the stream (its
 * handle is gone at once; the 'error' event, emitted later, is swallowed here).
 */
export class NativeInflate {
  private readonly z: zlib.InflateRaw & { _handle?: ZlibHandle | null; _writeState?: Uint32Array };
  private readonly state: Uint32Array;
  /** input bytes the last step took, output bytes it wrote */
  consumed = 0;
  produced = 0;
  /** the deflate stream is complete (its last block was inflated) */
  ended = false;

  constructor() {
    this.z = zlib.createInflateRaw();
    this.z.on('error', () => {});
    const state = this.z._writeState;
    if (typeof this.z._handle?.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
      this.z.close();
      throw new Error('zlib handle unavailable');
    }
    this.state = state;
  }

  /**
   * Inflates from `input[inOff, inOff+inLen)` into `out[outOff, outOff+outLen)`; `last` when no more
   * input follows (a stream cut short is then an error). Sets `consumed`, `produced` and `ended`;
   * throws on a corrupt stream.
   */
  step(
    input: Uint8Array,
    inOff: number,
    inLen: number,
    out: Uint8Array,
    outOff: number,
    outLen: number,
    last: boolean,
  ) {
    const handle = this.z._handle;
    if (!handle) throw new Error('zlib stream closed');
    const flush = last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
    handle.writeSync(flush, input, inOff, inLen, out, outOff, outLen);
    if (!this.z._handle) throw new Error('corrupt deflate stream');
    const outLeft = this.state[0];
    const inLeft = this.state[1];
    this.consumed = inLen - inLeft;
    this.produced = outLen - outLeft;
    // zlib stops with room left in the output only at the end of the stream, or, input used up, to
    // be given more (under Z_FINISH that is an error, thrown above).
    if (outLeft > 0 && (inLeft > 0 || last)) this.ended = true;
  }

  close(): void {
    this.z.close();
  }
}

/** Whether Node's zlib can inflate in steps here: its handle is there and inflates a known stream right. */
function nativeWorks(): boolean {
  try {
    const text = Buffer.from('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(200));
    const packed = zlib.deflateRawSync(text);
    const inf = new NativeInflate();
    const out = Buffer.alloc(text.length + 1);
    let at = 0;
    try {
      // In two pieces and small output steps, so the state kept between steps is exercised.
      const half = packed.length >> 1;
      for (const [a, b] of [
        [0, half],
        [half, packed.length],
      ]) {
        let off = a;
        for (;;) {
          inf.step(packed, off, b - off, out, at, Math.min(64, out.length - at), b === packed.length);
          off += inf.consumed;
          at += inf.produced;
          if (inf.ended || (off === b && inf.produced === 0)) break;
        }
      }
    } finally {
      inf.close();
    }
    return at === text.length && out.subarray(0, at).equals(text);
  } catch {
    return false;
  }
}

/** The inflater entries use: Node's zlib when it works here, else fflate (tests switch it to check both). */
export const inflateEngine: { native: boolean } = { native: nativeWorks() };

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
  private native: NativeInflate | null = null;
  /** packed bytes read into `buf` and not yet taken by the native inflater */
  private inOff = 0;
  private inLen = 0;
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
    if (entry.method === 8 && inflateEngine.native) {
      try {
        this.native = new NativeInflate();
      } catch (err) {
        fs.closeSync(this.fd);
        throw err;
      }
    } else if (entry.method === 8) {
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
    if (this.native) return this.nextNative(this.native);
    while (!this.done && this.outLen < OUT_CHUNK) {
      this.readPacked();
      const n = this.inLen;
      this.inLen = 0;
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

  /**
   * Reads the next packed bytes into `buf`: 4 KB at first and while the entry inflates more than
   * SMALL_STEP_RATIO times, else 32 KB.
   */
  private readPacked(): void {
    const read = this.packedRead;
    const step = read === 0 || this.inflated > SMALL_STEP_RATIO * read ? SMALL_PACKED_CHUNK : PACKED_CHUNK;
    const want = Math.min(step, this.end - this.pos);
    const n = want > 0 ? fs.readSync(this.fd, this.buf, 0, want, this.pos) : 0;
    if (want > 0 && n === 0) throw bad(this.zip.fileName, '压缩包内容不完整');
    this.pos += n;
    this.inOff = 0;
    this.inLen = n;
  }

  /**
   * Up to a megabyte inflated by Node's zlib straight into a buffer of its own (handed over, never
   * reused), at most STEP_OUT bytes a step, each step counted against the caps before the next.
   */
  private nextNative(inf: NativeInflate): Buffer | null {
    if (this.done) return null;
    // No more room than the entry states it holds; the chunk that reaches that size has one byte more,
    // so an entry that goes past it is refused before the chunk is handed on.
    const left = Math.max(0, this.entry.size - this.inflated);
    const out = Buffer.allocUnsafe(left <= OUT_CHUNK ? left + 1 : OUT_CHUNK);
    let at = 0;
    while (at < out.length && !this.done) {
      if (this.inLen === 0 && this.pos < this.end) this.readPacked();
      const last = this.pos >= this.end;
      try {
        inf.step(this.buf, this.inOff, this.inLen, out, at, Math.min(STEP_OUT, out.length - at), last);
      } catch {
        throw bad(this.zip.fileName, `压缩包内容损坏（${this.entry.name}）`);
      }
      this.inOff += inf.consumed;
      this.inLen -= inf.consumed;
      at += inf.produced;
      this.count(inf.produced);
      if (inf.ended) this.done = true;
    }
    if (at === 0) return null;
    return at === out.length ? out : out.subarray(0, at);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
    this.native?.close();
    this.native = null;
  }
}
