/**
 * Demo data extensions: modules that own their own tables (visits and
 * inspections for 网建, documents for the archive) add believable rows to a
 * demo county after the masters and orders are generated.
 */
import type { Database } from 'better-sqlite3';

export interface DemoContext {
  db: Database;
  /** deterministic random number in [0, 1) for the run's seed */
  random: () => number;
  size: 'small' | 'large' | 'city';
  /** the 微型 county of the tests (given as small): extensions that add more than history may skip it */
  tiny?: boolean;
  /** first and last day of generated history, yyyymmdd */
  dayFrom: number;
  dayTo: number;
}

export type DemoExtension = (ctx: DemoContext) => void;

const extensions: DemoExtension[] = [];

export function registerDemoExtension(ext: DemoExtension): void {
  if (!extensions.includes(ext)) extensions.push(ext);
}

export function runDemoExtensions(ctx: DemoContext): void {
  for (const e of extensions) e(ctx);
}

/** mulberry32: small, fast, deterministic (the demo's random numbers, and a stream of an extension's own). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
