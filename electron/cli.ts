/**
 * 县级营销内勤工作台 command-line tool. Usage: npm run --silent cli -- <command> [args] [--db <file>]
 * Contract: shared/spec/CLI.md.
 */
import path from 'node:path';
import { createBackend } from './api/backend';
import { AppError, toErrorPayload, type ErrorPayload } from './api/errors';
import type { JobEvent } from './api/define';
import { allCommands, findCommand } from './cli/index';
import { CliRefusal, flag, parseArgs, type CliCommand, type CliContext, type ParsedArgs } from './cli/framework';
import { dataDirFor, defaultDbPath } from './paths';
import { promptPassword } from './cli/prompt';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How the CLI asks for a password when the environment holds none (tests replace it). */
export interface CliIo {
  promptPassword?: (question: string) => string;
}

/**
 * Runs one command; returns what would be printed and the exit code (testable without a process).
 * The caller is `--user <登录名>` (password from WORKBENCH_PASSWORD, else asked on the terminal),
 * or a session token in WORKBENCH_TOKEN, or — with login switched off — the single user.
 */
export function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = {}): CliResult {
  const err: string[] = [];
  const say = (l: string) => err.push(l);
  const args = parseArgs(argv);
  let backend: ReturnType<typeof createBackend> | undefined;
  let sessionToken: string | undefined;
  try {
    // The command is the longest registered name matching the first words.
    const cmd = findCommand(args.positionals);
    const help = helpFor(args, cmd);
    if (help) return { code: 0, stdout: JSON.stringify(help.json, null, 2) + '\n', stderr: help.text + '\n' };
    if (!cmd) {
      const list = allCommands()
        .map((c) => '  ' + c.usage)
        .join('\n');
      throw new AppError(
        'invalid_args',
        args.positionals.length
          ? `不认识的命令：${args.positionals.join(' ')}\n可用命令：\n${list}`
          : `用法：cli <命令> [参数] [--db <文件>]\n可用命令：\n${list}`,
      );
    }
    const rest = { positionals: args.positionals.slice(cmd.name.split(' ').length), flags: args.flags };
    const dbPath = path.resolve(flag(args, 'db') ?? env.WORKBENCH_DB ?? defaultDbPath());
    const dataDir = dataDirFor(dbPath);
    const jobEvents: JobEvent[] = [];
    try {
      backend = createBackend({ dbPath, dataDir, jobMode: 'inline', log: say, onJobEvent: (e) => jobEvents.push(e) });
    } catch (e) {
      // A damaged database cannot serve the restore command; it is replaced before opening instead.
      const from = cmd.name === 'restore' ? rest.positionals[0] : undefined;
      if (!(e instanceof AppError && e.code === 'db_corrupt' && from)) throw e;
      say(e.message);
      backend = createBackend({
        dbPath,
        dataDir,
        jobMode: 'inline',
        log: say,
        recoverFrom: path.resolve(from),
        recoverVia: 'cli',
      });
      const r = backend.recovered!;
      say(`已从 ${path.resolve(from)} 恢复` + (r.keptAs ? `，损坏的数据库保留为 ${r.keptAs}` : ''));
      const out = { ok: true, restoredFrom: path.resolve(from), keptAs: r.keptAs, schemaVersion: r.schemaVersion };
      return { code: 0, stdout: JSON.stringify(out, null, 2) + '\n', stderr: err.join('\n') + '\n' };
    }
    const meta: { via: string; token?: string } = { via: 'cli', token: env.WORKBENCH_TOKEN };
    const b = backend;
    const ask = io.promptPassword ?? promptPassword;
    const asUser = flag(args, 'user');
    if (asUser !== undefined) {
      if (asUser === 'true') throw new AppError('invalid_args', '缺少参数 --user 的登录名');
      const password = env.WORKBENCH_PASSWORD ?? ask(`请输入用户 ${asUser} 的密码：`);
      const r = b.call('accounts.login', { login: asUser, password }, { via: 'cli' });
      if (!r.ok) throw refusal(r.error);
      meta.token = (r.value as { token: string }).token;
      sessionToken = meta.token;
    }
    const ctx: CliContext = {
      backend: b,
      dbPath,
      dataDir,
      say,
      env,
      promptPassword: ask,
      call(method, input) {
        const r = b.call(method, input, meta);
        if (!r.ok) throw refusal(r.error);
        return r.value as any;
      },
      runJob(name, input) {
        jobEvents.length = 0;
        const r = b.call('jobs.start', { name, input }, meta);
        if (!r.ok) throw refusal(r.error);
        const end = jobEvents.find((e) => e.type === 'done' || e.type === 'failed' || e.type === 'cancelled');
        if (!end) throw new Error('job ended without a result');
        if (end.type === 'failed') throw refusal(end.error);
        if (end.type === 'cancelled') throw new AppError('cancelled', '任务已取消，未写入任何数据');
        return (end as { result: unknown }).result as any;
      },
      followUps(refs) {
        return (refs ?? []).map(({ jobId, label }) => {
          const e = jobEvents.find(
            (x) => x.jobId === jobId && (x.type === 'done' || x.type === 'failed' || x.type === 'cancelled'),
          );
          if (e?.type === 'done') return { label, ok: true, message: (e.result as { message?: string }).message ?? '' };
          if (e?.type === 'failed')
            return { label, ok: false, message: `${label}未完成（已导入的数据不受影响）：${e.error.message}` };
          return { label, ok: false, message: `${label}已取消或未结束（已导入的数据不受影响）` };
        });
      },
    };
    const out = cmd.run(ctx, rest);
    return { code: 0, stdout: JSON.stringify(out, null, 2) + '\n', stderr: err.join('\n') + (err.length ? '\n' : '') };
  } catch (e) {
    // A failure passed on from the backend keeps its payload; anything else thrown here is mapped
    // like the router maps it (a full disk, a file that cannot be read: a Chinese refusal).
    const p: ErrorPayload = (e as { payload?: ErrorPayload }).payload ?? toErrorPayload(e);
    if (p.code === 'login_required' && flag(args, 'user') === undefined) {
      p.message += '（此数据库已启用登录：请加 --user <登录名>，密码放在环境变量 WORKBENCH_PASSWORD 中或在提示时输入）';
    }
    const refused = !FAILURES.has(p.code);
    say(`错误：${p.message}`);
    // What the program was told, for the county's IT staff (the clerk's pages show the message only).
    const cause = (p.details as { cause?: unknown } | undefined)?.cause;
    if (!refused && typeof cause === 'string') say(`详情：${cause}`);
    return {
      code: refused ? 2 : 1,
      stdout:
        JSON.stringify({
          ok: false,
          ...(e instanceof CliRefusal ? e.document : {}),
          error: { code: p.code, message: p.message },
        }) + '\n',
      stderr: err.join('\n') + '\n',
    };
  } finally {
    // A session opened for this one command ends with it.
    if (backend && sessionToken) backend.call('accounts.logout', {}, { via: 'cli', token: sessionToken });
    backend?.close();
  }
}

/**
 * `help` (or no command) lists every command; `<command> --help` (or `help <command>`)
 * gives that command's usage; `<word> --help` lists the commands starting with it.
 * Null when the command line asks for no help.
 */
function helpFor(args: ParsedArgs, cmd: CliCommand | undefined): { json: unknown; text: string } | null {
  const words = args.positionals;
  const asked = words.length === 0 || words[0] === 'help' || flag(args, 'help') !== undefined;
  if (!asked) return null;
  const topic = words[0] === 'help' ? words.slice(1) : words;
  const target = words[0] === 'help' ? findCommand(topic) : cmd;
  const commands = allCommands();
  const list = target ? [target] : topic.length ? commands.filter((c) => c.name.split(' ')[0] === topic[0]) : commands;
  if (!list.length) return null; // an unknown word: refused below with the command list
  const text = `用法：cli <命令> [参数] [--db <文件>]\n${target ? '' : '可用命令：\n'}${list.map((c) => '  ' + c.usage).join('\n')}`;
  return { json: { commands: list.map((c) => ({ name: c.name, usage: c.usage })) }, text };
}

/** Refusals (exit 2) keep their code; an internal failure stays a plain error (exit 1). */
const FAILURES = new Set(['internal', 'job_crashed', 'worker_crashed']);

function refusal(e: ErrorPayload): Error {
  if (FAILURES.has(e.code)) return Object.assign(new Error(e.message), { code: e.code, payload: e });
  return AppError.fromPayload(e);
}

/** Runs the command line of this process and prints its answer (UTF-8 on every platform). */
export function main(argv = process.argv.slice(2)): void {
  const r = runCli(argv);
  process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  process.exitCode = r.code;
}

// electron/cli.ts (tsx) or the bundle dist-electron/cli.cjs run directly (node, or the app's executable as Node)
const isMain = process.argv[1] && /cli\.(ts|js|cjs|mjs)$/.test(process.argv[1]);
if (isMain) main();
