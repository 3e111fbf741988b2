import fs from 'node:fs';
import path from 'node:path';
import type { FileCheck } from '../api/define';
import type { CliCommand } from './framework';
import { CliRefusal, requireFlag, requirePositional } from './framework';

export const systemCommands: CliCommand[] = [
  {
    name: 'init',
    usage: 'init [--db <file>]   创建或升级数据库',
    run: (ctx) => ({ ok: true, schemaVersion: ctx.call<{ schemaVersion: number }>('system.info', {}).schemaVersion }),
  },
  {
    name: 'check',
    usage: 'check [--db <file>]   完整检查数据库文件（读遍每一页）；损坏时退出码 2 并给出最近的可用备份',
    run: (ctx) => {
      const c = ctx.call<FileCheck>('system.fileCheck', { run: true });
      if (c.state === 'failed') {
        ctx.say(`检查结果：${c.detail}`);
        throw new CliRefusal('db_corrupt', c.reason, { file: ctx.dbPath, ...c });
      }
      if (c.state !== 'passed') throw new Error(`检查没有完成（${c.state}）`);
      const seconds = (Date.parse(c.finishedAt) - Date.parse(c.startedAt)) / 1000;
      ctx.say(`数据库文件完整性检查通过（用时 ${seconds.toFixed(1)} 秒）`);
      return { ok: true, file: ctx.dbPath, ...c };
    },
  },
  {
    name: 'backup',
    usage:
      'backup --out <file>   先完整检查数据库文件，完好才备份到指定文件（损坏时退出码 2，不写文件；同名文件只在它是以前的备份时才替换）',
    run: (ctx, args) => {
      const out = path.resolve(requireFlag(args, 'out'));
      const info = ctx.call<{ file: string; size: number }>('system.backupNow', { out });
      ctx.say(`已备份到 ${info.file}`);
      return { ok: true, file: info.file, size: info.size };
    },
  },
  {
    name: 'restore',
    usage: 'restore <file>   用备份替换当前数据库（先完整检查备份，保留被替换的文件）',
    run: (ctx, args) => {
      const file = path.resolve(requirePositional(args, 0, '备份文件'));
      if (!fs.existsSync(file)) ctx.say(`找不到文件 ${file}`);
      const r = ctx.call<{ keptAs: string | null; schemaVersion: number; attachmentsError?: string }>(
        'system.restore',
        { file },
      );
      ctx.say(`已从 ${file} 恢复` + (r.keptAs ? `，原数据库保留为 ${r.keptAs}` : ''));
      if (r.attachmentsError) ctx.say(r.attachmentsError);
      return { ok: true, restoredFrom: file, keptAs: r.keptAs, schemaVersion: r.schemaVersion };
    },
  },
];
