// Adds documents from its own thread and connection to the database file a test prepared.
import { parentPort, workerData } from 'node:worker_threads';
import { createBackend } from '../../../electron/api/backend';

const { dbPath, dataDir, count, tag } = workerData as { dbPath: string; dataDir: string; count: number; tag: string };
const backend = createBackend({ dbPath, dataDir, jobMode: 'inline', log: () => {} });
const numbers: string[] = [];
const errors: string[] = [];
for (let i = 0; i < count; i++) {
  const date = i % 2 === 0 ? '2025-12-30' : '2026-01-02';
  const r = backend.call('archive.add', { kind: '收文', title: `${tag} 第${i}件`, date }, { via: 'test' });
  if (r.ok) numbers.push((r.value as { number: string }).number);
  else errors.push(r.error.code + ' ' + r.error.message);
}
backend.close();
parentPort!.postMessage({ numbers, errors });
