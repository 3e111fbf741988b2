/** API methods and jobs of the imports module; merged into the contract in api/contract.ts. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { job, method, type Actor, type JobMap, type MethodMap } from '../../api/define';
import { AppError } from '../../api/errors';
import { callerPath, confinedPath } from '../../api/appFiles';
import { importKinds } from './kinds/index';
import { describeFields } from './headers';
import { dryRunImport, previewImport, rejectedDir, runImport } from './pipeline';
import { ordersImportedFollowUps } from './hooks';
import { listBatches, MAX_UPLOAD_BYTES, rollbackBatch, saveUpload, uploadDir } from './batches';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const importRequestSchema = z
  .object({
    kind: z.string().min(1).max(40),
    file: z.string().min(1).max(2000),
    fileName: z.string().min(1).max(300).optional(),
    sheet: z.string().max(200).optional(),
    headerRow: z.number().int().min(1).max(1000).optional(),
    mapping: z.record(z.string(), z.number().int().min(0).max(1000).nullable()).optional(),
    replace: z.boolean().optional(),
    unit: z.enum(['条', '箱']).optional(),
    periodFrom: isoDate.optional(),
    periodTo: isoDate.optional(),
  })
  .strict();

/** The file to import: uploaded into the uploads folder, chosen in the shell's dialog, or typed at the CLI. */
function sourceFile<R extends { file: string }>(actor: Actor, dataDir: string, req: R): R {
  return { ...req, file: callerPath(actor, req.file, [uploadDir(dataDir)]) };
}

export const importsMethods = {
  /** the kinds the wizard offers, with their fields */
  'imports.kinds': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: () =>
      Object.values(importKinds).map((k) => ({
        kind: k.kind,
        label: k.label,
        fields: describeFields(k),
      })),
  }),
  /** browser mode: the page sends the file's bytes, the backend keeps them and answers with a path */
  'imports.upload': method({
    input: z
      .object({
        fileName: z.string().min(1).max(300),
        contentBase64: z
          .string()
          .min(1)
          .max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4),
      })
      .strict(),
    perm: 'edit',
    write: false,
    handler: (ctx, input) => saveUpload(ctx.dataDir, input.fileName, input.contentBase64),
  }),
  'imports.history': method({
    input: z
      .object({ kind: z.string().max(40).optional(), limit: z.number().int().min(1).max(5000).optional() })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => listBatches(ctx.db, input),
  }),
  'imports.rollback': method({
    input: z.object({ batchId: z.number().int().positive() }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => rollbackBatch(ctx, input.batchId),
  }),
  /** the rejected-rows workbook of a batch (or a refused import), as base64 for download */
  'imports.rejectedFile': method({
    input: z.object({ file: z.string().min(1).max(2000) }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => {
      const file = confinedPath(rejectedDir(ctx.dataDir), input.file);
      if (!fs.existsSync(file)) throw new AppError('file_not_found', '找不到未导入行文件');
      return { fileName: path.basename(file), contentBase64: fs.readFileSync(file).toString('base64') };
    },
  }),
} satisfies MethodMap;

export const importsJobs = {
  /** the wizard's preview: header, mapping and the first rows' status; reads only the first rows, on a job thread */
  'imports.preview': job({
    input: importRequestSchema.extend({ limit: z.number().int().min(1).max(2000).optional() }).strict(),
    perm: 'edit',
    readOnly: true,
    admit: (ctx, input) => void sourceFile(ctx.actor, ctx.dataDir, input),
    run: (ctx, input) => {
      const { limit, ...req } = input;
      return previewImport(ctx.db, sourceFile(ctx.actor, ctx.dataDir, req), limit ?? 200);
    },
  }),
  /** every row checked as the import would, nothing written, with progress */
  'imports.dryRun': job({
    input: importRequestSchema,
    perm: 'edit',
    readOnly: true,
    admit: (ctx, input) => void sourceFile(ctx.actor, ctx.dataDir, input),
    run: (ctx, input, control) => dryRunImport(ctx, sourceFile(ctx.actor, ctx.dataDir, input), control),
  }),
  /** one file → one batch, in one transaction; cancel leaves nothing written */
  'imports.run': job({
    input: importRequestSchema,
    perm: 'edit',
    admit: (ctx, input) => void sourceFile(ctx.actor, ctx.dataDir, input),
    run: (ctx, input, control) => runImport(ctx, sourceFile(ctx.actor, ctx.dataDir, input), control),
    // Once the order lines are committed and the result has gone out, the modules that follow
    // them (the 内管 scan) look at the new dates, each in a job of its own.
    followUps: (_input, result) =>
      result.kind === 'orders' && result.dayFrom && result.dayTo
        ? ordersImportedFollowUps(result.dayFrom, result.dayTo)
        : [],
    // Order lines: every retailer and spec is looked up before its line is written, the batch is the job's own.
    checksReferences: (input) => input.kind === 'orders',
  }),
} satisfies JobMap;

export { uploadDir };
