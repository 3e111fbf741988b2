/**
 * The held text extraction of the archive tests: servers and backends started after this read
 * attachments with test/fixtures/archive/gatedTextWorker.mjs, which waits until the file
 * `gate` exists. Returns what puts both variables back as they were (unset ones unset again).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function holdTextWorker(gate: string): () => void {
  const vars: Record<string, string> = {
    WORKBENCH_TEXT_WORKER: path.join(
      path.dirname(fileURLToPath(import.meta.url)),
      '..',
      'fixtures',
      'archive',
      'gatedTextWorker.mjs',
    ),
    WORKBENCH_TEXT_GATE: gate,
  };
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
