/**
 * The command-line tool's framework (shared/spec/CLI.md): one JSON document on
 * stdout, messages on stderr, exit 0 done / 2 refused / 1 unexpected failure.
 * Commands run over the same router as the window, in-process.
 */
import type { Backend } from '../api/backend';
import { AppError } from '../api/errors';

export interface ParsedArgs {
  positionals: string[];
  /** flags; a flag given more than once keeps every value in order */
  flags: Map<string, string[]>;
}

export interface CliContext {
  backend: Backend;
  dbPath: string;
  dataDir: string;
  /** Calls an API method as the CLI's user; throws AppError when refused. */
  call<T = any>(method: string, input: unknown): T;
  /** Runs a job to the end (inline), printing progress on stderr; throws AppError on failure. */
  runJob<T = any>(name: string, input: unknown): T;
  /**
   * How the follow-up jobs a job's result names (`followUps`) ended: inline they have run by
   * the time runJob returns. `ok` false when one failed or was cancelled, with the reason.
   */
  followUps(refs: { jobId: string; label: string }[] | undefined): { label: string; ok: boolean; message: string }[];
  /** A human message on stderr. */
  say(line: string): void;
  /** The environment the command runs in (passwords for scripted runs). */
  env?: NodeJS.ProcessEnv;
  /** Asks for a password without echo; refuses when there is no terminal. */
  promptPassword?(question: string): string;
}

/**
 * A refusal (exit 2) whose JSON document carries more than the error: `document`'s keys are
 * printed beside `ok: false` and `error` (e.g. the outcome of a failed `check`).
 */
export class CliRefusal extends AppError {
  constructor(
    code: ConstructorParameters<typeof AppError>[0],
    message: string,
    readonly document: Record<string, unknown>,
  ) {
    super(code, message);
  }
}

export interface CliCommand {
  /** one or two words: 'init', 'plan breakdown' */
  name: string;
  usage: string;
  run(ctx: CliContext, args: ParsedArgs): unknown;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      let name: string;
      let value: string;
      if (eq > 0) {
        name = a.slice(2, eq);
        value = a.slice(eq + 1);
      } else {
        name = a.slice(2);
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          value = next;
          i++;
        } else value = 'true';
      }
      const list = flags.get(name) ?? [];
      list.push(value);
      flags.set(name, list);
    } else positionals.push(a);
  }
  return { positionals, flags };
}

/** The last value of a flag, or undefined. */
export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v ? v[v.length - 1] : undefined;
}

export function flagAll(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}

export function requireFlag(args: ParsedArgs, name: string): string {
  const v = flag(args, name);
  if (v === undefined || v === 'true') throw new AppError('invalid_args', `缺少参数 --${name}`);
  return v;
}

export function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const v = args.positionals[index];
  if (v === undefined) throw new AppError('invalid_args', `缺少参数：${what}`);
  return v;
}
