// Labels in the database: pointing and removing them, protection, and the
// history of every move. A protected label moves only for an actor allowed to
// (prompts:admin); the check runs inside the transaction that moves it.
import type { Database } from '../db/database.ts';
import { Forbidden, InvalidInput, NotFound } from '../errors.ts';
import type { Tx } from './repository.ts';

/** Who moves a label, and whether they may move a protected one. */
export interface LabelActor {
  id: string;
  mayMoveProtected: boolean;
}

/** One label move, as stored in the history and published on promptChanged. */
export interface LabelMove {
  label: string;
  /** Null: the label did not exist before. */
  fromVersion: number | null;
  /** Null: the label was removed. */
  toVersion: number | null;
  message: string;
}

export interface LabelMoveRecord extends LabelMove {
  id: string;
  prompt: string;
  by: string;
  at: Date;
}

export interface LabelHistoryPage {
  moves: LabelMoveRecord[];
  /** Pass as `after` for the next (older) page. */
  endCursor: string | null;
  hasMore: boolean;
}

export const protectedLabelScope = 'prompts:admin';

async function refuseUnlessAllowed(
  tx: Tx,
  promptId: number,
  label: string,
  actor: LabelActor,
  doing: string,
): Promise<void> {
  if (actor.mayMoveProtected) return;
  const protection = await tx.promptLabelProtection.findUnique({
    where: { promptId_label: { promptId, label } },
    select: { label: true },
  });
  if (protection) {
    throw new Forbidden(
      `label "${label}" is protected: ${doing} it needs the ${protectedLabelScope} scope`,
      { label, requiredScopes: [protectedLabelScope] },
    );
  }
}

/** Points `label` at `number`, creating or moving it; a move to another version is stored. */
export async function pointLabel(
  tx: Tx,
  promptId: number,
  label: string,
  number: number,
  actor: LabelActor,
  message = '',
): Promise<LabelMove> {
  await refuseUnlessAllowed(tx, promptId, label, actor, 'moving');
  const current = await tx.promptLabel.findUnique({
    where: { promptId_name: { promptId, name: label } },
    select: { number: true },
  });
  const move: LabelMove = {
    label,
    fromVersion: current?.number ?? null,
    toVersion: number,
    message,
  };
  if (current?.number === number) return move;
  await tx.promptLabel.upsert({
    where: { promptId_name: { promptId, name: label } },
    create: { promptId, name: label, number, updatedBy: actor.id },
    update: { number, updatedBy: actor.id },
  });
  await tx.promptLabelMove.create({
    data: {
      promptId,
      label,
      fromVersion: move.fromVersion,
      toVersion: number,
      by: actor.id,
      message,
    },
  });
  return move;
}

export async function unpointLabel(
  tx: Tx,
  promptId: number,
  prompt: string,
  label: string,
  actor: LabelActor,
  message = '',
): Promise<LabelMove> {
  await refuseUnlessAllowed(tx, promptId, label, actor, 'removing');
  const current = await tx.promptLabel.findUnique({
    where: { promptId_name: { promptId, name: label } },
    select: { number: true },
  });
  if (!current) {
    throw new NotFound(`prompt "${prompt}" has no label "${label}"`, { prompt, label });
  }
  await tx.promptLabel.delete({ where: { promptId_name: { promptId, name: label } } });
  await tx.promptLabelMove.create({
    data: { promptId, label, fromVersion: current.number, toVersion: null, by: actor.id, message },
  });
  return { label, fromVersion: current.number, toVersion: null, message };
}

/** Marks a label name of a prompt protected or not; the caller has checked the scope. */
export async function protectLabel(
  tx: Tx,
  promptId: number,
  label: string,
  isProtected: boolean,
  by: string,
): Promise<void> {
  if (isProtected) {
    await tx.promptLabelProtection.upsert({
      where: { promptId_label: { promptId, label } },
      create: { promptId, label, updatedBy: by },
      update: { updatedBy: by },
    });
  } else {
    await tx.promptLabelProtection.deleteMany({ where: { promptId, label } });
  }
}

const maxPage = 200;

/** The moves of one label (or all labels) of a prompt, newest first. */
export async function labelHistory(
  db: Database,
  promptId: number,
  prompt: string,
  page: { label?: string | undefined; first?: number | undefined; after?: string | undefined },
): Promise<LabelHistoryPage> {
  const first = page.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > maxPage) {
    throw new InvalidInput(`first must be a whole number from 1 to ${maxPage}`, { field: 'first' });
  }
  if (page.after !== undefined && !/^[1-9]\d{0,15}$/.test(page.after)) {
    throw new InvalidInput('after must be an endCursor from an earlier page', { field: 'after' });
  }
  const rows = await db.promptLabelMove.findMany({
    where: {
      promptId,
      ...(page.label === undefined ? {} : { label: page.label }),
      ...(page.after === undefined ? {} : { id: { lt: Number(page.after) } }),
    },
    orderBy: { id: 'desc' },
    take: first + 1,
  });
  const moves = rows.slice(0, first).map((row) => ({
    id: String(row.id),
    prompt,
    label: row.label,
    fromVersion: row.fromVersion,
    toVersion: row.toVersion,
    by: row.by,
    at: row.at,
    message: row.message,
  }));
  return {
    moves,
    endCursor: moves[moves.length - 1]?.id ?? null,
    hasMore: rows.length > first,
  };
}
