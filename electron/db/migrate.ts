/**
 * Numbered SQL migrations (electron/db/migrations/NNN_description.sql), applied
 * in order, each in its own transaction, tracked by PRAGMA user_version = the
 * number of the last applied file. Never edit a shipped migration; add one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

function migrationsDir(): string {
  // Bundled builds copy the folder next to the bundle and set this variable.
  if (process.env.WORKBENCH_MIGRATIONS_DIR) return process.env.WORKBENCH_MIGRATIONS_DIR;
  const here = typeof __dirname !== 'undefined' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  return path.join(here, 'migrations');
}

let cache: Migration[] | null = null;

export function loadMigrations(dir = migrationsDir()): Migration[] {
  if (cache && dir === migrationsDir()) return cache;
  const list = fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
  for (let i = 1; i < list.length; i++) {
    if (list[i].version === list[i - 1].version) throw new Error(`duplicate migration number ${list[i].name}`);
  }
  if (dir === migrationsDir()) cache = list;
  return list;
}

export function latestVersion(): number {
  const list = loadMigrations();
  return list.length ? list[list.length - 1].version : 0;
}

/** Applies every migration newer than user_version; returns the versions applied. */
export function migrate(db: Database, upTo = Infinity, list = loadMigrations()): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const m of list) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
