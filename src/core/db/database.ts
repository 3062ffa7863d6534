// Opens the database named by DATABASE_URL through a Prisma driver adapter and
// brings its schema up to date before anything else touches it.
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaClient } from '../../generated/prisma/client.ts';
import { ConfigError } from '../../config.ts';
import { applyMigrations } from './migrate.ts';

export type Database = PrismaClient;

export interface OpenedDatabase {
  db: Database;
  appliedMigrations: string[];
}

export async function openDatabase(url: string): Promise<OpenedDatabase> {
  if (!url.startsWith('file:')) {
    throw new ConfigError('invalid DATABASE_URL: only SQLite (file:) is supported so far');
  }
  const adapter = new PrismaLibSql({ url });
  const appliedMigrations = await applyMigrations(adapter);
  const db = new PrismaClient({ adapter });
  await db.$connect();
  return { db, appliedMigrations };
}
