import { join } from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations, migrationScriptForSchemaChanges } from '../../src/core/db/migrate.ts';
import { readMigrationList } from '../../src/core/db/migrations.ts';
import { migrationsDir } from '../../src/core/db/migrate.ts';
import { makeTempDir } from '../utils/tempdir.ts';

describe('migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function scratchAdapter() {
    const temp = await makeTempDir();
    cleanups.push(temp.remove);
    return new PrismaLibSql({ url: `file:${join(temp.path, 'test.db')}` });
  }

  it('cover every change in schema.prisma (run `npm run db:migration -- <name>` after a change)', async () => {
    expect(await migrationScriptForSchemaChanges(await scratchAdapter())).toBe('');
  });

  it('apply every migration to a new database once, then nothing', async () => {
    const adapter = await scratchAdapter();
    const all = (await readMigrationList(migrationsDir)).migrationDirectories.map((d) => d.path);
    expect(all.length).toBeGreaterThan(0);
    expect(await applyMigrations(adapter)).toEqual(all);
    expect(await applyMigrations(adapter)).toEqual([]);
  });
});
