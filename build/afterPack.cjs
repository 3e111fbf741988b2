// electron-builder afterPack hook: flips the Electron fuses of the packed executable before it is
// signed and put into the installer (@electron/fuses).
//
// RunAsNode stays on: wb.cmd beside the app runs the bundled CLI through the app's own executable
// with ELECTRON_RUN_AS_NODE=1 (scheduled backups and imports need no separate Node). Everything
// else that lets the executable run other code is off, and the app loads only from its asar.
const path = require('node:path');

/** The fuse settings by name (unit-tested); FuseV1Options maps the names to wire positions. */
const FUSES = {
  RunAsNode: true,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  // The window loads dist/renderer/index.html from file://.
  GrantFileProtocolExtraPrivileges: true,
};

function fuseConfig({ FuseVersion, FuseV1Options }) {
  const config = { version: FuseVersion.V1 };
  for (const [name, on] of Object.entries(FUSES)) {
    if (FuseV1Options[name] === undefined) throw new Error(`@electron/fuses 不认识熔断开关 ${name}`);
    config[FuseV1Options[name]] = on;
  }
  return config;
}

/** The packed executable: <productFilename>.exe on Windows, without extension on Linux. */
function executablePath(context) {
  const name = context.packager.appInfo.productFilename;
  const ext = { win32: '.exe', darwin: '.app', mas: '.app' }[context.electronPlatformName] ?? '';
  return path.join(context.appOutDir, name + ext);
}

async function afterPack(context, fuses = require('@electron/fuses')) {
  await fuses.flipFuses(executablePath(context), fuseConfig(fuses));
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.fuseConfig = fuseConfig;
module.exports.executablePath = executablePath;
