/**
 * Memory of the backend at a whole city's size (BENCH_SIZE=city; opt-in: it needs a copy of the
 * city database, ≈ 3.8 GB of free disk). The Windows build ships ia32 as well: the app — Electron
 * main, the DB worker, a job thread, the renderer — then has about 2 GB of address space on an
 * office PC with 4 GB of memory, so the backend's peak is held to ≈ 700 MB.
 *
 * The city's database (the reports benchmark's kept file, or BENCH_MEMORY_DB) is copied into a
 * folder of its own (BENCH_MEMORY_DIR keeps the copy there for the next run; the temp folder
 * otherwise, removed at the end) — the kept file is never written. Browser mode (the bundled
 * dist-electron/server.cjs, as `npm start` runs it; there the Electron main's part, the DB worker
 * and its job threads live in one process) is started on the copy and Chromium is driven through
 * every page of the left menu (test/e2e/pages.spec.ts), the 月报, a 周报, a 品牌培育 trend over
 * every retailer, one orders import (≈ 400,000 lines, BENCH_IMPORT_ROWS: the last month's first
 * days moved one month on, as the next month's file) and its 撤销, which leaves the copy as it was.
 *
 * The server's resident memory (VmRSS of its process tree) is read every 100 ms, and the
 * kernel's high-water mark (VmHWM) is reset before each step (/proc/<pid>/clear_refs), so each
 * step prints its own peak: absolute, and as a ratio to the idle server's (after its start and
 * the file check). Each step also prints the largest API answer it received and the most
 * database connections open at once (descriptors on the file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { chromium, type Page } from 'playwright-core';
// @ts-expect-error the build script is plain JavaScript
import { buildElectron, bundleStale } from '../../scripts/build-electron.mjs';
import { daysInMonth, isoWeekOf, isoWeekText } from '../../common/days';
import { reportsDemoFile } from './lib/kept';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CITY = process.env.BENCH_SIZE === 'city';
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 400_000);
/** the goal for the backend's peak through the whole tour */
const GOAL_MB = 700;

/**
 * The pages of the left menu, as test/e2e/pages.spec.ts lists them (read from its text: importing
 * the spec would declare its tests outside the test runner).
 */
function menuPages(): [string, string][] {
  const text = fs.readFileSync(path.join(ROOT, 'test', 'e2e', 'pages.spec.ts'), 'utf8');
  const list = /export const PAGES[^=]*=\s*\[([\s\S]*?)\n\];/.exec(text)?.[1] ?? '';
  const pages = [...list.matchAll(/\[\s*'([^']+)',\s*'([^']+)'\s*\]/g)].map((m): [string, string] => [m[1], m[2]]);
  if (pages.length < 10) throw new Error('没有从 test/e2e/pages.spec.ts 读到页面清单');
  return pages;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** VmRSS and VmHWM (bytes) of one process, or null once it is gone. */
function status(pid: number): { rss: number; hwm: number; threads: number } | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM'), threads: kb('Threads') / 1024 };
  } catch {
    return null;
  }
}

/** The process and every descendant (browser mode has none, but a helper process would count). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      (children.get(ppid) ?? children.set(ppid, []).get(ppid)!).push(Number(e));
    } catch {
      // gone meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

/** Open descriptors on the database file itself: one per SQLite connection. */
function connections(pid: number, dbPath: string): number {
  let n = 0;
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === dbPath) n++;
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // gone
  }
  return n;
}

interface Call {
  method: string;
  bytes: number;
  ms: number;
}

/** The API answers of a step: each call's method, size and time (a page's are read as they arrive). */
class Calls {
  list: Call[] = [];
  pending: Promise<unknown>[] = [];
  add(c: Call) {
    this.list.push(c);
  }
  async drain(): Promise<Call[]> {
    while (this.pending.length) await Promise.allSettled(this.pending.splice(0));
    return this.list.splice(0);
  }
}

interface Step {
  name: string;
  peak: number;
  connections: number;
  threads: number;
  calls: Call[];
  ms: number;
}

const biggestOf = (calls: Call[]): Call | null =>
  calls.reduce<Call | null>((a, b) => (!a || b.bytes > a.bytes ? b : a), null);

/** Samples the server every 100 ms; `step` runs one step and records its peak. */
function sampler(pid: number, dbPath: string) {
  let peak = 0;
  let conns = 0;
  let threads = 0;
  let samples: number[] = [];
  const tick = () => {
    let rss = 0;
    for (const p of tree(pid)) rss += status(p)?.rss ?? 0;
    const s = status(pid);
    peak = Math.max(peak, rss);
    threads = Math.max(threads, s?.threads ?? 0);
    conns = Math.max(conns, connections(pid, dbPath));
    samples.push(rss);
  };
  const timer = setInterval(tick, 100);
  const resetHwm = () => {
    try {
      fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  };
  return {
    /** the median resident size over `ms` */
    async idle(ms: number): Promise<number> {
      samples = [];
      await new Promise((r) => setTimeout(r, ms));
      const s = [...samples].sort((a, b) => a - b);
      return s[Math.floor(s.length / 2)];
    },
    async step(name: string, f: () => Promise<void>, calls: Calls): Promise<Step> {
      await calls.drain();
      resetHwm();
      tick();
      peak = 0;
      conns = 0;
      threads = 0;
      tick();
      const t = performance.now();
      await f();
      const ms = performance.now() - t;
      const list = await calls.drain();
      tick();
      const hwm = status(pid)?.hwm ?? 0;
      const step = { name, peak: Math.max(peak, hwm), connections: conns, threads, calls: list, ms };
      process.stderr.write(`[memory] ${name}: ${mb(step.peak)}, ${(ms / 1000).toFixed(1)} s\n`);
      if (process.env.BENCH_MEMORY_CALLS)
        for (const c of list)
          process.stderr.write(`    ${c.method} ${(c.bytes / 1024).toFixed(0)} KB ${c.ms.toFixed(0)} ms\n`);
      return step;
    },
    stop: () => clearInterval(timer),
  };
}

/** The city's database, copied (once) into the working folder with the daily backup off. */
function workingCopy(dir: string, out: string[]): string {
  const copy = path.join(dir, 'workbench.db');
  if (!fs.existsSync(copy)) {
    const src = process.env.BENCH_MEMORY_DB ?? reportsDemoFile('city', 1);
    if (!fs.existsSync(src))
      throw new Error(`没有地市规模的示例数据库（${src}）：先运行 BENCH_SIZE=city npm run bench -- reports 生成`);
    const t = performance.now();
    fs.copyFileSync(src, copy + '.part');
    for (const side of ['-wal']) if (fs.existsSync(src + side)) fs.copyFileSync(src + side, copy + '.part' + side);
    fs.renameSync(copy + '.part', copy);
    if (fs.existsSync(copy + '.part-wal')) fs.renameSync(copy + '.part-wal', copy + '-wal');
    out.push(`复制地市数据库（${mb(fs.statSync(copy).size)}）：${((performance.now() - t) / 1000).toFixed(1)} 秒`);
  }
  const db = new Database(copy);
  // No automatic backup of a 3.75 GB file while measuring; the first-run wizard is done.
  const put = db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  put.run('backupDaily', 'false');
  put.run('setupDone', 'true');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return copy;
}

/**
 * The next month's orders file: the last month's first days (≈ ROWS lines) with their dates
 * (and the date inside the order number) moved one month on. Returns the file and its lines.
 */
function nextMonthFile(dbPath: string, dir: string): { file: string; lines: number; month: string } {
  const db = new Database(dbPath, { readonly: true });
  const last = db.prepare('SELECT MAX(day) FROM order_lines').pluck().get() as number;
  const first = Math.floor(last / 100) * 100 + 1;
  const perDay = db
    .prepare('SELECT day, COUNT(*) n FROM order_lines WHERE day >= ? GROUP BY day ORDER BY day')
    .all(first) as { day: number; n: number }[];
  let through = first;
  for (let i = 0, n = 0; i < perDay.length && n < ROWS; i++) {
    n += perDay[i].n;
    through = perDay[i].day;
  }
  const y = Math.floor(last / 10000);
  const m = Math.floor(last / 100) % 100;
  const next = m === 12 ? (y + 1) * 100 + 1 : y * 100 + m + 1;
  const days = daysInMonth(Math.floor(next / 100), next % 100);
  through = Math.min(through, Math.floor(through / 100) * 100 + days);
  const moved = (day: number) => next * 100 + (day % 100);
  const iso = (d: number) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6)}`;
  const file = path.join(dir, `订单明细${moved(first)}-${moved(through)}.csv`);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '订单日期,订单号,客户编码,卷烟编码,需求量,订购量,单价,金额\n');
  let chunk = '';
  let lines = 0;
  const rows = db
    .prepare(
      `SELECT o.day, o.order_no AS orderNo, r.code, p.code AS pcode, o.demand_tiao AS demand, o.qty_tiao AS qty,
              o.price_fen AS price, o.amount_fen AS amount
       FROM order_lines o JOIN retailers r ON r.id = o.retailer_id JOIN products p ON p.id = o.product_id
       WHERE o.day BETWEEN ? AND ? ORDER BY o.id`,
    )
    .iterate(first, through) as Iterable<{
    day: number;
    orderNo: string;
    code: string;
    pcode: string;
    demand: number;
    qty: number;
    price: number;
    amount: number;
  }>;
  for (const x of rows) {
    const d = moved(x.day);
    const no = x.orderNo.includes(String(x.day)) ? x.orderNo.replace(String(x.day), String(d)) : `${x.orderNo}-${d}`;
    chunk += `${iso(d)},${no},${x.code},${x.pcode},${x.demand},${x.qty},${(x.price / 100).toFixed(2)},${(x.amount / 100).toFixed(2)}\n`;
    lines++;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
  db.close();
  return { file, lines, month: `${Math.floor(next / 100)}-${String(next % 100).padStart(2, '0')}` };
}

/** Browser mode on the copy, as `npm start` runs it (the bundles), on a free port. */
async function startServer(
  dbPath: string,
): Promise<{ proc: ChildProcess; launchUrl: string; url: string; spawnedAt: number }> {
  if (bundleStale(['server', 'dbWorker', 'textExtractWorker'])) await buildElectron({ quiet: true });
  if (!fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html'))) {
    const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('界面构建失败');
  }
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [path.join(ROOT, 'dist-electron', 'server.cjs')], {
    cwd: ROOT,
    env: { ...process.env, WORKBENCH_PORT: '0', WORKBENCH_DB: dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stderr!.on('data', (d) => (log += d.toString()));
  const launchUrl = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      log += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]+)/.exec(log);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (c) => reject(new Error(`服务未能启动（退出码 ${c}）：${log}`)));
  });
  return { proc, launchUrl, url: new URL(launchUrl).origin + '/', spawnedAt };
}

type JobEv = {
  jobId: string;
  name: string;
  type: string;
  error?: { message: string };
  followUps?: { jobId: string }[];
};

/**
 * Starts a job and waits until it and every follow-up it named have ended, on an event stream
 * of its own opened first (a stream kept open for the whole tour may be cut meanwhile); throws
 * when one did not succeed. Returns the job's own end.
 */
async function runJob(url: string, cookie: string, start: () => Promise<string>): Promise<JobEv> {
  const seen: JobEv[] = [];
  let wake = () => {};
  const ctl = new AbortController();
  const res = await fetch(url + 'api/events', { headers: { cookie }, signal: ctl.signal });
  const reading = (async () => {
    const dec = new TextDecoder();
    let buf = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buf += dec.decode(chunk, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        for (const line of block.split('\n'))
          if (line.startsWith('data: ')) {
            seen.push(JSON.parse(line.slice(6)) as JobEv);
            wake();
          }
      }
    }
  })().catch(() => {});
  try {
    const ended = (id: string) => seen.find((e) => e.jobId === id && ['done', 'failed', 'cancelled'].includes(e.type));
    const pending = [await start()];
    let first: JobEv | undefined;
    while (pending.length) {
      const id = pending.shift()!;
      let e = ended(id);
      while (!e) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 1000);
        });
        e = ended(id);
      }
      if (e.type !== 'done') throw new Error(`任务 ${e.name} 未完成：${e.error?.message ?? e.type}`);
      first ??= e;
      for (const f of e.followUps ?? []) pending.push(f.jobId);
    }
    return first!;
  } finally {
    ctl.abort();
    await reading;
  }
}

/**
 * The page's API calls in flight. A route change is a change of the address's hash, so the load
 * state says nothing about the calls the new page makes: they are counted instead.
 */
function inFlight(page: Page) {
  let n = 0;
  let last = performance.now();
  const isCall = (url: string) => url.includes('/api/');
  page.on('request', (r) => {
    if (isCall(r.url()) && !r.url().includes('/api/events')) n++;
  });
  const end = (r: { url(): string }) => {
    if (isCall(r.url()) && !r.url().includes('/api/events')) {
      n--;
      last = performance.now();
    }
  };
  page.on('requestfinished', end);
  page.on('requestfailed', end);
  /** waits until no call has been in flight for 1 s and no spinner shows */
  return async function settle(): Promise<void> {
    await page.waitForLoadState('load');
    for (;;) {
      await new Promise((r) => setTimeout(r, 250));
      if (n > 0 || performance.now() - last < 1000) continue;
      const spinning = await page.evaluate(() => document.querySelectorAll('.ant-spin-spinning').length);
      if (spinning === 0 && n === 0) return;
    }
  };
}

export async function run(): Promise<string[]> {
  const out: string[] = [];
  if (!CITY) return ['地市规模的内存巡检只在 BENCH_SIZE=city 时运行（需要约 3.8 GB 磁盘放数据库副本）。'];
  const keepDir = process.env.BENCH_MEMORY_DIR;
  const dir = keepDir ? path.resolve(keepDir) : fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-memory-'));
  fs.mkdirSync(dir, { recursive: true });
  let proc: ChildProcess | null = null;
  let browser: Awaited<ReturnType<typeof chromium.launch>> | null = null;
  try {
    const dbPath = workingCopy(dir, out);
    const csv = nextMonthFile(dbPath, dir);
    const srv = await startServer(dbPath);
    proc = srv.proc;
    // the server does not outlive this process, whatever ends it
    const server = proc;
    process.once('exit', () => server.kill('SIGKILL'));
    const pid = proc.pid!;
    const s = sampler(pid, dbPath);
    const responses = new Calls();
    const steps: Step[] = [];
    const launched = await fetch(srv.launchUrl, { redirect: 'manual' });
    const cookie = (launched.headers.get('set-cookie') ?? '').split(';')[0];
    const call = async <T>(method: string, input: unknown = {}): Promise<T> => {
      const t = performance.now();
      const res = await fetch(srv.url + 'api/call', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ method, input }),
      });
      const text = await res.text();
      responses.add({ method, bytes: Buffer.byteLength(text), ms: performance.now() - t });
      const r = JSON.parse(text) as { ok: boolean; value?: T; error?: { message: string } };
      if (!r.ok) throw new Error(`${method}：${r.error?.message}`);
      return r.value as T;
    };
    const job = (name: string, input: unknown) =>
      runJob(srv.url, cookie, async () => (await call<{ jobId: string }>('jobs.start', { name, input })).jobId);

    // The start: the file opened, then its full check on a thread of its own.
    steps.push(
      await s.step(
        '启动与完整性检查',
        async () => {
          for (;;) {
            const c = await call<{ state: string }>('system.fileCheck', {});
            if (c.state === 'passed' || c.state === 'failed') break;
            await new Promise((r) => setTimeout(r, 500));
          }
        },
        responses,
      ),
    );
    const startMs = performance.now() - srv.spawnedAt;
    await new Promise((r) => setTimeout(r, 4000)); // the standby job thread loads after 3 s
    const idle = await s.idle(3000);

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // Each call's answer: its size as the browser received it, and its time.
    page.on('requestfinished', (req) => {
      if (!req.url().endsWith('/api/call')) return;
      let method = '?';
      try {
        method = (req.postDataJSON() as { method: string }).method;
      } catch {
        // not JSON
      }
      const t = req.timing();
      responses.pending.push(
        req
          .sizes()
          .then((z) => responses.add({ method, bytes: z.responseBodySize, ms: t.responseEnd }))
          .catch(() => {}),
      );
    });
    const settle = inFlight(page);
    await page.goto(srv.launchUrl);
    await settle();
    // BENCH_MEMORY_PAGES=0 leaves the pages out (to look at the reports and the import alone)
    for (const [route, name] of process.env.BENCH_MEMORY_PAGES === '0' ? [] : menuPages()) {
      steps.push(
        await s.step(
          `页面 ${route}（${name}）`,
          async () => {
            await page.goto(srv.url + '#' + route);
            await settle();
          },
          responses,
        ),
      );
    }
    const opts = await call<{ months?: string[]; brands: string[]; managers: { code: string }[] }>(
      'reports.options',
      {},
    );
    const lastDay = (() => {
      const db = new Database(dbPath, { readonly: true });
      const d = db.prepare('SELECT MAX(day) FROM order_lines').pluck().get() as number;
      db.close();
      return d;
    })();
    const month = `${String(lastDay).slice(0, 4)}-${String(lastDay).slice(4, 6)}`;
    const printView = async (route: string) => {
      await page.goto(srv.url + '#' + route);
      await page.waitForSelector('html[data-print-ready="true"]', { state: 'attached', timeout: 600_000 });
      await settle();
    };
    steps.push(
      await s.step(`月报（${month}，打印视图）`, () => printView(`/reports/print/pack?month=${month}`), responses),
    );
    const lastWeek = isoWeekText(isoWeekOf(lastDay));
    steps.push(
      await s.step(
        `周报（${lastWeek}，打印视图）`,
        () => printView(`/reports/print/weekly?week=${lastWeek}`),
        responses,
      ),
    );
    // A 品牌培育 project over every retailer (no target 客户集), two months to the last data day.
    const projectName = '内存巡检培育';
    const existing = (await call<{ rows: { id: number; name: string }[] }>('cultivation.list', {})).rows.find(
      (p) => p.name === projectName,
    );
    const from = `${month.slice(0, 4)}-${String(Number(month.slice(5)) - 1).padStart(2, '0')}-01`;
    const project =
      existing ??
      (await call<{ id: number }>('cultivation.save', {
        name: projectName,
        products: `brand:${opts.brands[opts.brands.length - 1]}`,
        from,
        to: `${month}-${String(lastDay % 100).padStart(2, '0')}`,
        targets: opts.managers.map((m) => ({
          manager: m.code,
          distributionRate: 0.6,
          repeatRate: 0.3,
          shelfRate: null,
        })),
      }));
    steps.push(
      await s.step(
        '培育走势（全部零售客户，两个月）',
        async () => {
          await page.goto(srv.url + '#/cultivation');
          await settle();
          await call('cultivation.trend', { id: project.id });
          await printView(`/cultivation/print?id=${project.id}&week=1`);
        },
        responses,
      ),
    );
    // The next month's orders file: uploaded, previewed, imported (with the follow-ups), then undone.
    let batchId = 0;
    steps.push(
      await s.step(
        `订单导入 ${csv.lines.toLocaleString('en-US')} 行（${csv.month}）`,
        async () => {
          const body = fs.readFileSync(csv.file);
          const up = await fetch(srv.url + 'api/upload?name=' + encodeURIComponent(path.basename(csv.file)), {
            method: 'POST',
            headers: { cookie, 'content-type': 'application/octet-stream' },
            body,
          });
          const file = ((await up.json()) as { value: { file: string } }).value.file;
          await job('imports.preview', { kind: 'orders', file });
          const done = (await job('imports.run', { kind: 'orders', file })) as unknown as {
            result?: { batchId?: number };
          };
          batchId = done.result?.batchId ?? 0;
        },
        responses,
      ),
    );
    steps.push(
      await s.step(
        '导入后首页',
        async () => {
          await page.goto(srv.url + '#/');
          await settle();
        },
        responses,
      ),
    );
    if (batchId) {
      steps.push(
        await s.step(
          '撤销这次导入',
          async () => {
            await call('imports.rollback', { batchId });
          },
          responses,
        ),
      );
    }
    s.stop();

    const worst = steps.reduce((a, b) => (b.peak > a.peak ? b : a));
    const biggest = biggestOf(steps.flatMap((x) => x.calls));
    const slowest = steps.flatMap((x) => x.calls).reduce<Call | null>((a, b) => (!a || b.ms > a.ms ? b : a), null);
    out.push(
      `地市数据库 ${mb(fs.statSync(dbPath).size)}；服务启动到完整性检查结束 ${(startMs / 1000).toFixed(1)} 秒；空闲服务常驻内存 ${mb(idle)}（基准）`,
    );
    out.push('步骤 | 峰值常驻内存 | ÷ 空闲 | 同时打开的数据库连接 | 线程 | 最大的接口回答 | 用时');
    for (const x of steps) {
      const b = biggestOf(x.calls);
      out.push(
        `${x.name} | ${mb(x.peak)} | ${(x.peak / idle).toFixed(2)} | ${x.connections} | ${x.threads} | ${
          b ? `${b.method} ${(b.bytes / 1024).toFixed(0)} KB` : '—'
        } | ${(x.ms / 1000).toFixed(1)} 秒`,
      );
    }
    out.push(
      `【比值】整个巡检的峰值 ÷ 空闲 = ${(worst.peak / idle).toFixed(2)}（${mb(worst.peak)}，在「${worst.name}」；目标 ≤ ${GOAL_MB} MB）` +
        (biggest ? `；最大的接口回答 ${biggest.method} ${(biggest.bytes / 1048576).toFixed(2)} MB` : '') +
        (slowest ? `；最慢的调用 ${slowest.method} ${(slowest.ms / 1000).toFixed(1)} 秒` : ''),
    );
    return out;
  } finally {
    await browser?.close();
    if (proc && proc.exitCode === null) {
      const exited = new Promise((r) => proc!.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
