// Applies prisma/migrations at start, with no CLI and no binary: the schema
// engine runs as WebAssembly over the same driver adapter as the client.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { openSchemaEngine } from './schema-engine.ts';
import { readMigrationList } from './migrations.ts';

export const prismaDir = fileURLToPath(new URL('../../../prisma/', import.meta.url));
export const schemaPath = `${prismaDir}schema.prisma`;
export const migrationsDir = `${prismaDir}migrations`;

const noFilters = { externalTables: [], externalEnums: [] };

/** Applies every migration not yet recorded; returns the names it applied. */
export async function applyMigrations(
  adapter: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
  const engine = await openSchemaEngine(schema, adapter);
  try {
    const migrationsList = await readMigrationList(migrationsDir);
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList,
      filters: noFilters,
    });
    return appliedMigrationNames;
  } finally {
    engine.free();
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
): Promise<string> {
  await applyMigrations(scratchAdapter);
  const schema = { path: schemaPath, content: await readFile(schemaPath, 'utf8') };
  const engine = await openSchemaEngine(schema, scratchAdapter);
  try {
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatasource', files: [schema], configDir: prismaDir },
      to: { tag: 'schemaDatamodel', files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    const script = stdout ?? '';
    return script.includes('This is an empty migration') ? '' : script;
  } finally {
    engine.free();
  }
}
