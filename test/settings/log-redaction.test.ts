// Keys and secrets stay out of log lines even when a whole config or
// environment object is logged by mistake.
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { generateFernetKey } from '../../src/core/fernet-key-file.ts';
import { createLogger } from '../../src/core/logger.ts';

describe('log redaction of keys and secrets', () => {
  it('censors the Fernet keys, the Gemini key and the admin token in config and env objects', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logger = createLogger({ level: 'info', format: 'json', destination: stream });
    const env = {
      FERNET_SECRET: `${generateFernetKey()},${generateFernetKey()}`,
      GEMINI_API_KEY: 'AIza-gemini-key-never-logged',
      GENPOD_ADMIN_TOKEN: 'admin-token-never-logged-123',
    };
    const config = loadConfig(env, '/tmp');
    logger.info({ config }, 'config');
    logger.info({ env }, 'env');
    logger.info(config, 'config at the top level');
    // The stream hands lines over asynchronously: wait for the last one.
    await vi.waitFor(() => expect(lines.join('')).toContain('config at the top level'));
    const text = lines.join('');
    expect(text).toContain('[redacted]');
    for (const secret of [
      ...env.FERNET_SECRET.split(','),
      env.GEMINI_API_KEY,
      env.GENPOD_ADMIN_TOKEN,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
