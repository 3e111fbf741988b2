/**
 * The seam between the page and Node is kept by the tools, not by convention:
 * a page file that imports a Node module or uses Node's globals fails the lint
 * and the page's type check (tsconfig.web.json), while the same file without
 * them passes; the Node side's check (tsconfig.node.json) has no DOM.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
let tmp: string;
let eslint: ESLint;

beforeAll(() => {
  // inside the project (test-results/ is ignored by git, lint and format) so that type libraries resolve
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  tmp = fs.mkdtempSync(path.join(root, 'test-results', 'seams-'));
  eslint = new ESLint({ cwd: root });
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Lints `code` as if it were the file at `rel` (nothing is written into the tree). */
async function lint(rel: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(root, rel) });
  return r.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

/** Type-checks one file with a program's settings (its own files left out). */
function typecheck(config: 'tsconfig.web.json' | 'tsconfig.node.json', code: string): { ok: boolean; out: string } {
  const dir = fs.mkdtempSync(path.join(tmp, 'case-'));
  const file = path.join(dir, 'fixture.ts');
  fs.writeFileSync(file, code);
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: path.join(root, config), compilerOptions: { noEmit: true }, include: [], files: [file] }),
  );
  const r = spawnSync(tsc, ['-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stdout + r.stderr };
}

const importsFs = "import { readFileSync } from 'node:fs';\nexport const text = readFileSync('a.txt', 'utf8');\n";
const usesProcess = 'export const home = process.env.HOME;\n';
const pageOnly = 'export const title = document.title;\n';

describe('the page cannot reach Node', () => {
  it('lint rejects a page file that imports node:fs or uses process, and passes it without them', async () => {
    expect(await lint('renderer/pages/seamFixture.ts', importsFs)).toEqual([
      'import-x/no-nodejs-modules: Do not import Node.js builtin module "node:fs"',
    ]);
    const proc = await lint('renderer/pages/seamFixture.ts', usesProcess);
    expect(proc).toHaveLength(1);
    expect(proc[0]).toMatch(/^no-restricted-globals: Unexpected use of 'process'/);
    expect(await lint('renderer/pages/seamFixture.ts', pageOnly)).toEqual([]);
    // the same Node code is fine on the Node side
    expect(await lint('electron/domain/seamFixture.ts', importsFs + usesProcess)).toEqual([]);
  });

  it('lint rejects the page importing electron/ except the contract types through @contract', async () => {
    const deep = await lint(
      'renderer/pages/seamFixture.ts',
      "export { methods } from '../../electron/api/contract';\n",
    );
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatch(/^import-x\/no-restricted-paths: /);
    const value = await lint(
      'renderer/pages/seamFixture.ts',
      "import { Output } from '@contract';\nexport type O = Output<'system.ping'>;\n",
    );
    expect(value.map((m) => m.split(':')[0])).toEqual(['@typescript-eslint/no-restricted-imports']);
    expect(
      await lint(
        'renderer/pages/seamFixture.ts',
        "import type { Output } from '@contract';\nexport type O = Output<'system.ping'>;\n",
      ),
    ).toEqual([]);
  });

  it('the page type check fails on node:fs and on process, and passes the DOM-only file', () => {
    const a = typecheck('tsconfig.web.json', importsFs);
    expect(a.ok).toBe(false);
    expect(a.out).toMatch(/fixture\.ts\(1,30\): error TS2591: Cannot find name 'node:fs'/);
    const b = typecheck('tsconfig.web.json', usesProcess);
    expect(b.ok).toBe(false);
    expect(b.out).toMatch(/fixture\.ts\(1,21\): error TS2591: Cannot find name 'process'/);
    expect(typecheck('tsconfig.web.json', pageOnly)).toEqual({ ok: true, out: '' });
  });

  it('the Node type check has no DOM and has Node', () => {
    const dom = typecheck('tsconfig.node.json', pageOnly);
    expect(dom.ok).toBe(false);
    expect(dom.out).toMatch(/Cannot find name 'document'/);
    expect(typecheck('tsconfig.node.json', importsFs + usesProcess)).toEqual({ ok: true, out: '' });
  });
});
