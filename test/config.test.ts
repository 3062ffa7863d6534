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

  it('watches with inotify by default, excluding .git/objects and node_modules, with no folder cap', () => {
    expect(loadConfig({}).watch).toEqual({
      backend: 'inotify',
      ignore: ['.git/objects', 'node_modules'],
      useGitignore: true,
      maxFolders: undefined,
      pollMs: 2_000,
    });
    expect(loadConfig({ WATCH_MAX_FOLDERS: '500', WATCH_POLL_MS: '250' }).watch).toMatchObject({
      maxFolders: 500,
      pollMs: 250,
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
    ['WATCH_BACKEND', 'fsevents'],
    ['WATCH_MAX_FOLDERS', 'many'],
    ['WATCH_MAX_FOLDERS', '0'],
    ['WATCH_POLL_MS', '10'],
    ['FILES_TREE_STATS', 'stat'],
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

describe('loadConfig: the defences', () => {
  it('has defaults a local developer can work with', () => {
    const config = loadConfig({});
    expect(config.graphqlLimits).toEqual({
      maxDepth: 20,
      maxCost: 50_000,
      maxAliases: 30,
      maxTokens: 5_000,
      maxDirectives: 50,
      searchCost: 10_000,
      maxNesting: 128,
    });
    expect(config.graphqlIntrospection).toBe(true);
    expect(config.graphiql).toBe(true);
    expect(config.graphqlFastPath).toBe(true);
    expect(config.maxRequestBytes).toBe(16 * 1024 * 1024);
    expect(config.rateLimits).toEqual({ perMinute: 6_000, authFailuresPerMinute: 300 });
    expect(config.corsOrigins).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
      'http://[::1]:*',
    ]);
  });

  it('turns introspection and GraphiQL off when NODE_ENV=production', () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    expect(config.graphqlIntrospection).toBe(false);
    expect(config.graphiql).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'on' })).toMatchObject({
      graphqlIntrospection: true,
      graphiql: true,
    });
  });

  it('turns the GraphQL fast path off with GRAPHQL_FAST_PATH=off', () => {
    expect(loadConfig({ GRAPHQL_FAST_PATH: 'off' }).graphqlFastPath).toBe(false);
    expect(() => loadConfig({ GRAPHQL_FAST_PATH: 'fast' })).toThrow(/GRAPHQL_FAST_PATH/);
  });

  it('refuses GraphiQL without introspection', () => {
    expect(() => loadConfig({ GRAPHQL_INTROSPECTION: 'off', GRAPHIQL: 'on' })).toThrow(
      /^invalid GRAPHIQL: GraphiQL needs GRAPHQL_INTROSPECTION on$/,
    );
  });

  it('grows the default MAX_REQUEST_BYTES with FILES_MAX_BYTES, room for JSON escapes', () => {
    const filesMaxBytes = 100 * 1024 * 1024;
    expect(loadConfig({ FILES_MAX_BYTES: String(filesMaxBytes) }).maxRequestBytes).toBe(
      filesMaxBytes * 1.5 + 1024 * 1024,
    );
    expect(loadConfig({ MAX_REQUEST_BYTES: '65536' }).maxRequestBytes).toBe(65536);
    expect(loadConfig({ MAX_REQUEST_BYTES: '' }).maxRequestBytes).toBe(16 * 1024 * 1024);
  });

  it('reads comma-separated CORS_ORIGINS, * and empty included', () => {
    expect(
      loadConfig({ CORS_ORIGINS: ' https://a.example , https://*.b.example ' }).corsOrigins,
    ).toEqual(['https://a.example', 'https://*.b.example']);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
  });

  it.each([
    ['GRAPHQL_MAX_DEPTH', '-1'],
    ['GRAPHQL_MAX_COST', 'lots'],
    ['GRAPHQL_MAX_TOKENS', '1.5'],
    ['MAX_REQUEST_BYTES', '12'],
    ['MAX_REQUEST_BYTES', '1e6'],
    ['RATE_LIMIT_PER_MINUTE', 'unlimited'],
    ['AUTH_FAILURES_PER_MINUTE', '-3'],
    ['CORS_ORIGINS', 'app.example.com'],
    ['CORS_ORIGINS', 'https://app.example.com/path'],
    ['GRAPHQL_INTROSPECTION', 'maybe'],
    ['GRAPHIQL', 'yes please'],
  ])('names %s when its value %j is bad', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^invalid ${variable}: `));
  });
});
