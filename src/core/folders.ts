// The two folders the server owns: PROJECT_ROOT (served files) and DATA_DIR
// (database, logs, keys). Both are created when absent and must be writable.
import { access, constants, mkdir, stat } from 'node:fs/promises';
import { ConfigError } from '../config.ts';

const reasons: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a parent is not a directory',
  EROFS: 'read-only file system',
  EEXIST: 'exists and is not a directory',
};

export async function ensureWritableFolder(variable: string, path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    if (!(await stat(path)).isDirectory()) throw Object.assign(new Error(), { code: 'EEXIST' });
    await access(path, constants.W_OK | constants.R_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ConfigError(
      `${variable} ${path} is not a writable folder: ${reasons[code] ?? (code || 'unknown error')}`,
    );
  }
}
