/**
 * File paths from callers. No method the page can call takes a free path:
 * - the command line (via 'cli') takes any path its user types;
 * - the Electron shell hands over paths its own open/save dialogs returned
 *   (Actor.grantedPaths), and only those;
 * - anything else (the page in browser mode, the page in Electron with a path
 *   it made up) must name a file inside one of the app's own folders — the
 *   uploads, exports, rejected-rows and backup folders — checked here, once,
 *   after resolving symbolic links, so neither `..` nor a link leads outside.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Actor } from './define';
import { AppError } from './errors';

/** The app's own folders, inside the data folder. */
export const APP_FOLDERS = {
  uploads: ['imports', 'uploads'],
  rejected: ['imports', 'rejected'],
  exports: ['exports'],
} as const;

export function appFolder(dataDir: string, area: keyof typeof APP_FOLDERS): string {
  return path.join(dataDir, ...APP_FOLDERS[area]);
}

const sameCase = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? p.toLowerCase() : p);

function inside(root: string, p: string): boolean {
  const rel = path.relative(sameCase(root), sameCase(p));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The real path of p (or of its folder, for a file not written yet). */
function realOf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(realOf(parent), path.basename(p));
  }
}

export const PATH_REFUSED = '只能使用工作台自己的文件夹中的文件（上传、导出、备份文件夹），请用“选择文件”或下载按钮';

/**
 * `p` resolved inside `root` (a relative name is taken inside it); throws
 * path_refused when the path, or what a link in it points to, is outside.
 */
export function confinedPath(root: string, p: string): string {
  if (typeof p !== 'string' || p === '' || p.includes('\0')) throw new AppError('path_refused', PATH_REFUSED);
  const base = path.resolve(root);
  const target = path.resolve(base, p);
  if (!inside(base, target)) throw new AppError('path_refused', PATH_REFUSED, { path: p.slice(0, 300) });
  if (!inside(realOf(base), realOf(target)))
    throw new AppError('path_refused', PATH_REFUSED, { path: p.slice(0, 300) });
  return target;
}

/**
 * The path a caller gave for a file to read or write: free for the command
 * line, granted by the Electron shell's dialogs, or else confined to one of
 * `roots` (the app's own folders for this method).
 */
export function callerPath(actor: Pick<Actor, 'via' | 'grantedPaths'>, p: string, roots: string[]): string {
  if (actor.via === 'cli') return path.resolve(p);
  const resolved = path.resolve(p);
  if (actor.grantedPaths?.some((g) => sameCase(path.resolve(g)) === sameCase(resolved))) return resolved;
  for (const root of roots) {
    try {
      return confinedPath(root, p);
    } catch {
      // try the next folder
    }
  }
  throw new AppError('path_refused', PATH_REFUSED, { path: String(p).slice(0, 300) });
}

/**
 * Writes a whole file or nothing: the bytes go to a temporary file beside it, which is renamed
 * into place once written. A full disk (or any failed write) removes the temporary file and
 * throws the error as it came (the router answers 磁盘空间不足 in Chinese); no half-written
 * file is left where a clerk would open it, and a file already there stays as it was.
 */
export function writeWhole(file: string, data: string | Uint8Array, options?: fs.WriteFileOptions): void {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, data, options);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
