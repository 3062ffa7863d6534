// FERNET_SECRET, or a key generated once into DATA_DIR/fernet.key (mode 0600).
// The key is never logged or printed: losing it makes stored secrets unreadable,
// so the file is created exclusively and never overwritten.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../config.ts';

export const fernetKeyFileName = 'fernet.key';

/** A new Fernet key: 32 random bytes, url-safe base64 with padding, as Python makes them. */
export function generateFernetKey(): string {
  return Buffer.from(randomBytes(32)).toString('base64url') + '=';
}

export async function loadOrCreateFernetSecret(
  configured: string | undefined,
  dataDir: string,
): Promise<{ secret: string; source: 'environment' | 'file' | 'generated' }> {
  if (configured) return { secret: configured, source: 'environment' };
  const path = join(dataDir, fernetKeyFileName);
  try {
    await writeFile(path, generateFernetKey() + '\n', { mode: 0o600, flag: 'wx' });
    return { secret: (await readFile(path, 'utf8')).trim(), source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (!/^[A-Za-z0-9_-]{43}=$/.test(secret)) {
    throw new ConfigError(
      `${path} does not hold a valid Fernet key; restore it or set FERNET_SECRET`,
    );
  }
  return { secret, source: 'file' };
}
