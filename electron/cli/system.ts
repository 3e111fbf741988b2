import fs from 'node:fs';
import path from 'node:path';
import type { CliCommand } from './framework';
import { requireFlag, requirePositional } from './framework';

export const systemCommands: CliCommand[] = [
  {
    name: 'init',
    usage: 'init [--db <file>]   创建或升级数据库',
    run: (ctx) => ({ ok: true, schemaVersion: ctx.call<{ schemaVersion: number }>('system.info', {}).schemaVersion }),
  },
  {
    name: 'backup',
    usage: 'backup --out <file>   备份数据库到指定文件',
    run: (ctx, args) => {
      const out = path.resolve(requireFlag(args, 'out'));
      const info = ctx.call<{ file: string; size: number }>('system.backupNow', { out });
      ctx.say(`已备份到 ${info.file}`);
      return { ok: true, file: info.file, size: info.size };
    },
  },
  {
    name: 'restore',
    usage: 'restore <file>   用备份替换当前数据库（先检查备份，保留被替换的文件）',
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
