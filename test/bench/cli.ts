/**
 * CLI start-up: wall time from start to exit of `init` on an existing database (the first JSON is
 * printed just before exit) for
 * - bare `node -e 0` (the baseline: Node's own start-up on this machine now),
 * - the bundle with V8's code cache (`node dist-electron/wb.cjs`, what wb.cmd runs),
 * - the bundle compiled at every start (`node dist-electron/cli.cjs`),
 * - `npm run --silent cli` (npm's own start-up, the staleness check, then wb.cjs),
 * - the TypeScript sources through tsx (how `npm run cli` started before the bundle).
 * Runs are interleaved and the median of each is printed with its ratio to bare Node.
 *
 * On a big existing file — BENCH_CLI_DB=<file>, or with BENCH_SIZE=city the reports benchmark's kept
 * city database (BENCH_KEEP_DIR) — it also times `init` (which opens by header and schema) against
 * `check` (the full quick_check every command used to run at open), both through wb.cjs. The file
 * is only read: one that `init` would migrate is left alone.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { latestVersion, needsMigration } from '../../electron/db/migrate';
import { reportsDemoFile } from './lib/kept';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 7);

function time(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return wall;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function run(): string[] {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-electron.mjs')], { cwd: ROOT });
  if (build.status !== 0) throw new Error('构建失败');
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wb-bench-cli-')), 'workbench.db');
  const init = ['init', '--db', db];
  const cases: [string, string, string[]][] = [
    ['node -e 0（基线）', process.execPath, ['-e', '0']],
    ['wb.cjs（代码缓存）', process.execPath, [path.join(ROOT, 'dist-electron', 'wb.cjs'), ...init]],
    ['cli.cjs（每次编译）', process.execPath, [path.join(ROOT, 'dist-electron', 'cli.cjs'), ...init]],
    ['npm run --silent cli', 'npm', ['run', '--silent', 'cli', '--', ...init]],
    ['tsx electron/cli.ts（之前）', path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['electron/cli.ts', ...init]],
  ];
  // the database exists and the code cache is written before timing
  time(process.execPath, [path.join(ROOT, 'dist-electron', 'wb.cjs'), ...init]);
  time(process.execPath, [path.join(ROOT, 'dist-electron', 'wb.cjs'), ...init]);
  const walls = cases.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) cases.forEach(([, cmd, args], k) => walls[k].push(time(cmd, args)));
  const base = median(walls[0]);
  const lines = [`init 到退出的时间（中位数，${RUNS} 次交替运行；负载 ${os.loadavg()[0].toFixed(1)}）`];
  cases.forEach(([name], k) => {
    const m = median(walls[k]);
    lines.push(`${name.padEnd(28)} ${(m / 1000).toFixed(3)} 秒  ${(m / base).toFixed(2)}× 基线`);
  });
  const bundle = median(walls[1]) - base;
  lines.push(`wb.cjs 比 Node 自身启动多用 ${(bundle / 1000).toFixed(3)} 秒`);
  return [...lines, ...bigFile(base)];
}

/** `init` and `check` on a big existing file (see the head of this file); `base` is bare Node's start-up. */
function bigFile(base: number): string[] {
  const file = process.env.BENCH_CLI_DB ?? (process.env.BENCH_SIZE === 'city' ? reportsDemoFile('city', 1) : null);
  if (!file) return [];
  if (!fs.existsSync(file)) return [`大文件 ${file} 不存在：跳过`];
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  const untouched =
    !needsMigration(probe) && (probe.pragma('user_version', { simple: true }) as number) <= latestVersion();
  probe.close();
  if (!untouched) return [`大文件 ${file} 的结构版本与本程序不同，init 会改动它：跳过`];
  const wb = path.join(ROOT, 'dist-electron', 'wb.cjs');
  const init = () => time(process.execPath, [wb, 'init', '--db', file]);
  const check = () => time(process.execPath, [wb, 'check', '--db', file]);
  init(); // the file's header and schema in the page cache, as for the runs above
  const inits = Array.from({ length: RUNS }, init);
  const checks = [check(), check(), check()];
  const i = median(inits);
  const c = median(checks);
  return [
    `大文件（${(fs.statSync(file).size / 1e9).toFixed(2)} GB，负载 ${os.loadavg()[0].toFixed(1)}）：` +
      `init ${(i / 1000).toFixed(3)} 秒（${(i / base).toFixed(2)}× 基线，${RUNS} 次中位数）；` +
      `check（完整检查，之前每个命令打开时都做）${(c / 1000).toFixed(2)} 秒（3 次中位数）`,
    `比值 init ÷ check：${(i / c).toFixed(3)}`,
  ];
}
