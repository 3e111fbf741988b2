/**
 * Browser mode: the built renderer and the same API contract over HTTP on
 * 127.0.0.1 only. POST /api/call {method, input} → Result; GET /api/events is
 * a server-sent event stream of job events. The session token travels in the
 * x-workbench-token header, never in a URL.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { WorkerClient } from '../api/workerClient';
import type { JobEvent } from '../api/define';

export interface ServerOptions {
  client: WorkerClient;
  /** folder of the built renderer (dist/renderer) */
  staticDir: string;
  port: number;
  /** largest request body accepted (uploads arrive as base64 inside JSON) */
  maxBodyBytes?: number;
}

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

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-src 'self' blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function securityHeaders(res: http.ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-store');
}

/** Only our own origin may call: guards against other pages and DNS rebinding. */
function hostAllowed(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  const ok = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (!ok.has(host)) return false;
  const origin = req.headers.origin;
  if (origin && !ok.has(origin.replace(/^http:\/\//, ''))) return false;
  return true;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

export function startServer(
  o: ServerOptions,
): Promise<{ server: http.Server; port: number; url: string; close(): Promise<void> }> {
  const maxBody = o.maxBodyBytes ?? 300 * 1024 * 1024;
  const streams = new Set<http.ServerResponse>();
  const off = o.client.onJob((e: JobEvent) => {
    const line = `data: ${JSON.stringify(e)}\n\n`;
    for (const s of streams) s.write(line);
  });
  let port = o.port;
  const server = http.createServer((req, res) => {
    securityHeaders(res);
    if (!hostAllowed(req, port)) {
      send(res, 403, {
        ok: false,
        error: { code: 'forbidden_origin', message: '拒绝访问：只接受本机工作台页面的请求' },
      });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api/call') {
      if (req.method !== 'POST')
        return send(res, 405, { ok: false, error: { code: 'method_not_allowed', message: '只接受 POST 请求' } });
      const chunks: Buffer[] = [];
      let size = 0;
      let aborted = false;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBody) {
          aborted = true;
          send(res, 413, { ok: false, error: { code: 'too_large', message: '提交的内容太大' } });
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', async () => {
        if (aborted) return;
        let body: { method?: unknown; input?: unknown };
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return send(res, 400, { ok: false, error: { code: 'bad_json', message: '请求格式不正确' } });
        }
        if (!body || typeof body.method !== 'string')
          return send(res, 400, { ok: false, error: { code: 'bad_request', message: '缺少要调用的功能名' } });
        const token = req.headers['x-workbench-token'];
        const result = await o.client.call(body.method, body.input, {
          via: 'http',
          token: typeof token === 'string' ? token : undefined,
        });
        send(res, 200, result);
      });
      return;
    }
    if (url.pathname === '/api/events') {
      // Job events carry results: the stream needs the same login as a call (token in the header).
      const token = req.headers['x-workbench-token'];
      void o.client
        .call('accounts.me', {}, { via: 'http', token: typeof token === 'string' ? token : undefined })
        .then((r) => {
          const user = r.ok ? (r.value as { user: unknown }).user : null;
          if (!user) return send(res, 401, { ok: false, error: { code: 'login_required', message: '请先登录' } });
          if (req.destroyed) return;
          res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
          res.write(': connected\n\n');
          streams.add(res);
          req.on('close', () => streams.delete(res));
        });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { ok: false, error: { code: 'method_not_allowed', message: '不支持的请求' } });
    // Static files of the built renderer; anything else falls back to index.html (hash routing).
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    let file = path.resolve(o.staticDir, rel || 'index.html');
    if (!file.startsWith(path.resolve(o.staticDir) + path.sep) && file !== path.resolve(o.staticDir))
      file = path.join(o.staticDir, 'index.html');
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(o.staticDir, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('界面文件尚未构建，请先运行 npm run build:renderer');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        url: `http://127.0.0.1:${port}/`,
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
