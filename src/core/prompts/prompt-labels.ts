// Label operations by prompt name: set (a move, or a rollback to an older
// version), remove, protect, and the history of moves.
import type { Database } from '../db/database.ts';
import { NotFound } from '../errors.ts';
import { checkLabelName } from './identifiers.ts';
import {
  labelHistory,
  pointLabel,
  protectLabel,
  unpointLabel,
  type LabelActor,
  type LabelHistoryPage,
  type LabelMove,
} from './label-store.ts';
import { checkSelector, templateOrThrow } from './repository.ts';

export async function setLabel(
  db: Database,
  name: string,
  label: string,
  version: number,
  actor: LabelActor,
  message = '',
): Promise<LabelMove> {
  checkLabelName(label);
  checkSelector({ version });
  return db.$transaction(async (tx) => {
    const template = await templateOrThrow(tx, name);
    const exists = await tx.promptVersion.findUnique({
      where: { promptId_number: { promptId: template.id, number: version } },
      select: { id: true },
    });
    if (!exists) {
      throw new NotFound(`prompt "${name}" has no version ${version}`, { prompt: name, version });
    }
    return pointLabel(tx, template.id, label, version, actor, message);
  });
}

export async function removeLabel(
  db: Database,
  name: string,
  label: string,
  actor: LabelActor,
  message = '',
): Promise<LabelMove> {
  checkLabelName(label);
  return db.$transaction(async (tx) => {
    const template = await templateOrThrow(tx, name);
    return unpointLabel(tx, template.id, template.name, label, actor, message);
  });
}

/** `latest` is never stored, so it cannot be protected (checkLabelName refuses it). */
export async function setLabelProtection(
  db: Database,
  name: string,
  label: string,
  isProtected: boolean,
  by: string,
): Promise<void> {
  checkLabelName(label);
  await db.$transaction(async (tx) => {
    const template = await templateOrThrow(tx, name);
    await protectLabel(tx, template.id, label, isProtected, by);
  });
}

export async function listLabelMoves(
  db: Database,
  name: string,
  page: { label?: string | undefined; first?: number | undefined; after?: string | undefined },
): Promise<LabelHistoryPage> {
  if (page.label !== undefined) checkLabelName(page.label);
  const template = await templateOrThrow(db, name);
  return labelHistory(db, template.id, template.name, page);
}
