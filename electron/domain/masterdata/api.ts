/** API methods and jobs of the masterdata module; merged into the contract in api/contract.ts. */
import { z } from 'zod';
import * as XLSX from 'xlsx';
import { job, method, type JobMap, type MethodMap } from '../../api/define';
import { AppError } from '../../api/errors';
import { readSettings } from '../settings';
import { CATEGORY_LABELS } from './categories';
import { generateDemo } from './demo';
import { auditExport } from '../audit';
import {
  createMaster,
  EDIT_FIELDS,
  editFieldList,
  ENTITY_LABELS,
  getMaster,
  listMasters,
  setMastersActive,
  updateMaster,
  type Entity,
} from './masters';
import { createSet, deleteSet, listSets, setMembers } from './sets';
import { customerStructure, managerStructure } from './structure';
import { customerSpec, managerSpec } from '../../../common/structureTables';
import { signatureFooter, workbookFromSpecs } from '../../../common/xlsxTable';

const entity = z.enum(['managers', 'routes', 'retailers', 'products']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const fieldValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);
const scope = z.string().max(200);

export const masterdataMethods = {
  /** rows for a master grid */
  'masterdata.list': method({
    input: z
      .object({ entity, search: z.string().max(100).optional(), limit: z.number().int().min(1).max(200000).optional() })
      .strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => ({ ...listMasters(ctx.db, input.entity, input), fields: editFieldList(input.entity) }),
  }),
  /** one record for the detail drawer, with its orders summary and import history */
  'masterdata.get': method({
    input: z.object({ entity, code: z.string().min(1).max(60) }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => getMaster(ctx.db, input.entity, input.code),
  }),
  /** what the editors offer: category labels, routes and managers */
  'masterdata.options': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => ({
      categories: CATEGORY_LABELS,
      // stopped routes are not offered for new assignments
      routes: ctx.db.prepare('SELECT code, name FROM routes WHERE active = 1 ORDER BY code').all() as {
        code: string;
        name: string;
      }[],
      managers: ctx.db.prepare('SELECT code, name FROM managers ORDER BY code').all() as {
        code: string;
        name: string;
      }[],
      fields: Object.fromEntries((Object.keys(EDIT_FIELDS) as Entity[]).map((e) => [e, editFieldList(e)])),
      demoData: readSettings(ctx.db).demoData,
    }),
  }),
  'masterdata.update': method({
    input: z.object({ entity, code: z.string().min(1).max(60), changes: z.record(z.string(), fieldValue) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const diff = updateMaster(ctx.db, input.entity, input.code, input.changes);
      ctx.audit({
        module: 'masterdata',
        action: 'update',
        record: `${input.entity}:${input.code}`,
        before: diff.before,
        after: diff.after,
      });
      return getMaster(ctx.db, input.entity, input.code).record;
    },
  }),
  /** 新增: one record typed in the page's form, checked field by field as the grid and the import check them */
  'masterdata.create': method({
    input: z.object({ entity, code: z.string().max(100), fields: z.record(z.string().max(40), fieldValue) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = createMaster(ctx.db, input.entity, input.code, input.fields);
      ctx.audit({ module: 'masterdata', action: 'create', record: `${input.entity}:${r.code}`, after: r.after });
      return getMaster(ctx.db, input.entity, r.code).record;
    },
  }),
  /** 停用 (soft: 注销 / 离岗 / 不在销 / 线路停用) or 启用 of the selected records */
  'masterdata.setActive': method({
    input: z
      .object({ entity, codes: z.array(z.string().min(1).max(60)).min(1).max(100000), active: z.boolean() })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = setMastersActive(ctx.db, input.entity, input.codes, input.active);
      ctx.audit({
        module: 'masterdata',
        action: input.active ? 'reactivate' : 'deactivate',
        record:
          input.codes.length === 1 ? `${input.entity}:${input.codes[0]}` : `${input.entity}:${input.codes.length}`,
        before: r.before.slice(0, 1000),
        after: { [r.column]: r.value, codes: r.changedCodes.slice(0, 1000), changed: r.changed },
      });
      return { changed: r.changed, label: ENTITY_LABELS[input.entity] };
    },
  }),
  /** A paste, a fill or an undo in a master grid: different values for many records, all or nothing. */
  'masterdata.updateMany': method({
    input: z
      .object({
        entity,
        rows: z
          .array(z.object({ code: z.string().min(1).max(60), changes: z.record(z.string(), fieldValue) }).strict())
          .min(1)
          .max(5000),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const before: Record<string, unknown>[] = [];
      const after: Record<string, unknown>[] = [];
      let changed = 0;
      for (const r of input.rows) {
        const diff = updateMaster(ctx.db, input.entity, r.code, r.changes);
        before.push({ code: r.code, ...diff.before });
        after.push({ code: r.code, ...diff.after });
        if (JSON.stringify(diff.before) !== JSON.stringify(diff.after)) changed++;
      }
      ctx.audit({
        module: 'masterdata',
        action: 'updateMany',
        record: `${input.entity}:${input.rows.length}`,
        before: before.slice(0, 1000),
        after: after.slice(0, 1000),
      });
      return { updated: input.rows.length, changed, label: ENTITY_LABELS[input.entity] };
    },
  }),
  /** 批量修改: one field, one value, many selected rows — all or nothing */
  'masterdata.batchUpdate': method({
    input: z
      .object({
        entity,
        codes: z.array(z.string().min(1).max(60)).min(1).max(100000),
        field: z.string().min(1).max(40),
        value: fieldValue,
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      if (!EDIT_FIELDS[input.entity][input.field])
        throw new AppError('invalid_field', `字段“${input.field}”不能批量修改`);
      let changed = 0;
      for (const code of input.codes) {
        const diff = updateMaster(ctx.db, input.entity, code, { [input.field]: input.value });
        if (JSON.stringify(diff.before) !== JSON.stringify(diff.after)) changed++;
      }
      ctx.audit({
        module: 'masterdata',
        action: 'batchUpdate',
        record: `${input.entity}:${input.codes.length}`,
        after: { field: input.field, value: input.value, codes: input.codes.slice(0, 1000), changed },
      });
      return { updated: input.codes.length, changed, label: ENTITY_LABELS[input.entity] };
    },
  }),
  'masterdata.sets': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => listSets(ctx.db),
  }),
  'masterdata.setMembers': method({
    input: z.object({ name: z.string().min(1).max(100) }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => setMembers(ctx.db, input.name),
  }),
  /** 品牌集 / 客户集: a static list (codes) or a rule (field = value) */
  'masterdata.createSet': method({
    input: z
      .object({
        name: z.string().min(1).max(100),
        kind: z.enum(['products', 'retailers']),
        codes: z.array(z.string().min(1).max(60)).max(100000).optional(),
        rule: z
          .object({ field: z.string().min(1).max(40), value: z.string().max(100) })
          .strict()
          .optional(),
        note: z.string().max(500).optional(),
      })
      .strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      if ((input.codes === undefined) === (input.rule === undefined))
        throw new AppError('invalid_input', '请给出编码清单或规则之一');
      const r = createSet(ctx.db, input);
      ctx.audit({ module: 'masterdata', action: 'createSet', record: `set:${r.name}`, after: r });
      return r;
    },
  }),
  'masterdata.deleteSet': method({
    input: z.object({ name: z.string().min(1).max(100) }).strict(),
    perm: 'edit',
    write: true,
    handler: (ctx, input) => {
      const r = deleteSet(ctx.db, input.name);
      ctx.audit({ module: 'masterdata', action: 'deleteSet', record: `set:${input.name}` });
      return r;
    },
  }),
  /** 客户结构分析 (CLI.md customer-structure) */
  'masterdata.customerStructure': method({
    input: z.object({ asOf: isoDate.optional(), scope: scope.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => customerStructure(ctx.db, input),
  }),
  /** 客户经理队伍结构 (CLI.md manager-structure) */
  'masterdata.managerStructure': method({
    input: z.object({ asOf: isoDate.optional() }).strict(),
    perm: 'read',
    write: false,
    handler: (ctx, input) => managerStructure(ctx.db, input),
  }),
  /**
   * The structure report as .xlsx or .csv (base64): the page's table
   * (common/structureTables) through the shared sheet writer — title, 单位名称 /
   * 截至 / 单位 line, counts as numbers, shares as percentages, 口径说明, and in
   * the xlsx the 制表人 / 审核人 / 制表日期 line.
   */
  'masterdata.exportStructure': method({
    input: z
      .object({
        report: z.enum(['customer-structure', 'manager-structure']),
        format: z.enum(['xlsx', 'csv']),
        asOf: isoDate.optional(),
        scope: scope.optional(),
      })
      .strict(),
    perm: 'print',
    write: false,
    handler: (ctx, input) => {
      const r =
        input.report === 'customer-structure' ? customerStructure(ctx.db, input) : managerStructure(ctx.db, input);
      const spec = r.report === 'customer-structure' ? customerSpec(r) : managerSpec(r);
      const s = readSettings(ctx.db);
      // Generated data is marked in the title, as the print view marks it.
      const title = spec.title;
      if (s.demoData) spec.title += '（示例数据）';
      const csv = input.format === 'csv';
      const wb = workbookFromSpecs(
        [{ ...spec, sheetName: title }],
        s.unitName || undefined,
        csv ? {} : { footer: signatureFooter() },
      );
      const buf: Buffer = XLSX.write(wb, { type: 'buffer', bookType: csv ? 'csv' : 'xlsx' });
      // SheetJS starts a CSV with the UTF-8 BOM (Excel reads it as UTF-8 then); one BOM, never two.
      const bom = Buffer.from([0xef, 0xbb, 0xbf]);
      const out = csv && !Buffer.from(buf).subarray(0, 3).equals(bom) ? Buffer.concat([bom, Buffer.from(buf)]) : buf;
      const fileName = `${title}-${r.asOf}.${input.format}`;
      auditExport(ctx, { what: spec.title, rows: spec.rows.length, fileName });
      return { fileName, contentBase64: out.toString('base64') };
    },
  }),
} satisfies MethodMap;

export const masterdataJobs = {
  /** 载入示例数据: only into an empty database */
  'masterdata.demo': job({
    input: z
      .object({
        size: z.enum(['tiny', 'small', 'large', 'city']),
        years: z.number().int().min(1).max(5).optional(),
        seed: z
          .number()
          .int()
          .min(0)
          .max(2 ** 31)
          .optional(),
        endDate: isoDate.optional(),
        orders: z.boolean().optional(),
      })
      .strict(),
    perm: 'edit',
    run: (ctx, input, control) => generateDemo(ctx, input, control),
  }),
} satisfies JobMap;
