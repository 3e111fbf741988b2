/**
 * The packaged layout: what the installer carries — dist-electron/ (every Node-side entry bundled),
 * dist/renderer/, package.json and only the runtime dependencies (better-sqlite3 and what it
 * requires) — copied into a folder outside the repo, where no other node_modules can be found.
 * There the bundled CLI initialises a database, imports masters (CSV in GBK, .xlsx, .xls) and
 * orders, reports the month, files an archive item with a PDF and a .docx attachment whose Chinese
 * text a 2-character search then finds; and browser mode starts from the bundle and shows its
 * first screen in Chromium. Node runs the bundles here as the app's executable does with
 * ELECTRON_RUN_AS_NODE on an installed PC (wb.cmd).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Document, Packer, Paragraph } from 'docx';
import { test, expect, ROOT, shot, cliResult } from './fixtures';
import { masterFiles, writeCsv } from '../unit/masterdata/fixtures';

test.describe.configure({ mode: 'serial' });

let dir = '';
let db = '';
let server: ChildProcess | null = null;

/** The production dependency closure of the app, as npm resolves it from the repo. */
function runtimeModules(): string[] {
  const req = createRequire(path.join(ROOT, 'package.json'));
  const seen = new Map<string, string>();
  const visit = (name: string, from: string) => {
    const r = createRequire(path.join(from, 'package.json'));
    let pkgJson: string;
    try {
      pkgJson = r.resolve(`${name}/package.json`);
    } catch {
      return; // an optional dependency that is not installed
    }
    const pkgDir = path.dirname(pkgJson);
    if (seen.has(pkgDir)) return;
    seen.set(pkgDir, name);
    const pkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, pkgDir);
  };
  const root = JSON.parse(fs.readFileSync(req.resolve('./package.json'), 'utf8'));
  for (const dep of Object.keys(root.dependencies ?? {})) visit(dep, ROOT);
  return [...seen.keys()];
}

function run(args: string[]): { code: number; json: any; stderr: string } {
  // wb.cjs, as wb.cmd runs it: it loads cli.cjs with V8's code cache
  const r = spawnSync(process.execPath, [path.join(dir, 'dist-electron', 'wb.cjs'), ...args, '--db', db], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_PATH: '', WORKBENCH_TOKEN: '' },
  });
  return cliResult(r);
}

test.beforeAll(async () => {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-electron.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  expect(fs.existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html')), '先构建界面（vite build）').toBe(true);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-packaged-'));
  fs.cpSync(path.join(ROOT, 'dist-electron'), path.join(dir, 'dist-electron'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'dist', 'renderer'), path.join(dir, 'dist', 'renderer'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  for (const m of runtimeModules()) {
    const rel = path.relative(ROOT, m);
    expect(rel.startsWith('node_modules' + path.sep)).toBe(true);
    fs.cpSync(m, path.join(dir, rel), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}deps${path.sep}`),
    });
  }
  db = path.join(dir, 'data', 'workbench.db');
  fs.mkdirSync(path.dirname(db));
});

test.afterAll(async () => {
  server?.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 200));
});

test('only native modules are runtime dependencies, and the copy holds nothing else', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(Object.keys(pkg.dependencies)).toEqual(['better-sqlite3']);
  const top = fs.readdirSync(path.join(dir, 'node_modules')).sort();
  expect(top).toContain('better-sqlite3');
  for (const lib of ['antd', 'react', 'xlsx', 'zod', 'unpdf', 'mammoth', 'iconv-lite', 'docx', 'echarts'])
    expect(top).not.toContain(lib);
});

test('the bundled CLI initialises, imports, reports and finds attachment text by two characters', async () => {
  const init = run(['init']);
  expect(init.code, init.stderr).toBe(0);
  expect(init.json.ok).toBe(true);

  const inputs = path.join(dir, 'inputs');
  fs.mkdirSync(inputs);
  const masters = masterFiles(inputs);
  for (const kind of ['managers', 'routes', 'retailers', 'products'] as const) {
    const r = run(['import', kind, masters[kind]]);
    expect(r.code, `${kind}: ${r.stderr}`).toBe(0);
    expect(r.json.rowsImported).toBeGreaterThan(0);
  }
  // Two lines for one known retailer and two specs: 2 × 190.80 + 3 × 62.54 = 381.60 + 187.62 = 569.22 元.
  const orders = writeCsv(
    path.join(inputs, '2026-03.csv'),
    [
      ['订单日期', '订单号', '客户编码', '卷烟编码', '订购量', '单价', '金额'],
      ['2026-03-02', 'C1', '420100001', '6901028000001', 2, '190.80', '381.60'],
      ['2026-03-09', 'C2', '420100001', '6901028000002', 3, '62.54', '187.62'],
    ],
    'gb18030',
  );
  const imp = run(['import', 'orders', orders]);
  expect(imp.code, imp.stderr).toBe(0);
  expect(imp.json).toMatchObject({ kind: 'orders', rowsRead: 2, rowsImported: 2, rowsRejected: 0 });

  const rep = run(['report', 'sales', '--period', '2026-03', '--by', 'month']);
  expect(rep.code, rep.stderr).toBe(0);
  expect(rep.json.total.volumeTiao).toBe(5);
  expect(rep.json.total.amountFen).toBe(56922);

  // An archive item with a PDF (fixture) and a .docx (made here) whose words are in neither title nor fields.
  const docx = path.join(inputs, '品牌培育安排.docx');
  fs.writeFileSync(
    docx,
    await Packer.toBuffer(
      new Document({ sections: [{ children: [new Paragraph('关于卷烟品牌培育工作的安排，请各线路落实。')] }] }),
    ),
  );
  const pdf = path.join(ROOT, 'test', 'fixtures', 'archive', 'notice.pdf');
  const add = run(['archive', 'add', '--kind', '收文', '--title', '市局来文', '--file', pdf, '--file', docx]);
  expect(add.code, add.stderr).toBe(0);
  for (const [word, fromFile] of [
    ['走访', 'notice.pdf（PDF 正文：完成零售户走访）'],
    ['培育', '品牌培育安排.docx（Word 正文）'],
  ]) {
    const found = run(['archive', 'search', word]);
    expect(found.code, found.stderr).toBe(0);
    expect(
      found.json.hits.map((h: { id: number }) => h.id),
      `“${word}” 应在 ${fromFile} 中找到`,
    ).toEqual([add.json.id]);
  }
  const none = run(['archive', 'search', '烟叶']);
  expect(none.json.total).toBe(0);
  // A damaged Word file is kept, and the CLI says that its text could not be read.
  const broken = path.join(inputs, '损坏.docx');
  fs.writeFileSync(broken, Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('word/document.xml')]));
  const bad = run(['archive', 'add', '--kind', '收文', '--title', '损坏附件', '--file', broken]);
  expect(bad.code, bad.stderr).toBe(0);
  expect(bad.stderr).toMatch(/附件“损坏\.docx”的文字未能提取（.+），检索时找不到其中的内容/);
});

test('browser mode starts from the bundle and shows its first screen in Chromium', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const proc = spawn(process.execPath, [path.join(dir, 'dist-electron', 'server.cjs')], {
    cwd: dir,
    env: { ...process.env, NODE_PATH: '', WORKBENCH_PORT: '0', WORKBENCH_DB: db },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server = proc;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + out)), 30_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      // the launch URL: its key lets the page use the API
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?launch=[\w-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    proc.stdout!.on('data', seen);
    proc.stderr!.on('data', (d) => (out += d.toString()));
    proc.on('exit', (c) => reject(new Error(`server exited ${c}: ${out}`)));
  });
  await page.goto(url);
  // A fresh database opens the home page under the first-run setup.
  await expect(page.getByTestId('nav')).toBeVisible();
  await expect(page.getByText('欢迎使用县级营销内勤工作台')).toBeVisible();
  await shot(page, 'packaged-first-screen');
  expect(errors).toEqual([]);
});
