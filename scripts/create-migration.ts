// `npm run db:migration -- <name>`: adds prisma/migrations/<timestamp>_<name>
// for the changes made to prisma/schema.prisma since the last migration, and
// the same for its PostgreSQL twin in prisma/postgresql/migrations (run
// `node scripts/prisma-generate.mjs` first, which derives that schema). Each
// PostgreSQL migration keeps the schema it was made from beside it, as the
// starting point of the next one (see postgresqlMigrationScript).
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  migrationSchemaSnapshot,
  migrationScriptForSchemaChanges,
  postgresqlFlavour,
  postgresqlMigrationScript,
  sqliteFlavour,
  type SchemaFlavour,
} from '../src/core/db/migrate.ts';
import { postgresBin, startPostgresServer } from '../test/utils/postgres-server.ts';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration -- <name in snake_case>');
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);

async function writeMigration(flavour: SchemaFlavour, script: string): Promise<string | undefined> {
  const where = flavour.migrationsDir.slice(flavour.migrationsDir.indexOf('prisma/'));
  if (!script.trim()) {
    console.log(`${where}: the migrations match the schema, nothing to create`);
    return undefined;
  }
  const folder = join(flavour.migrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'migration.sql'), script);
  await writeFile(
    join(flavour.migrationsDir, 'migration_lock.toml'),
    `# Written by scripts/create-migration.ts; keep in version control.\nprovider = "${flavour.provider}"\n`,
  );
  console.log(`created ${where}/${stamp}_${name}`);
  return folder;
}

// SQLite: the engine replays the existing migrations into a scratch database first.
const scratch = await mkdtemp(join(tmpdir(), 'genpod-migration-'));
try {
  const adapter = new PrismaLibSql({ url: `file:${join(scratch, 'scratch.db')}` });
  await writeMigration(
    sqliteFlavour,
    await migrationScriptForSchemaChanges(adapter, sqliteFlavour),
  );
} finally {
  await rm(scratch, { recursive: true, force: true });
}

// PostgreSQL: a diff of two schemas, but the engine connects at start, so it
// needs a database: SCRATCH_POSTGRES_URL, or a throwaway cluster from Debian's package.
async function postgresqlScript(): Promise<string> {
  if (process.env.SCRATCH_POSTGRES_URL) {
    return postgresqlMigrationScript(
      new PrismaPg({ connectionString: process.env.SCRATCH_POSTGRES_URL }),
    );
  }
  if (!postgresBin) {
    throw new Error('install postgresql (Debian) or set SCRATCH_POSTGRES_URL, then run this again');
  }
  const server = await startPostgresServer();
  try {
    const url = await server.createDatabase('genpod_migration_scratch');
    return await postgresqlMigrationScript(new PrismaPg({ connectionString: url }));
  } finally {
    await server.stop();
  }
}
try {
  const folder = await writeMigration(postgresqlFlavour, await postgresqlScript());
  if (folder) await copyFile(postgresqlFlavour.schemaPath, join(folder, migrationSchemaSnapshot));
} catch (error) {
  console.error(`PostgreSQL migration NOT created: ${(error as Error).message}`);
  process.exitCode = 1;
}
