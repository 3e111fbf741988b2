/**
 * The web type check (tsconfig.web.json) reads the contract's types from the
 * Node program's declarations, which name better-sqlite3's Database in the
 * handler context. The page never holds a database: here it is opaque, so
 * better-sqlite3's typings (and through them Node's) stay out of the page.
 */
export interface Database {
  readonly __opaque: 'better-sqlite3 Database (Node side only)';
}
export type Statement = Database;
declare const Database: unknown;
export default Database;
