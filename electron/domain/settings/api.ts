import { z } from 'zod';
import { method } from '../../api/define';
import { AppError } from '../../api/errors';
import { callerPath } from '../../api/appFiles';
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
    perm: 'settings',
    write: true,
    handler: (ctx, patch) => {
      // Login on/off needs a password confirmation: accounts.enableLogin / disableLogin.
      if (patch.loginRequired !== undefined && patch.loginRequired !== readSettings(ctx.db).loginRequired) {
        throw new AppError('login_switch_in_accounts', '启用或关闭登录请在“用户管理”中操作（需要输入密码确认）');
      }
      // The backup folder is where backups are written and restored from: the page may reset it to the
      // default, but only the shell's folder dialog or the CLI may point it somewhere else.
      if (patch.backupDir && patch.backupDir !== readSettings(ctx.db).backupDir) {
        try {
          callerPath(ctx.actor, patch.backupDir, []);
        } catch {
          throw new AppError(
            'path_refused',
            '备份文件夹只能在桌面程序中通过“选择文件夹”设置，或用命令行设置；浏览器模式下可清空以使用默认文件夹',
          );
        }
      }
      // 内管: the 重点监管 品牌集 must be a 品牌集 (of specs) that exists.
      if (
        patch.monitorScarceSet !== undefined &&
        !ctx.db.prepare("SELECT 1 FROM code_sets WHERE name = ? AND kind = 'products'").get(patch.monitorScarceSet)
      ) {
        throw new AppError(
          'unknown_set',
          `没有名为“${patch.monitorScarceSet}”的品牌集；重点监管品牌集请先在“品牌集与客户集”中建立，再在此选择`,
        );
      }
      const { before, after } = writeSettings(ctx.db, patch);
      ctx.audit({ module: 'settings', action: 'update', record: 'settings', before, after });
      return readSettings(ctx.db);
    },
  }),
};
