import { readFile } from 'node:fs/promises';
import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyMigrations,
  postgresqlFlavour,
  postgresqlMigrationScript,
  schemaPath,
} from '../../src/core/db/migrate.ts';
import { readMigrationList } from '../../src/core/db/migrations.ts';
// @ts-expect-error: a plain .mjs script (it runs on postinstall, before any TypeScript tooling)
import { postgresqlSchema } from '../../scripts/postgresql-schema.mjs';
import {
  postgresTestsEnabled,
  startPostgresServer,
  type PostgresServer,
} from '../utils/postgres-server.ts';

const derive = postgresqlSchema as (sqliteText: string) => string;

describe('the PostgreSQL schema', () => {
  it('is derived from schema.prisma (run `node scripts/prisma-generate.mjs` after a change)', async () => {
    const sqlite = await readFile(schemaPath, 'utf8');
    const checkedIn = await readFile(postgresqlFlavour.schemaPath, 'utf8');
    expect(checkedIn).toBe(derive(sqlite));
    expect(checkedIn).toContain('provider = "postgresql"');
  });

  it('has every model of schema.prisma', async () => {
    const models = (text: string) => [...text.matchAll(/^model (\w+)/gm)].map((m) => m[1]);
    const sqlite = models(await readFile(schemaPath, 'utf8'));
    expect(sqlite.length).toBeGreaterThan(0);
    expect(models(await readFile(postgresqlFlavour.schemaPath, 'utf8'))).toEqual(sqlite);
  });
});

describe.runIf(postgresTestsEnabled)('the PostgreSQL migrations', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(() => server?.stop());

  it('cover every change in schema.prisma (run `npm run db:migration -- <name>` after a change)', async () => {
    const adapter = new PrismaPg({ connectionString: await server.createDatabase() });
    expect(await postgresqlMigrationScript(adapter)).toBe('');
  });

  it('apply to a new database once, then nothing', async () => {
    const adapter = new PrismaPg({ connectionString: await server.createDatabase() });
    const all = (await readMigrationList(postgresqlFlavour.migrationsDir)).migrationDirectories;
    expect(all.length).toBeGreaterThan(0);
    expect(await applyMigrations(adapter, postgresqlFlavour)).toEqual(all.map((d) => d.path));
    expect(await applyMigrations(adapter, postgresqlFlavour)).toEqual([]);
  });
});
