// Who changed which setting, secret or project .env key, and when. Entries
// name what changed and never hold a value, old or new.
import type { Database } from '../db/database.ts';
import type { Prisma } from '../../generated/prisma/client.ts';

export type AuditKind = 'SETTING' | 'SECRET' | 'ENV_VAR';
export type AuditAction = 'UPDATE' | 'RESET' | 'SET' | 'DELETE' | 'ROTATE' | 'UNSET';

/** The caller a change is attributed to. */
export interface Actor {
  /** `Principal.id`: a stable name, never a secret. */
  principal: string;
  transport: string;
  requestId: string;
}

export interface AuditEntry {
  id: number;
  at: Date;
  principal: string;
  kind: AuditKind;
  target: string;
  action: AuditAction;
  transport: string;
  requestId: string;
}

export function auditRecord(
  actor: Actor,
  kind: AuditKind,
  target: string,
  action: AuditAction,
): Prisma.SettingsAuditEntryCreateManyInput {
  return { ...actor, kind, target, action };
}

export interface AuditQuery {
  kind?: AuditKind | undefined;
  target?: string | undefined;
  /** Entries with an id below this one: the next page of a newest-first listing. */
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first. */
export async function listAuditEntries(db: Database, query: AuditQuery): Promise<AuditEntry[]> {
  const rows = await db.settingsAuditEntry.findMany({
    where: {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(query.target ? { target: query.target } : {}),
      ...(query.beforeId !== undefined ? { id: { lt: query.beforeId } } : {}),
    },
    orderBy: { id: 'desc' },
    take: query.limit,
  });
  return rows.map((row) => ({
    ...row,
    kind: row.kind as AuditKind,
    action: row.action as AuditAction,
  }));
}
