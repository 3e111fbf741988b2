// Bundles the Electron side (main, preload, DB worker, CLI) to CommonJS in dist-electron/,
// with better-sqlite3 and electron kept external, and copies the migrations beside them.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const out = 'dist-electron';
fs.rmSync(out, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron', 'better-sqlite3'],
  sourcemap: false,
  logLevel: 'warning',
  logOverride: { 'empty-import-meta': 'silent' },
};
await build({
  ...common,
  entryPoints: { main: 'electron/main.ts', dbWorker: 'electron/api/dbWorker.ts', cli: 'electron/cli.ts' },
  outdir: out,
  outExtension: { '.js': '.cjs' },
});
await build({
  ...common,
  entryPoints: { preload: 'electron/preload.ts' },
  outdir: out,
  outExtension: { '.js': '.cjs' },
});
fs.cpSync('electron/db/migrations', path.join(out, 'migrations'), { recursive: true });
// The archive's text-extraction worker runs as plain ESM beside the bundle (unpdf, mammoth resolve from node_modules).
fs.copyFileSync('electron/domain/archive/textExtractWorker.mjs', path.join(out, 'textExtractWorker.mjs'));
console.log('已构建 dist-electron/（main、preload、dbWorker、cli）');
