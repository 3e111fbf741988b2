/**
 * A small module with a changing method and a job that need 'edit', as a
 * business module would have; loaded in-process or into the DB worker.
 */
import { z } from 'zod';
import { job, method, type JobMap, type MethodMap } from '../../../electron/api/define';

export const methods = {
  'probe.addNote': method({
    input: z.object({ text: z.string() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      ctx.db.exec('CREATE TABLE IF NOT EXISTS probe_notes(text TEXT)');
      ctx.db.prepare('INSERT INTO probe_notes(text) VALUES (?)').run(input.text);
      return { ok: true };
    },
  }),
} satisfies MethodMap;

export const jobs = {
  'probe.bulk': job({
    input: z.object({ rows: z.number().int().min(0).max(10_000).default(0) }).strict(),
    perm: 'edit',
    run: (ctx, input, control) => {
      ctx.db.exec('CREATE TABLE IF NOT EXISTS probe_notes(text TEXT)');
      const ins = ctx.db.prepare('INSERT INTO probe_notes(text) VALUES (?)');
      for (let i = 0; i < input.rows; i++) {
        ins.run('row ' + i);
        control.checkpoint(i + 1, input.rows);
      }
      return { done: true, rows: input.rows };
    },
  }),
} satisfies JobMap;
