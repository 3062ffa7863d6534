// Runs `prisma generate` on install without any binary download, for the
// SQLite schema and for its PostgreSQL twin (scripts/postgresql-schema.mjs).
// The Prisma 7 CLI insists on locating a schema-engine binary at start-up and
// tries to download one when it is missing; generate never executes it, so any
// existing file satisfies the check. Migrations use @prisma/schema-engine-wasm.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writePostgresqlSchema } from './postgresql-schema.mjs';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const postgresql = writePostgresqlSchema();
for (const args of [['generate'], ['generate', '--schema', postgresql]]) {
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
