// Development and tests only: lets a worker thread run the TypeScript sources
// directly (the product bundles the worker to JavaScript instead).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.__tsEntry);
