/**
 * The installer's configuration agrees with itself: the fuses the afterPack hook flips (checked
 * against @electron/fuses' own wire positions), the executable wb.cmd starts, and the CLI bundle it
 * runs being a real file outside app.asar.
 */
import { describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as fuses from '@electron/fuses';
import { asarUnpacked } from '../../../electron/paths';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(__dirname, '../../..');
const hook = require(path.join(ROOT, 'build', 'afterPack.cjs'));
const yml = fs.readFileSync(path.join(ROOT, 'build', 'electron-builder.yml'), 'utf8');
const cmd = fs.readFileSync(path.join(ROOT, 'build', 'wb.cmd'), 'latin1');

describe('Electron fuses at build', () => {
  it('keep RunAsNode for wb.cmd, turn off NODE_OPTIONS and --inspect, encrypt cookies, load only from asar', () => {
    const c = hook.fuseConfig(fuses);
    const O = fuses.FuseV1Options;
    expect(c.version).toBe(fuses.FuseVersion.V1);
    expect(c[O.RunAsNode]).toBe(true);
    expect(c[O.EnableCookieEncryption]).toBe(true);
    expect(c[O.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(c[O.EnableNodeCliInspectArguments]).toBe(false);
    expect(c[O.OnlyLoadAppFromAsar]).toBe(true);
    expect(c[O.LoadBrowserProcessSpecificV8Snapshot]).toBe(false);
    expect(c[O.GrantFileProtocolExtraPrivileges]).toBe(true);
  });

  it('are flipped on the packed executable by the afterPack hook', async () => {
    const flipFuses = vi.fn(async () => 0);
    const context = {
      appOutDir: path.join('release', 'win-unpacked'),
      electronPlatformName: 'win32',
      packager: { appInfo: { productFilename: 'county-workbench' } },
    };
    await hook(context, { ...fuses, flipFuses });
    expect(flipFuses).toHaveBeenCalledWith(
      path.join('release', 'win-unpacked', 'county-workbench.exe'),
      hook.fuseConfig(fuses),
    );
  });

  it('are wired into the electron-builder configuration', () => {
    expect(yml).toMatch(/^afterPack: build\/afterPack\.cjs$/m);
  });
});

describe('wb.cmd beside the installed app', () => {
  it('starts the executable electron-builder names, as Node, on the unpacked CLI bundle, in UTF-8', () => {
    const exe = /^executableName: (\S+)$/m.exec(yml)?.[1];
    expect(exe).toBe('county-workbench');
    expect(cmd).toContain(`"%~dp0${exe}.exe" "%~dp0resources\\app.asar.unpacked\\dist-electron\\wb.cjs" %*`);
    expect(cmd).toMatch(/^set "ELECTRON_RUN_AS_NODE=1"\r$/m);
    expect(cmd).toMatch(/^chcp 65001 >nul\r$/m);
    // CRLF throughout and plain ASCII, so cmd.exe reads it the same under any code page
    expect(cmd.split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
    expect(/^\p{ASCII}*$/u.test(cmd)).toBe(true);
    const unpack = yml.slice(yml.indexOf('asarUnpack:'), yml.indexOf('npmRebuild:'));
    for (const f of [
      'dist-electron/wb.cjs',
      'dist-electron/cli.cjs',
      'dist-electron/dbWorker.cjs',
      'dist-electron/textExtractWorker.cjs',
    ])
      expect(unpack).toContain(`  - ${f}\n`);
    expect(yml).toMatch(/extraFiles:\n\s+- from: build\/wb\.cmd\n\s+to: wb\.cmd/);
  });
});

describe('worker scripts in the installed app', () => {
  it('start from app.asar.unpacked, where electron-builder puts them', () => {
    expect(
      asarUnpacked(
        'C:\\Users\\张三\\AppData\\Local\\Programs\\county-workbench\\resources\\app.asar\\dist-electron\\dbWorker.cjs',
      ),
    ).toBe(
      'C:\\Users\\张三\\AppData\\Local\\Programs\\county-workbench\\resources\\app.asar.unpacked\\dist-electron\\dbWorker.cjs',
    );
    expect(asarUnpacked('/opt/wb/resources/app.asar/dist-electron/dbWorker.cjs')).toBe(
      '/opt/wb/resources/app.asar.unpacked/dist-electron/dbWorker.cjs',
    );
    // a repo checkout (npm start) has no archive: unchanged
    expect(asarUnpacked('/work/repo/dist-electron/dbWorker.cjs')).toBe('/work/repo/dist-electron/dbWorker.cjs');
    expect(asarUnpacked('/srv/app.asar.unpacked/dist-electron/dbWorker.cjs')).toBe(
      '/srv/app.asar.unpacked/dist-electron/dbWorker.cjs',
    );
    const unpack = yml.slice(yml.indexOf('asarUnpack:'), yml.indexOf('npmRebuild:'));
    expect(unpack).toContain('  - dist-electron/dbWorker.cjs\n');
  });
});
