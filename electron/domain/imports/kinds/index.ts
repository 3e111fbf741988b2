/**
 * The registry of import kinds. The wizard, `imports.preview`, the
 * `imports.run` job and the CLI `import <kind> <file>` all look kinds up here.
 *
 * To add a kind (e.g. visits, inspections, targets for 网建):
 *   1. create `electron/domain/imports/kinds/<kind>.ts` exporting an
 *      `ImportKind` (see ./types.ts): its fields with the Chinese header
 *      synonyms, `open(ctx)` returning a session whose `check(row)` returns the
 *      record or a Chinese reason without writing, `write(record)` inserting it
 *      with `ctx.batchId`, and `finish()`; plus `rollback(db, batchId)` that
 *      deletes the batch's rows (usually `DELETE FROM <table> WHERE batch_id = ?`).
 *      Your table needs a `batch_id INTEGER REFERENCES import_batches(id)` column.
 *   2. add one line to `importKinds` below.
 * Everything else — file reading, header detection, mapping, units, rejected
 * rows file, batches, history, rollback and the job with progress — is shared.
 */
import type { ImportKind } from './types';
import { retailersKind } from './retailers';
import { managersKind } from './managers';
import { routesKind } from './routes';
import { productsKind } from './products';
import { ordersKind } from './orders';
import { visitsKind } from './visits';
import { inspectionsKind } from './inspections';
import { targetsKind } from './targets';

export const importKinds: Record<string, ImportKind> = {
  managers: managersKind,
  routes: routesKind,
  retailers: retailersKind,
  products: productsKind,
  orders: ordersKind,
  visits: visitsKind,
  inspections: inspectionsKind,
  targets: targetsKind,
};

export type { ImportKind } from './types';
