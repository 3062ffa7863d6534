import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.ts';
import { loadOrCreateFernetSecret } from '../../src/core/fernet-key-file.ts';
import { makeTempDir } from '../utils/tempdir.ts';

describe('loadOrCreateFernetSecret', () => {
  let dir: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('generates a key once, readable by its owner only, and reuses it', async () => {
    const first = await loadOrCreateFernetSecret(undefined, dir.path);
    expect(first.source).toBe('generated');
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(first.secret, 'base64url')).toHaveLength(32);
    expect((await stat(join(dir.path, 'fernet.key'))).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateFernetSecret(undefined, dir.path);
    expect(second).toEqual({ secret: first.secret, source: 'file' });
  });

  it('prefers FERNET_SECRET and writes no file', async () => {
    const configured = `${'k'.repeat(43)}=`;
    expect(await loadOrCreateFernetSecret(configured, dir.path)).toEqual({
      secret: configured,
      source: 'environment',
    });
    await expect(readFile(join(dir.path, 'fernet.key'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a damaged key file instead of replacing it', async () => {
    await writeFile(join(dir.path, 'fernet.key'), 'garbage\n');
    await expect(loadOrCreateFernetSecret(undefined, dir.path)).rejects.toThrow(ConfigError);
    expect(await readFile(join(dir.path, 'fernet.key'), 'utf8')).toBe('garbage\n');
  });
});
