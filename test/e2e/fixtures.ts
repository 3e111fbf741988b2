/**
 * e2e helpers: each spec file gets its own browser-mode server on a fresh data
 * folder (useServer), API and CLI access for seeding, screenshots kept under
 * test-results/screenshots, and PDFs of print views rendered like the app does.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pdfOptions } from '../../electron/print/pdfOptions';
import { startServerProcess } from '../helpers/server';

export { expect };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const PDFS = path.join(ROOT, 'test-results', 'pdf');

export interface ServerState {
  /** the app's address (no key): pages opened by `test` carry this launch's key in a cookie */
  url: string;
  /** the launch URL printed at start (hands a browser the key) */
  launchUrl: string;
  /** "name=value" of the launch cookie, for calls made outside a page */
  cookie: string;
  dataDir: string;
  dbPath: string;
  proc: ChildProcess | null;
}

export interface ServerOptions {
  /** mark the first-run wizard done and set a unit name (default true) */
  setupDone?: boolean;
  unitName?: string;
  /** run CLI commands on the fresh database before the server starts, e.g. [['demo','--size','small','--years','1']] */
  seed?: string[][];
  /** changes the database file after the seed commands, before the server opens it (e.g. damages it) */
  prepare?: (dbPath: string) => void;
}

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** The server of the spec file now running (one per file): its pages get its launch cookie. */
let current: ServerState | null = null;

/**
 * Playwright's test with every page's browser context holding the running server's
 * launch key, as a browser that opened the launch URL does (the server refuses /api without it).
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    if (current?.cookie) {
      const [name, value] = current.cookie.split('=');
      await context.addCookies([{ name, value, url: current.url, httpOnly: true, sameSite: 'Strict' }]);
    }
    await use(context);
  },
});

/** Runs the CLI synchronously against a database; returns exit code and parsed JSON. */
export function cli(dbPath: string, args: string[]): { code: number; json: any; stderr: string } {
  const r = spawnSync(TSX, [path.join(ROOT, 'electron', 'cli.ts'), ...args, '--db', dbPath], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env },
  });
  return cliResult(r);
}

/** A finished CLI run as the tests read it: its exit code, its output as JSON (else as text), its stderr. */
export function cliResult(r: SpawnSyncReturns<string>): { code: number; json: any; stderr: string } {
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = r.stdout;
  }
  return { code: r.status ?? 1, json, stderr: r.stderr };
}

/**
 * Starts browser mode on a database as `npm start` does, and opens its launch URL the
 * way a browser would: the key comes back in a cookie with a redirect to the page.
 */
export async function launchServer(
  dbPath: string,
): Promise<{ proc: ChildProcess; url: string; launchUrl: string; cookie: string }> {
  const { proc, url, launchUrl, cookie } = await startServerProcess(dbPath);
  return { proc, url, launchUrl, cookie };
}

/** Starts browser mode for the spec file; stopped after its last test. */
export function useServer(opts: ServerOptions = {}): ServerState {
  const state: ServerState = { url: '', launchUrl: '', cookie: '', dataDir: '', dbPath: '', proc: null };
  test.beforeAll(async () => {
    state.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-e2e-'));
    state.dbPath = path.join(state.dataDir, 'workbench.db');
    for (const args of opts.seed ?? []) {
      const r = cli(state.dbPath, args);
      if (r.code !== 0) throw new Error(`seed ${args.join(' ')} failed: ${r.stderr}`);
    }
    opts.prepare?.(state.dbPath);
    Object.assign(state, await launchServer(state.dbPath));
    current = state;
    if (opts.setupDone !== false) {
      await apiCall(state, 'settings.update', {
        setupDone: true,
        unitName: opts.unitName ?? '示范县烟草专卖局（分公司）',
      });
    }
  });
  test.afterAll(async () => {
    if (current === state) current = null;
    const proc = state.proc;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    // The spec's database, backups and exports: removed once its server has let go of them.
    if (state.dataDir && !process.env.KEEP_TEST_TMP) fs.rmSync(state.dataDir, { recursive: true, force: true });
  });
  return state;
}

/** Calls the API over HTTP as the page would; throws with the Chinese message if refused. */
export async function apiCall<T = any>(
  s: ServerState,
  method: string,
  input: unknown = {},
  token?: string,
): Promise<T> {
  const res = await fetch(s.url + 'api/call', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: s.cookie,
      ...(token ? { 'x-workbench-token': token } : {}),
    },
    body: JSON.stringify({ method, input }),
  });
  const r = (await res.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!r.ok) throw Object.assign(new Error(r.error!.message), { code: r.error!.code });
  return r.value as T;
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  // The app scrolls its content in a box under a fixed menu: let it grow for a full-page picture.
  const style = await page.addStyleTag({
    content: '[data-scroll-root]{height:auto !important;overflow:visible !important}',
  });
  await page.screenshot({ path: file, fullPage: true });
  await style.evaluate((el) => (el as Element).remove());
  return file;
}

/** Opens a print route and saves its PDF the way the app prints (A4, page numbers in the footer). */
export async function printPdf(
  page: Page,
  s: ServerState,
  route: string,
  name: string,
  landscape = false,
): Promise<string> {
  await page.goto(s.url + '#' + route);
  return savePdf(page, name, landscape);
}

/** Saves the print view shown in the page as PDF once it says it is ready (its data rendered). */
export async function savePdf(page: Page, name: string, landscape = false): Promise<string> {
  fs.mkdirSync(PDFS, { recursive: true });
  await page.waitForSelector('[data-testid="print-document"]');
  await page.waitForSelector('html[data-print-ready="true"]', { state: 'attached' });
  await page.waitForLoadState('networkidle');
  const file = path.join(PDFS, `${name}.pdf`);
  const o = pdfOptions({ landscape });
  await page.pdf({
    path: file,
    format: 'A4',
    landscape,
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: o.headerTemplate,
    footerTemplate: o.footerTemplate,
    margin: o.margin,
    preferCSSPageSize: true,
  });
  return file;
}

/** Text and page count of a PDF (poppler-utils: pdftotext, pdfinfo). */
export function pdfText(file: string): { pages: number; text: string } {
  const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  return { pages, text };
}

/** Renders PDF pages to PNG (pdftoppm) so a person can look at them; returns the files. */
export function pdfToPngs(file: string): string[] {
  const prefix = file.replace(/\.pdf$/, '');
  spawnSync('pdftoppm', ['-png', '-r', '60', file, prefix]);
  const dir = path.dirname(file);
  const base = path.basename(prefix);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(base + '-') && f.endsWith('.png'))
    .map((f) => path.join(dir, f));
}
