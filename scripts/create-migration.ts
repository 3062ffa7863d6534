// `npm run db:migration -- <name>`: adds prisma/migrations/<timestamp>_<name>
// for the changes made to prisma/schema.prisma since the last migration.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { migrationScriptForSchemaChanges, migrationsDir } from '../src/core/db/migrate.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name in snake_case>');
  process.exit(2);
}
// The engine replays the existing migrations into a scratch database first.
const scratch = await mkdtemp(join(tmpdir(), 'genpod-migration-'));
try {
  const adapter = new PrismaLibSql({ url: `file:${join(scratch, 'scratch.db')}` });
  const script = await migrationScriptForSchemaChanges(adapter);
  if (!script.trim()) {
    console.log('schema.prisma matches the migrations: nothing to create');
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const migration = { folder: `${stamp}_${name}`, script };
    await mkdir(join(migrationsDir, migration.folder), { recursive: true });
    await writeFile(join(migrationsDir, migration.folder, 'migration.sql'), migration.script);
    await writeFile(
      join(migrationsDir, 'migration_lock.toml'),
      '# Written by scripts/create-migration.ts; keep in version control.\nprovider = "sqlite"\n',
    );
    console.log(`created prisma/migrations/${migration.folder}`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
