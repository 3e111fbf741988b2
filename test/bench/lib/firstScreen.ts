/**
 * The calls the window asks when a file opens: the frame's (renderer/app/App.tsx: settings and
 * system info; the accounts session) and the 首页's cards (HOME_SUMMARIES in
 * renderer/pages/core/HomePage.tsx), and their handlers timed one by one on an open connection.
 */
import type { Database } from 'better-sqlite3';
import { methods } from '../../../electron/api/contract';
import type { Context } from '../../../electron/api/define';
import { timed } from './largeCounty';

export const SHELL_CALLS = ['settings.get', 'system.info', 'accounts.me'];
export const HOME_CARDS = [
  'plans.homeCard',
  'reports.homeCard',
  'reports.weeklyHomeCard',
  'archive.homeCard',
  'network.homeCard',
  'imports.homeCard',
];

/** One method's handler on `db` as a read-only caller (input validated as the router does); undefined when no module offers it. */
export function callHandler(db: Database, file: string, name: string, input: unknown = {}): unknown {
  const def = (
    methods as Record<
      string,
      { input: { parse(x: unknown): unknown }; handler: (ctx: Context, input: unknown) => unknown }
    >
  )[name];
  if (!def) return undefined;
  const ctx: Context = {
    db,
    actor: { userId: 0, login: 'bench', name: 'bench', role: 'admin', via: 'bench', singleUser: true },
    dataDir: file + '.data',
    dbPath: file,
    method: name,
    audit: () => {
      throw new Error('只读测量不应写入');
    },
  };
  return def.handler(ctx, def.input.parse(input));
}

export interface CallFigure {
  name: string;
  /** the first call in this process (statements prepared, pages read the first time) */
  first: { ms: number; cpu: number };
  /** median of 3 after it and one more warm-up call */
  warm: { ms: number; cpu: number };
}

/**
 * Each call's first answer and its median of three more, wall and CPU. `extra` adds calls with an
 * input (a card at the data's own date rather than today's).
 */
export function timeCalls(db: Database, file: string, extra: [string, string, unknown][] = []): CallFigure[] {
  const list: [string, string, unknown][] = [
    ...[...SHELL_CALLS, ...HOME_CARDS].map((m) => [m, m, {}] as [string, string, unknown]),
    ...extra,
  ];
  const out: CallFigure[] = [];
  for (const [label, name, input] of list) {
    const c = process.cpuUsage();
    const t = performance.now();
    const v = callHandler(db, file, name, input);
    const first = { ms: performance.now() - t, cpu: 0 };
    const d = process.cpuUsage(c);
    first.cpu = (d.user + d.system) / 1000;
    if (v === undefined) continue;
    out.push({ name: label, first, warm: timed(() => callHandler(db, file, name, input)) });
  }
  return out;
}
