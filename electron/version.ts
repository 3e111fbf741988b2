/** Program version, shown in 关于 and written into exports. Keep in step with package.json. */
export const VERSION = '0.1.0';
