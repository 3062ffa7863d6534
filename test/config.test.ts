import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('uses the contract defaults when nothing is set', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      httpPort: 4000,
      grpcPort: 50051,
      projectRoot: '/srv/app/workspace',
      dataDir: '/srv/app/data',
      databaseUrl: 'file:/srv/app/data/genpod.db',
      redisUrl: undefined,
      fernetSecret: undefined,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ GEMINI_API_KEY: '', REDIS_URL: '' }).geminiApiKey).toBeUndefined();
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['GRPC_PORT', '-1'],
    ['GRPC_PORT', '1.5'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['REDIS_URL', 'localhost:6379'],
    ['GEMINI_BASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['GENPOD_ADMIN_TOKEN', 'short'],
  ])('names %s when its value %j is bad', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^invalid ${variable}: `));
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
  });

  it('rejects a malformed FERNET_SECRET without echoing it', () => {
    const secret = 'this-is-not-a-fernet-key-but-it-is-secret';
    let message = '';
    try {
      loadConfig({ FERNET_SECRET: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid FERNET_SECRET: /);
    expect(message).not.toContain(secret);
  });

  it('accepts several comma-separated Fernet keys', () => {
    const keys = `${'A'.repeat(43)}=,${'b'.repeat(43)}=`;
    expect(loadConfig({ FERNET_SECRET: keys }).fernetSecret).toBe(keys);
  });
});
