/**
 * Numbered SQL migrations (electron/db/migrations/NNN_description.sql), applied
 * in order, each in its own transaction. Which files were applied is recorded
 * in schema_migrations (so a file numbered below the newest applied one is
 * still applied), and PRAGMA user_version holds the highest number applied.
 * Never edit a shipped migration; add one.
 * A migration whose first line is `-- only when: <query>` runs only when the query's first value
 * is true (non-zero); otherwise it is recorded as applied without running (e.g. a conversion that
 * only a file in an older form needs).
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

const GUARD = /^--\s*only when:\s*(.+)$/;

/** False when the migration's `-- only when:` query says this file does not need it. */
function wanted(db: Database, m: Migration): boolean {
  const guard = GUARD.exec(m.sql.split('\n', 1)[0].trim());
  if (!guard) return true;
  return Boolean(db.prepare(guard[1]).pluck().get());
}

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

function appliedVersions(db: Database, list: Migration[]): Set<number> {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  const current = db.pragma('user_version', { simple: true }) as number;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  if (!has && current > 0) {
    // A file from before the record existed: everything up to user_version was applied.
    const ins = db.prepare('INSERT OR IGNORE INTO schema_migrations(version, name) VALUES (?, ?)');
    for (const m of list) if (m.version <= current) ins.run(m.version, m.name);
  }
  return new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
}

/** Applies every migration not yet recorded (up to `upTo`); returns the versions applied. */
export function migrate(db: Database, upTo = Infinity, list = loadMigrations()): number[] {
  const done = appliedVersions(db, list);
  const record = db.prepare('INSERT INTO schema_migrations(version, name) VALUES (?, ?)');
  const applied: number[] = [];
  for (const m of list) {
    if (done.has(m.version) || m.version > upTo) continue;
    db.transaction(() => {
      if (wanted(db, m)) db.exec(m.sql);
      record.run(m.version, m.name);
      const current = db.pragma('user_version', { simple: true }) as number;
      if (m.version > current) db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}

/**
 * Applied migrations this build does not ship (by number and file name): such a file
 * comes from a newer version of the program and must be refused like a higher
 * user_version. Reads only; returns the unknown names.
 */
export function unknownApplied(db: Database, list = loadMigrations()): string[] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (!has) return [];
  const known = new Map(list.map((m) => [m.version, m.name]));
  return (db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as Migration[])
    .filter((r) => known.get(r.version) !== r.name)
    .map((r) => r.name || String(r.version));
}

/** True when some shipped migration has not been applied to this database. */
export function needsMigration(db: Database, list = loadMigrations()): boolean {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  const current = db.pragma('user_version', { simple: true }) as number;
  if (!has) return list.some((m) => m.version > current);
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  return list.some((m) => !done.has(m.version));
}
