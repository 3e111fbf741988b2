/**
 * npm run bench: runs every benchmark module in this folder (each exports
 * `run(): Promise<string[]> | string[]`) and prints its lines. Benchmarks print
 * ratios against a baseline measured in the same run, plus absolute figures.
 * `npm run bench -- imports` runs only the modules whose name contains "imports".
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

for (const f of files) {
  const mod = await import(pathToFileURL(path.join(here, f)).href);
  if (typeof mod.run !== 'function') continue;
  console.log(`\n=== ${f.replace(/\.ts$/, '')} ===`);
  const t0 = performance.now();
  try {
    const lines: string[] = await mod.run();
    for (const l of lines) console.log(l);
  } catch (err) {
    console.log(`失败：${(err as Error).stack ?? err}`);
    process.exitCode = 1;
  }
  console.log(`(用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒)`);
}
