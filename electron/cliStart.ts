/**
 * Starts the bundled command line (dist-electron/cli.cjs beside this file) with V8's code cache,
 * so a command does not compile the 2 MB bundle again at every start: Node's own compile cache
 * where it exists (Node ≥ 22.1, the app's executable run as Node by wb.cmd), otherwise the
 * bundle is compiled with a cached-data file kept in the temp folder (Node 20, npm run cli).
 * Bundled as dist-electron/wb.cjs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import Module, { createRequire } from 'node:module';

type CliModule = { main(argv: string[]): void };

const cacheRoot = path.join(os.tmpdir(), 'county-workbench-cli-cache');

function loadWithCachedData(file: string): CliModule {
  const source = fs.readFileSync(file, 'utf8');
  const st = fs.statSync(file);
  const cacheFile = path.join(cacheRoot, `${process.version}-${process.arch}-${st.size}-${Math.trunc(st.mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined; // the first start after a build
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file);
  mod.filename = file;
  const wrapper = script.runInThisContext() as (...a: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written after the command, so the functions it ran are in the cache too.
    process.once('exit', () => {
      try {
        fs.mkdirSync(cacheRoot, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
        // caches of earlier builds are of no further use
        const prefix = `${process.version}-${process.arch}-`;
        for (const f of fs.readdirSync(cacheRoot))
          if (f.startsWith(prefix) && f !== path.basename(cacheFile))
            fs.rmSync(path.join(cacheRoot, f), { force: true });
      } catch {
        // no cache this time: the next start compiles again
      }
    });
  }
  return mod.exports as CliModule;
}

function loadCli(): CliModule {
  const file = path.join(__dirname, 'cli.cjs');
  const builtIn = (Module as unknown as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
  if (typeof builtIn === 'function') {
    builtIn(cacheRoot);
    return createRequire(__filename)(file) as CliModule;
  }
  return loadWithCachedData(file);
}

loadCli().main(process.argv.slice(2));
