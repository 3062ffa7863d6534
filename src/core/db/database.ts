// Opens the database named by DATABASE_URL through a Prisma driver adapter and
// brings its schema up to date before anything else touches it: SQLite
// (`file:`, libsql adapter) or PostgreSQL (`postgresql://`, pg adapter). Each
// has its own generated client and migrations (prisma/postgresql is derived
// from prisma/schema.prisma); the rest of the server sees one client type.
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { PrismaClient as PostgresqlPrismaClient } from '../../generated/prisma-postgresql/client.ts';
import { ConfigError } from '../../config.ts';
import { applyMigrations, postgresqlFlavour, sqliteFlavour } from './migrate.ts';

export type Database = PrismaClient;

export interface OpenedDatabase {
  db: Database;
  appliedMigrations: string[];
}

export function isPostgresqlUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(url: string): Promise<OpenedDatabase> {
  if (url.startsWith('file:')) {
    const adapter = new PrismaLibSql({ url });
    const appliedMigrations = await applyMigrations(adapter, sqliteFlavour);
    const db = new PrismaClient({ adapter });
    await db.$connect();
    // Write-ahead log: a commit appends to one file and fsyncs it once, instead
    // of a rollback journal's several fsyncs (about 5.6 ms against 0.5 ms a
    // commit here; ~30 ms under load). Kept in the file, so every connection
    // uses it. synchronous stays FULL, SQLite's default: a commit that
    // returned survives a power cut. NORMAL would skip that fsync, but the
    // libsql client opens a new connection after each transaction, which
    // would silently go back to FULL (docs/performance.md).
    await db.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    return { db, appliedMigrations };
  }
  if (isPostgresqlUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url });
    const appliedMigrations = await applyMigrations(adapter, postgresqlFlavour);
    // Both clients are generated from the same models, so the queries the
    // server writes against the SQLite client's types are valid here too.
    const db = new PostgresqlPrismaClient({ adapter }) as unknown as Database;
    await db.$connect();
    return { db, appliedMigrations };
  }
  throw new ConfigError('invalid DATABASE_URL: must start with file: or postgresql://');
}
