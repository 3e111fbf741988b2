/**
 * DuckDB is a yardstick for the report benchmarks only, so it is not a project
 * dependency (the registry here lacks its bindings for other platforms, which
 * breaks `npm ci`). The benchmark installs it on first use without saving it.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DUCKDB_VERSION = '1.5.6-r.1';

// The specifier is a variable so the type check does not need the package installed.
const PKG = '@duckdb/node-api';

export async function loadDuckDb(): Promise<any> {
  try {
    return await import(PKG);
  } catch {
    console.log(`正在为基准测试临时安装 @duckdb/node-api@${DUCKDB_VERSION}（不写入 package.json）……`);
    const r = spawnSync(
      'npm',
      ['install', '--no-save', '--no-audit', '--no-fund', `@duckdb/node-api@${DUCKDB_VERSION}`],
      { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } },
    );
    if (r.status !== 0) throw new Error('无法安装 @duckdb/node-api');
    // The failed import above is cached by specifier: load the installed file by its path.
    const file = createRequire(path.join(ROOT, 'package.json')).resolve(PKG);
    return await import(pathToFileURL(file).href);
  }
}
