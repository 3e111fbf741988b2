// Adds (or files) documents from its own thread and connection to the database file a test prepared.
import { parentPort, workerData } from 'node:worker_threads';
import { createBackend } from '../../../electron/api/backend';

const { dbPath, dataDir, count, tag, fileIds } = workerData as {
  dbPath: string;
  dataDir: string;
  count: number;
  tag: string;
  fileIds?: number[];
};
const backend = createBackend({ dbPath, dataDir, jobMode: 'inline', log: () => {} });
const numbers: string[] = [];
const errors: string[] = [];
const keep = (r: ReturnType<typeof backend.call>, key: string) => {
  if (r.ok) numbers.push((r.value as Record<string, string>)[key]);
  else errors.push(r.error.code + ' ' + r.error.message);
};
if (fileIds) {
  for (const id of fileIds) keep(backend.call('archive.file', { id, retention: 'D30' }, { via: 'test' }), 'archiveNo');
} else {
  for (let i = 0; i < count; i++) {
    const date = i % 2 === 0 ? '2025-12-30' : '2026-01-02';
    keep(backend.call('archive.add', { kind: '收文', title: `${tag} 第${i}件`, date }, { via: 'test' }), 'number');
  }
}
backend.close();
parentPort!.postMessage({ numbers, errors });
