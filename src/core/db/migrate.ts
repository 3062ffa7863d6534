// Applies prisma/migrations at start, with no CLI and no binary: the schema
// engine runs as WebAssembly over the same driver adapter as the client.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { openSchemaEngine, trackConnections } from './schema-engine.ts';
import { readMigrationList } from './migrations.ts';

export const prismaDir = fileURLToPath(new URL('../../../prisma/', import.meta.url));
export const schemaPath = `${prismaDir}schema.prisma`;
export const migrationsDir = `${prismaDir}migrations`;

/** A database engine's schema and migrations: SQLite's, or the PostgreSQL twin's. */
export interface SchemaFlavour {
  provider: 'sqlite' | 'postgresql';
  /** The folder the schema's relative paths start from. */
  schemaDir: string;
  schemaPath: string;
  migrationsDir: string;
}

export const sqliteFlavour: SchemaFlavour = {
  provider: 'sqlite',
  schemaDir: prismaDir,
  schemaPath,
  migrationsDir,
};

/** Derived from schema.prisma by scripts/postgresql-schema.mjs; migrations of its own. */
export const postgresqlFlavour: SchemaFlavour = {
  provider: 'postgresql',
  schemaDir: `${prismaDir}postgresql/`,
  schemaPath: `${prismaDir}postgresql/schema.prisma`,
  migrationsDir: `${prismaDir}postgresql/migrations`,
};

const noFilters = { externalTables: [], externalEnums: [] };

/** Applies every migration not yet recorded; returns the names it applied. */
export async function applyMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
  flavour: SchemaFlavour = sqliteFlavour,
): Promise<string[]> {
  const schema = { path: flavour.schemaPath, content: await readFile(flavour.schemaPath, 'utf8') };
  const connections = trackConnections(adapter);
  const engine = await openSchemaEngine(schema, connections.factory);
  try {
    const migrationsList = await readMigrationList(flavour.migrationsDir);
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
    await connections.closeAll();
  }
}

/**
 * The SQL that takes a database holding every migration so far to the current
 * schema (what `prisma migrate dev --create-only` writes). The WebAssembly
 * engine cannot open a SQLite shadow database of its own, so the caller hands
 * it a scratch database: the migrations are applied there, then the engine
 * diffs that database against schema.prisma. Empty when nothing changed.
 */
export async function migrationScriptForSchemaChanges(
  scratchAdapter: SqlMigrationAwareDriverAdapterFactory,
  flavour: SchemaFlavour = sqliteFlavour,
): Promise<string> {
  await applyMigrations(scratchAdapter, flavour);
  const schema = { path: flavour.schemaPath, content: await readFile(flavour.schemaPath, 'utf8') };
  return diffScript(schema, scratchAdapter, {
    tag: 'schemaDatasource',
    files: [schema],
    configDir: flavour.schemaDir,
  });
}

type DiffSource = Parameters<Awaited<ReturnType<typeof openSchemaEngine>>['diff']>[0]['from'];

/** The SQL taking a database from `from` to `schema`; empty when they agree. */
async function diffScript(
  schema: { path: string; content: string },
  adapter: SqlMigrationAwareDriverAdapterFactory,
  from: DiffSource,
): Promise<string> {
  const connections = trackConnections(adapter);
  const engine = await openSchemaEngine(schema, connections.factory);
  try {
    const { stdout } = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const script = stdout ?? '';
    return script.includes('This is an empty migration') ? '' : script;
  } finally {
    engine.free();
    await connections.closeAll();
  }
}

/** Beside each PostgreSQL migration: the schema it brought the database to. */
export const migrationSchemaSnapshot = 'schema.prisma';

/**
 * The SQL for the PostgreSQL twin's changes since its last migration. The
 * WebAssembly engine cannot read a PostgreSQL database's schema through the
 * pg adapter (it fails on a catalog column of type "char"), so this does not
 * replay migrations into a scratch database as the SQLite path does: it diffs
 * the schema saved beside the last migration against the current one, which
 * needs no database at all. Empty when nothing changed.
 */
export async function postgresqlMigrationScript(
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<string> {
  const flavour = postgresqlFlavour;
  const current = { path: flavour.schemaPath, content: await readFile(flavour.schemaPath, 'utf8') };
  const { migrationDirectories } = await readMigrationList(flavour.migrationsDir);
  const last = migrationDirectories[migrationDirectories.length - 1];
  const previousPath = last && join(flavour.migrationsDir, last.path, migrationSchemaSnapshot);
  const from = previousPath
    ? {
        tag: 'schemaDatamodel' as const,
        files: [{ path: previousPath, content: await readFile(previousPath, 'utf8') }],
      }
    : { tag: 'empty' as const };
  return diffScript(current, adapter, from);
}
