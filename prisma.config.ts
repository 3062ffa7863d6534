import { defineConfig } from 'prisma/config';

// Only `prisma generate` reads this file: the server applies migrations itself
// (src/core/db/migrate.ts), so no datasource URL is needed here.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
