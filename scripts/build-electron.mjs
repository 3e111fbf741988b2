// Bundles every Node-side entry to self-contained CommonJS in dist-electron/: the Electron
// main process, the preload, the DB worker (also the job thread), the text-extraction worker,
// the CLI and browser mode's server. Only better-sqlite3 (a native module) and electron stay
// external; unpdf, mammoth, xlsx, zod and the rest are inlined, so the installed app needs no
// node_modules but better-sqlite3. The migrations are copied beside the bundles.
//
// Each output file is written to a temporary name and renamed into place, so a CLI started
// while another rebuilds (npm run cli builds when stale) never reads half a file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist-electron');

/** Node-side entries: output name (without .cjs) → source. A new worker entry is added here. */
export const ENTRIES = {
  main: 'electron/main.ts',
  dbWorker: 'electron/api/dbWorker.ts',
  textExtractWorker: 'electron/domain/archive/textExtractWorker.mjs',
  cli: 'electron/cli.ts',
  // the CLI's start with V8's code cache (wb.cmd and npm run cli run this)
  wb: 'electron/cliStart.ts',
  server: 'electron/server/start.ts',
};

/**
 * Lazy modules in the bundles. In a source file, a namespace import marked `// lazy`
 *   import * as reports from '../domain/reports/api'; // lazy
 * is evaluated where it is first used instead of when the bundle starts: the statement becomes
 * an object that require()s the module on the first property read, and esbuild keeps a
 * require()d module (with everything only it imports) unevaluated until then. A command that
 * needs one module of the contract (init needs the system module) does not build the zod
 * schemas of every other module nor start libraries like xlsx. Under tsx and vitest the
 * statement stays an ordinary import. The name may be used only as `name.member` (types through
 * it are fine: esbuild drops them).
 */
export const LAZY_IMPORT = /^import \* as (\w+) from '([^']+)'; \/\/ lazy$/gm;
const lazyImports = {
  name: 'lazy-imports',
  setup(b) {
    b.onLoad({ filter: /[\\/](electron|common)[\\/].*\.ts$/ }, (args) => {
      const code = fs.readFileSync(args.path, 'utf8');
      if (!code.includes('; // lazy')) return undefined;
      const contents = code.replace(
        LAZY_IMPORT,
        (_, name, from) =>
          `let ${name}$m; const ${name} = new Proxy({}, { get: (_, k) => (${name}$m ??= require(${JSON.stringify(from)}))[k] });`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron', 'better-sqlite3'],
  outdir: out,
  outExtension: { '.js': '.cjs' },
  // Smaller files parse faster (the CLI's start-up); names are kept for error messages.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  sourcemap: false,
  write: false,
  logLevel: 'warning',
  // Our sources use import.meta.url only where __dirname is undefined (tsx, vitest); no library does.
  logOverride: { 'empty-import-meta': 'silent' },
  plugins: [lazyImports],
};

function writeAtomic(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

export async function buildElectron({ quiet = false } = {}) {
  // esbuild is loaded only to build: npm run cli imports this file to check staleness at every start.
  const { build } = await import('esbuild');
  const results = await Promise.all([
    build({ ...common, entryPoints: ENTRIES }),
    // The sandboxed preload may require only 'electron': its own bundle.
    build({ ...common, entryPoints: { preload: 'electron/preload.ts' } }),
  ]);
  const written = new Set();
  for (const r of results) {
    for (const f of r.outputFiles) {
      writeAtomic(f.path, f.contents);
      written.add(path.basename(f.path));
    }
  }
  // Files of an earlier layout (e.g. the former textExtractWorker.mjs) are removed.
  for (const name of fs.readdirSync(out)) {
    if (/\.(c?js|mjs)$/.test(name) && !written.has(name)) fs.rmSync(path.join(out, name), { force: true });
  }
  const migrations = path.join(out, 'migrations');
  const src = path.join(root, 'electron', 'db', 'migrations');
  fs.mkdirSync(migrations, { recursive: true });
  const keep = new Set(fs.readdirSync(src));
  for (const name of fs.readdirSync(migrations)) if (!keep.has(name)) fs.rmSync(path.join(migrations, name));
  for (const name of keep) writeAtomic(path.join(migrations, name), fs.readFileSync(path.join(src, name)));
  if (!quiet) console.log(`已构建 dist-electron/（${[...written].sort().join('、')}）`);
}

/** Newest modification time of the sources the bundles are built from. */
export function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(path.join(root, 'electron'));
  walk(path.join(root, 'common'));
  for (const f of ['package.json', 'package-lock.json', 'scripts/build-electron.mjs'])
    newest = Math.max(newest, fs.statSync(path.join(root, f)).mtimeMs);
  return newest;
}

/** True when a bundle is missing or older than any source. */
export function bundleStale(names = Object.keys(ENTRIES)) {
  let oldest = Infinity;
  for (const n of names) {
    const f = path.join(out, n + '.cjs');
    if (!fs.existsSync(f)) return true;
    oldest = Math.min(oldest, fs.statSync(f).mtimeMs);
  }
  return oldest < newestSource();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildElectron();
}
