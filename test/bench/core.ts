/**
 * Skeleton figures: ping latency through the DB worker while a long job runs
 * (against the same ping with the worker idle), and cold start of browser mode
 * to the first paint of the shell in Chromium.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startWorker } from '../../electron/api/workerClient';
import type { JobEvent } from '../../electron/api/define';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function pings(client: Awaited<ReturnType<typeof startWorker>>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await client.call('system.ping', {}, { via: 'bench' });
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
  return out;
}

async function pingDuringJob(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
  const client = await startWorker({
    dbPath: path.join(dir, 'b.db'),
    dataDir: dir,
    extraModulePaths: [path.join(ROOT, 'test/unit/core/fixtures/testModule.ts')],
  });
  const idle = await pings(client, 100);
  const events: JobEvent[] = [];
  client.onJob((e) => events.push(e));
  const r = (await client.call(
    'jobs.start',
    { name: 'test.slowWrite', input: { rows: 300000, spinMs: 0.01 } },
    { via: 'bench' },
  )) as { ok: true; value: { jobId: string } };
  while (!events.some((e) => e.type === 'progress')) await new Promise((res) => setTimeout(res, 5));
  const busy = await pings(client, 100);
  const stillRunning = !events.some((e) => e.jobId === r.value.jobId && e.type !== 'progress' && e.type !== 'started');
  await client.call('jobs.cancel', { jobId: r.value.jobId }, { via: 'bench' });
  while (!events.some((e) => e.type === 'cancelled' || e.type === 'done'))
    await new Promise((res) => setTimeout(res, 5));
  await client.close();
  return [
    `ping（空闲）: 中位数 ${pct(idle, 50).toFixed(2)} ms, p95 ${pct(idle, 95).toFixed(2)} ms`,
    `ping（写入任务进行中${stillRunning ? '' : '，但任务已提前结束'}）: 中位数 ${pct(busy, 50).toFixed(2)} ms, p95 ${pct(busy, 95).toFixed(2)} ms`,
    `比值 任务中/空闲（中位数）: ${(pct(busy, 50) / pct(idle, 50)).toFixed(2)}`,
  ];
}

async function coldStart(): Promise<string[]> {
  const { chromium } = await import('@playwright/test');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-'));
  const t0 = performance.now();
  const proc = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'electron/server/start.ts')], {
    cwd: ROOT,
    env: { ...process.env, WORKBENCH_PORT: '0', WORKBENCH_DB: path.join(dir, 'w.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
  });
  const tServer = performance.now();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const tBrowser = performance.now();
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByText('首页').first().waitFor();
  const tPaint = performance.now();
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  await browser.close();
  proc.kill('SIGTERM');
  return [
    `浏览器模式冷启动：服务就绪 ${(tServer - t0).toFixed(0)} ms（含 tsx 编译与数据库迁移）`,
    `页面打开到首页可见 ${(tPaint - tBrowser).toFixed(0)} ms，首次内容绘制 ${fcp ? fcp.toFixed(0) : '—'} ms`,
    `从启动命令到首页可见（不含启动 Chromium ${(tBrowser - tServer).toFixed(0)} ms）: ${(tServer - t0 + tPaint - tBrowser).toFixed(0)} ms`,
  ];
}

export async function run(): Promise<string[]> {
  return [...(await pingDuringJob()), ...(await coldStart())];
}
