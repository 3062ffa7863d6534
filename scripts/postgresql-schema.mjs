// prisma/schema.prisma is the one source of truth for the data model. The
// Prisma client and the migrations are provider-specific, so the PostgreSQL
// schema is derived from it: same models, `postgresql` datasource, its client
// generated beside the SQLite one. scripts/prisma-generate.mjs writes it on
// every generate; test/scale/postgresql-schema.test.ts fails when the
// checked-in copy is stale.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const prismaDir = fileURLToPath(new URL('../prisma/', import.meta.url));
export const sqliteSchemaPath = `${prismaDir}schema.prisma`;
export const postgresqlSchemaPath = `${prismaDir}postgresql/schema.prisma`;

const header = `// GENERATED from prisma/schema.prisma by scripts/postgresql-schema.mjs
// (run by \`node scripts/prisma-generate.mjs\`): edit that file, not this one.
`;

/** The PostgreSQL twin of the SQLite schema text. */
export function postgresqlSchema(sqliteText) {
  const datasource = /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/;
  const output = /(generator\s+client\s*\{[^}]*output\s*=\s*)"\.\.\/src\/generated\/prisma"/;
  if (!datasource.test(sqliteText) || !output.test(sqliteText)) {
    throw new Error(
      'prisma/schema.prisma: expected provider = "sqlite" and output = "../src/generated/prisma"',
    );
  }
  return (
    header +
    sqliteText
      .replace(datasource, '$1"postgresql"')
      // One folder deeper than schema.prisma, and a client of its own.
      .replace(output, '$1"../../src/generated/prisma-postgresql"')
  );
}

export function writePostgresqlSchema() {
  const text = postgresqlSchema(readFileSync(sqliteSchemaPath, 'utf8'));
  mkdirSync(`${prismaDir}postgresql`, { recursive: true });
  writeFileSync(postgresqlSchemaPath, text);
  return postgresqlSchemaPath;
}
