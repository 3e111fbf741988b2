/**
 * Browser mode: the built renderer and the same API contract over HTTP on
 * 127.0.0.1 only. POST /api/call {method, input} → Result; GET /api/events is
 * a server-sent event stream of job events; POST /api/upload streams one file
 * into the uploads folder; GET /api/download sends a file from the app's own
 * export folders. The session token travels in the x-workbench-token header,
 * never in a URL.
 *
 * Two gates before any body is read:
 * - the per-launch secret: a random key made at start. Only the launch URL
 *   printed (or opened) at start carries it; that URL sets it into an HttpOnly,
 *   SameSite=Strict cookie and redirects to the page, so only the page this
 *   server served holds it. Every /api route refuses a request without it,
 *   even with login switched off — another process or OS user on the PC
 *   cannot call the API.
 * - the host/origin check (other web pages, DNS rebinding).
 *
 * Bad input never stops the server: a malformed URL or header gets 400, an
 * over-long body 413, a handler that throws 500; the process keeps serving.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WorkerClient } from '../api/workerClient';
import type { JobEvent } from '../api/define';
import { confinedPath } from '../api/appFiles';
import { CSP } from '../csp';

export interface ServerOptions {
  client: WorkerClient;
  /** folder of the built renderer (dist/renderer) */
  staticDir: string;
  port: number;
  /** largest JSON call body accepted (archive attachments still arrive as base64 inside JSON) */
  maxBodyBytes?: number;
  /** where POST /api/upload writes (the imports uploads folder); uploads are refused without it */
  uploadDir?: string;
  /** largest upload accepted */
  maxUploadBytes?: number;
  /** folders GET /api/download may send files from (exports, rejected rows) */
  downloadDirs?: string[];
  /** the per-launch secret (random when not given) */
  launchKey?: string;
}

export { CSP };

/** JSON calls: large enough for a 50 MB attachment as base64 and its envelope. */
export const MAX_CALL_BODY = 72 * 1024 * 1024;
/** Uploads (spreadsheets to import) are streamed to disk, never held in memory. */
export const MAX_UPLOAD_BODY = 200 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const DOWNLOAD_TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

interface Payload {
  ok: false;
  error: { code: string; message: string };
}
const refusal = (code: string, message: string): Payload => ({ ok: false, error: { code, message } });

const BAD_REQUEST = refusal('bad_request', '请求格式不正确');
const LAUNCH_REQUIRED = refusal('launch_required', '请用启动工作台时显示的地址打开页面（该地址只在本次启动有效）');

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function send(res: http.ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

/** JSON already written as UTF-8 bytes (a call's answer from the DB worker). */
function sendJson(res: http.ServerResponse, status: number, json: Uint8Array): void {
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': json.byteLength });
  res.end(json);
}

/** The request target as a URL, or null when it is not an origin-form path we can read. */
export function parseTarget(raw: string | undefined): URL | null {
  if (!raw || raw[0] !== '/' || raw.startsWith('//')) return null; // absolute-form, authority-form, '*'
  try {
    const url = new URL(raw, 'http://127.0.0.1');
    decodeURIComponent(url.pathname);
    for (const v of url.searchParams.values()) void v;
    return url;
  } catch {
    return null;
  }
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

function sameSecret(a: string | null | undefined, b: string): boolean {
  if (typeof a !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Reads a whole request body up to `limit` bytes; null when it was refused or aborted. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (v: Buffer | null) => {
      if (!done) {
        done = true;
        resolve(v);
      }
    };
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        send(res, 413, refusal('too_large', '提交的内容太大'), true);
        res.on('finish', () => req.destroy());
        finish(null);
      } else chunks.push(c);
    });
    req.on('end', () => finish(Buffer.concat(chunks)));
    req.on('error', () => finish(null));
    req.on('close', () => finish(null));
  });
}

export function startServer(o: ServerOptions): Promise<{
  server: http.Server;
  port: number;
  /** the address of the app without its key: the key is kept by the page's cookie */
  url: string;
  /** open this once per launch: it hands the page its key */
  launchUrl: string;
  launchKey: string;
  /** "name=value" for a Cookie header (tests, and clients that are not a browser page) */
  cookie: string;
  close(): Promise<void>;
}> {
  const maxBody = o.maxBodyBytes ?? MAX_CALL_BODY;
  const maxUpload = o.maxUploadBytes ?? MAX_UPLOAD_BODY;
  const launchKey = o.launchKey ?? randomBytes(32).toString('base64url');
  const streams = new Set<http.ServerResponse>();
  const off = o.client.onJob((e: JobEvent) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(line);
  });
  let port = o.port;
  // Cookies are not kept apart by port: the name carries it, so two launches do not clash.
  const cookieName = () => `wb_launch_${port}`;

  /** Only our own origin may call: guards against other pages and DNS rebinding. */
  const hostAllowed = (req: http.IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    const ok = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    if (!ok.has(host)) return false;
    const origin = req.headers.origin;
    if (origin && !ok.has(origin.replace(/^http:\/\//, ''))) return false;
    return true;
  };

  const sessionToken = (req: http.IncomingMessage) => {
    const t = req.headers['x-workbench-token'];
    return typeof t === 'string' ? t : undefined;
  };

  /** The caller's permissions (accounts.me): [] when there is no login and one is required. */
  const permissionsOf = async (req: http.IncomingMessage): Promise<string[]> => {
    const r = await o.client.call('accounts.me', {}, { via: 'http', token: sessionToken(req) });
    if (!r.ok) return [];
    const v = r.value as { user: unknown; permissions?: string[] };
    return v.user ? (v.permissions ?? []) : [];
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    securityHeaders(res);
    req.on('error', () => {}); // an aborted upload is not the server's failure
    const url = parseTarget(req.url);
    if (!url) return send(res, 400, BAD_REQUEST, true);
    if (!hostAllowed(req)) {
      return send(res, 403, refusal('forbidden_origin', '拒绝访问：只接受本机工作台页面的请求'), true);
    }
    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return handleApi(req, res, url);

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, refusal('method_not_allowed', '不支持的请求'), true);
    // The launch URL: hand the page its key in a cookie, then drop the key from the address bar.
    const offered = url.searchParams.get('launch');
    if (offered !== null) {
      const headers: http.OutgoingHttpHeaders = { location: url.pathname, 'content-length': 0 };
      if (sameSecret(offered, launchKey))
        headers['set-cookie'] = `${cookieName()}=${launchKey}; Path=/; HttpOnly; SameSite=Strict`;
      res.writeHead(303, headers);
      res.end();
      return;
    }
    // Static files of the built renderer; anything else falls back to index.html (hash routing).
    const root = path.resolve(o.staticDir);
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    let file = path.resolve(root, rel || 'index.html');
    if (rel.includes('\0') || (!file.startsWith(root + path.sep) && file !== root))
      file = path.join(root, 'index.html');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('界面文件尚未构建，请先运行 npm run build:renderer');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    // The per-launch secret, before anything else is looked at (and before any body is read).
    if (!sameSecret(cookieValue(req.headers.cookie, cookieName()), launchKey))
      return send(res, 401, LAUNCH_REQUIRED, true);

    if (url.pathname === '/api/call') {
      if (req.method !== 'POST') return send(res, 405, refusal('method_not_allowed', '只接受 POST 请求'), true);
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? ''))
        return send(res, 415, refusal('bad_content_type', '请求内容应为 JSON'), true);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > maxBody) return send(res, 413, refusal('too_large', '提交的内容太大'), true);
      const raw = await readBody(req, res, maxBody);
      if (raw === null) return;
      let body: { method?: unknown; input?: unknown };
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return send(res, 400, refusal('bad_json', '请求格式不正确'));
      }
      if (!body || typeof body !== 'object' || typeof body.method !== 'string')
        return send(res, 400, refusal('bad_request', '缺少要调用的功能名'));
      // The answer arrives as the JSON bytes the worker wrote: sent as they are.
      const json = await o.client.callJson(body.method, body.input, { via: 'http', token: sessionToken(req) });
      return sendJson(res, 200, json);
    }

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, refusal('method_not_allowed', '只接受 GET 请求'), true);
      // Job events carry results: the stream needs the same login as a call (token in the header).
      if ((await permissionsOf(req)).length === 0) return send(res, 401, refusal('login_required', '请先登录'));
      if (req.destroyed) return;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }

    if (url.pathname === '/api/upload') return upload(req, res, url);
    if (url.pathname === '/api/download') return download(req, res, url);
    return send(res, 404, refusal('not_found', '不存在的接口'), true);
  }

  /** POST /api/upload?name=<file name>: the body is the file's bytes, streamed to the uploads folder. */
  async function upload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return send(res, 405, refusal('method_not_allowed', '只接受 POST 请求'), true);
    if (!o.uploadDir) return send(res, 404, refusal('not_found', '不存在的接口'), true);
    const fileName = path.basename((url.searchParams.get('name') ?? '').replace(/\\/g, '/')).slice(0, 300);
    if (!fileName) return send(res, 400, refusal('bad_request', '缺少文件名'), true);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxUpload)
      return send(res, 413, refusal('file_too_large', `文件超过 ${Math.floor(maxUpload / 1048576)} MB`), true);
    // The login (and the right to import) is checked before a byte is written.
    if (!(await permissionsOf(req)).includes('edit'))
      return send(res, 403, refusal('forbidden', '当前账号没有导入文件的权限'), true);
    fs.mkdirSync(o.uploadDir, { recursive: true });
    const tmp = path.join(o.uploadDir, `.upload-${randomBytes(8).toString('hex')}`);
    const out = fs.createWriteStream(tmp, { mode: 0o600 });
    const hash = createHash('sha256');
    let size = 0;
    let failed = false;
    const fail = (status: number, payload: Payload) => {
      if (failed) return;
      failed = true;
      out.destroy();
      fs.rmSync(tmp, { force: true });
      send(res, status, payload, true);
      res.on('finish', () => req.destroy());
    };
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > maxUpload)
        return fail(413, refusal('file_too_large', `文件超过 ${Math.floor(maxUpload / 1048576)} MB`));
      hash.update(c);
      if (!out.write(c)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('aborted', () => fail(400, refusal('upload_aborted', '上传中断，请重新选择文件')));
    req.on('close', () => {
      if (!req.complete) fail(400, refusal('upload_aborted', '上传中断，请重新选择文件'));
    });
    out.on('error', () => fail(500, refusal('upload_failed', '保存上传的文件失败（磁盘空间不足或没有写入权限）')));
    req.on('end', () => {
      if (failed) return;
      if (size === 0) return fail(400, refusal('file_empty', `文件是空的：${fileName}`));
      out.end(() => {
        if (failed) return;
        const digest = hash.digest('hex');
        const ext =
          path
            .extname(fileName)
            .toLowerCase()
            .replace(/[^.a-z0-9]/g, '') || '.csv';
        const file = path.join(o.uploadDir!, `${digest.slice(0, 24)}${ext}`);
        try {
          fs.renameSync(tmp, file);
        } catch {
          return fail(500, refusal('upload_failed', '保存上传的文件失败（磁盘空间不足或没有写入权限）'));
        }
        send(res, 200, { ok: true, value: { file, fileName, size, hash: digest } });
      });
    });
  }

  /** GET /api/download?file=<path>: a file from the app's export folders, as an attachment. */
  async function download(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET') return send(res, 405, refusal('method_not_allowed', '只接受 GET 请求'), true);
    if ((await permissionsOf(req)).length === 0) return send(res, 401, refusal('login_required', '请先登录'));
    const wanted = url.searchParams.get('file') ?? '';
    let file: string | null = null;
    for (const dir of o.downloadDirs ?? []) {
      try {
        file = confinedPath(dir, wanted);
        break;
      } catch {
        // not in this folder
      }
    }
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile())
      return send(res, 404, refusal('file_not_found', '找不到要下载的文件'));
    const name = path.basename(file);
    res.writeHead(200, {
      'content-type': DOWNLOAD_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream',
      'content-length': fs.statSync(file).size,
      'content-disposition': `attachment; filename="download${path.extname(name)}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    fs.createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    handle(req, res).catch((err) => {
      process.stderr.write(`[server] ${req.method} request failed: ${(err as Error)?.stack ?? err}\n`);
      send(res, 500, refusal('internal', '程序内部错误，请求未完成'), true);
    });
  });
  // Slow or stalled clients are cut off instead of holding the server.
  server.headersTimeout = 15_000;
  server.requestTimeout = 120_000;
  // Unparseable requests (bad header, header too large, bad framing) get an answer, never a crash.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (err as { code?: string }).code === 'ECONNRESET') return void socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    const body = JSON.stringify(BAD_REQUEST);
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      const url = `http://127.0.0.1:${port}/`;
      resolve({
        server,
        port,
        url,
        launchUrl: `${url}?launch=${launchKey}`,
        launchKey,
        cookie: `${cookieName()}=${launchKey}`,
        close: () =>
          new Promise<void>((r) => {
            off();
            for (const s of streams) s.end();
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}
