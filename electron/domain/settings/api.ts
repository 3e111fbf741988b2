import { z } from 'zod';
import { method } from '../../api/define';
import { readSettings, settingsPatchSchema, writeSettings } from './settings';

export const settingsMethods = {
  /** 设置: everything the settings page shows */
  'settings.get': method({
    input: z.object({}).strict(),
    perm: 'read',
    write: false,
    handler: (ctx) => readSettings(ctx.db),
  }),
  'settings.update': method({
    input: settingsPatchSchema,
    perm: 'admin',
    write: true,
    handler: (ctx, patch) => {
      const { before, after } = writeSettings(ctx.db, patch);
      ctx.audit({ module: 'settings', action: 'update', record: 'settings', before, after });
      return readSettings(ctx.db);
    },
  }),
};
