// Prompt templates, versions, labels and tags in the database. Versions are
// only ever inserted; labels are the only thing that moves.
import { Prisma } from '../../generated/prisma/client.ts';
import type { Database } from '../db/database.ts';
import { Conflict, InvalidInput, NotFound } from '../errors.ts';
import type { PromptMessageTemplate } from './chat-messages.ts';
import type { PromptType, VersionDraft } from './draft.ts';
import { checkLabelName, checkPromptName, latestLabel, normalizeTags } from './identifiers.ts';
import { pointLabel, type LabelActor, type LabelMove } from './label-store.ts';
import type { ModelConfig } from './model-config.ts';
import { normalizeDeclarations, type PromptVariable } from './variables.ts';

export type Tx = Prisma.TransactionClient;

export interface PromptLabelRecord {
  name: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  /** Moving or removing it needs prompts:admin. */
  protected: boolean;
}

export interface PromptRecord {
  name: string;
  description: string;
  type: PromptType;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  latestVersion: number;
  labels: PromptLabelRecord[];
  /** Protected label names, set or not (protection outlives a removal). */
  protectedLabels: string[];
}

export interface PromptVersionRecord {
  prompt: string;
  type: PromptType;
  number: number;
  /** A TEXT prompt's template; empty for CHAT. */
  body: string;
  /** A CHAT prompt's messages; null for TEXT. */
  messages: PromptMessageTemplate[] | null;
  config: ModelConfig;
  variables: PromptVariable[];
  message: string;
  createdAt: Date;
  createdBy: string;
  /** The labels pointing at this version, `latest` included when it is the newest. */
  labels: string[];
}

/** Which version: a number, a label, or neither for the newest. */
export interface VersionSelector {
  version?: number | null | undefined;
  label?: string | null | undefined;
}

export interface NewPrompt {
  name: string;
  description: string;
  type: PromptType;
  tags: string[];
  draft: VersionDraft;
}

const templateInclude = {
  tags: { orderBy: { tag: 'asc' } },
  versions: { select: { number: true }, orderBy: { number: 'desc' }, take: 1 },
  protections: { select: { label: true }, orderBy: { label: 'asc' } },
} as const satisfies Prisma.PromptTemplateInclude;

type TemplateRow = Prisma.PromptTemplateGetPayload<{ include: typeof templateInclude }>;
type LabelRow = Prisma.PromptLabelGetPayload<object>;

function toPromptRecord(row: TemplateRow, labels: LabelRow[]): PromptRecord {
  const protectedLabels = row.protections.map((protection) => protection.label);
  return {
    name: row.name,
    description: row.description,
    type: row.type as PromptType,
    tags: row.tags.map((t) => t.tag),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    latestVersion: row.versions[0]?.number ?? 0,
    labels: labels
      .filter((label) => label.promptId === row.id)
      .map((label) => ({
        name: label.name,
        version: label.number,
        updatedAt: label.updatedAt,
        updatedBy: label.updatedBy,
        protected: protectedLabels.includes(label.name),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1)),
    protectedLabels,
  };
}

type VersionRow = Prisma.PromptVersionGetPayload<{
  include: { labels: { select: { name: true } } };
}>;

function toVersionRecord(
  prompt: string,
  type: string,
  row: VersionRow,
  latest: number,
): PromptVersionRecord {
  const labels = row.labels.map((label) => label.name);
  if (row.number === latest) labels.push(latestLabel);
  return {
    prompt,
    type: type as PromptType,
    number: row.number,
    body: row.body,
    messages: (row.messages as PromptMessageTemplate[] | null) ?? null,
    config: (row.config as ModelConfig | null) ?? {},
    // Stored canonical by checkVersionDraft; parsed again so a hand-edited row fails loudly.
    variables: normalizeDeclarations(row.variables as unknown[]),
    message: row.message,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    labels: labels.sort(),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

export async function templateOrThrow(db: Tx | Database, name: string) {
  const row = await db.promptTemplate.findUnique({
    where: { name: checkPromptName(name) },
    include: templateInclude,
  });
  if (!row) throw new NotFound(`prompt "${name}" does not exist`, { prompt: name });
  return row;
}

export async function findPrompt(db: Database, name: string): Promise<PromptRecord | undefined> {
  const row = await db.promptTemplate.findUnique({
    where: { name: checkPromptName(name) },
    include: templateInclude,
  });
  if (!row) return undefined;
  const labels = await db.promptLabel.findMany({ where: { promptId: row.id } });
  return toPromptRecord(row, labels);
}

/** Prompts carrying every one of `tags` (all prompts when none), by name. */
export async function listPrompts(db: Database, tags: readonly string[]): Promise<PromptRecord[]> {
  const wanted = normalizeTags(tags);
  const rows = await db.promptTemplate.findMany({
    where: { AND: wanted.map((tag) => ({ tags: { some: { tag } } })) },
    include: templateInclude,
    orderBy: { name: 'asc' },
  });
  const labels = await db.promptLabel.findMany({
    where: { promptId: { in: rows.map((row) => row.id) } },
  });
  return rows.map((row) => toPromptRecord(row, labels));
}

/** Every version of a prompt, newest first. */
export async function listVersions(db: Database, name: string): Promise<PromptVersionRecord[]> {
  const template = await templateOrThrow(db, name);
  const rows = await db.promptVersion.findMany({
    where: { promptId: template.id },
    include: { labels: true },
    orderBy: { number: 'desc' },
  });
  const latest = template.versions[0]?.number ?? 0;
  return rows.map((row) => toVersionRecord(template.name, template.type, row, latest));
}

export function checkSelector(selector: VersionSelector): VersionSelector {
  const { version, label } = selector;
  if (version !== undefined && version !== null && label !== undefined && label !== null) {
    throw new InvalidInput('give a version or a label, not both', { field: 'version' });
  }
  if (version !== undefined && version !== null && (!Number.isInteger(version) || version < 1)) {
    throw new InvalidInput('version must be a whole number from 1', { field: 'version' });
  }
  if (label !== undefined && label !== null) checkLabelName(label, { settable: false });
  return selector;
}

/**
 * One version, chosen by number or label; the newest when neither is given.
 * Agents call this on every render, so the hit path is one lookup of the
 * version (found through its prompt's name and label in the same query),
 * its labels, and the newest number; misses look further to say what is missing.
 */
export async function getVersion(
  db: Database,
  name: string,
  selector: VersionSelector,
): Promise<PromptVersionRecord> {
  const { version, label } = checkSelector(selector);
  checkPromptName(name);
  const byNumber = version !== undefined && version !== null;
  const byLabel = !byNumber && label !== undefined && label !== null && label !== latestLabel;
  const row = await db.promptVersion.findFirst({
    where: {
      prompt: { name },
      ...(byNumber ? { number: version } : {}),
      ...(byLabel ? { labels: { some: { name: label } } } : {}),
    },
    include: { labels: { select: { name: true } }, prompt: { select: { type: true } } },
    orderBy: { number: 'desc' },
  });
  if (!row) {
    await templateOrThrow(db, name);
    if (byLabel) {
      throw new NotFound(`prompt "${name}" has no label "${label}"`, { prompt: name, label });
    }
    throw new NotFound(`prompt "${name}" has no version ${version}`, { prompt: name, version });
  }
  const latest =
    byNumber || byLabel
      ? ((
          await db.promptVersion.aggregate({
            where: { promptId: row.promptId },
            _max: { number: true },
          })
        )._max.number ?? row.number)
      : row.number;
  return toVersionRecord(name, row.prompt.type, row, latest);
}

/** The label a render without a label or version uses, when the prompt has it. */
export const defaultRenderLabel = 'production';

/**
 * The version a render uses: by number or label when given; otherwise the
 * `production` label when the prompt has one, else the newest version.
 */
export async function getRenderVersion(
  db: Database,
  name: string,
  selector: VersionSelector,
): Promise<PromptVersionRecord> {
  const given = selector.version != null || selector.label != null;
  if (!given) {
    const production = await db.promptLabel.findFirst({
      where: { version: { prompt: { name: checkPromptName(name) } }, name: defaultRenderLabel },
      select: { number: true },
    });
    if (production) return getVersion(db, name, { version: production.number });
  }
  return getVersion(db, name, selector);
}

/** Inserts a version and points the draft's labels at it (inside a transaction). */
export async function insertVersion(
  tx: Tx,
  promptId: number,
  number: number,
  draft: VersionDraft,
  actor: LabelActor,
): Promise<LabelMove[]> {
  await tx.promptVersion.create({
    data: {
      promptId,
      number,
      body: draft.body,
      messages:
        draft.messages === null
          ? Prisma.DbNull
          : (draft.messages as unknown as Prisma.InputJsonValue),
      config: draft.config as Prisma.InputJsonValue,
      variables: draft.variables as unknown as Prisma.InputJsonValue,
      message: draft.message,
      createdBy: actor.id,
    },
  });
  const moves: LabelMove[] = [];
  for (const label of draft.labels) {
    moves.push(await pointLabel(tx, promptId, label, number, actor, draft.message));
  }
  return moves;
}

export async function createPrompt(
  db: Database,
  input: NewPrompt,
  actor: LabelActor,
): Promise<LabelMove[]> {
  const name = checkPromptName(input.name);
  const tags = normalizeTags(input.tags);
  try {
    return await db.$transaction(async (tx) => {
      const template = await tx.promptTemplate.create({
        data: {
          name,
          description: input.description,
          type: input.type,
          tags: { create: tags.map((tag) => ({ tag })) },
        },
      });
      return insertVersion(tx, template.id, 1, input.draft, actor);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new Conflict(`prompt "${name}" already exists`, { prompt: name });
    }
    throw error;
  }
}

/** Saves the draft as the next version; returns its number and the labels moved to it. */
export async function addVersion(
  db: Database,
  name: string,
  draft: VersionDraft,
  actor: LabelActor,
): Promise<{ number: number; moves: LabelMove[] }> {
  // Two writers may pick the same next number; the unique index stops the
  // second, which then tries again with the number after.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(async (tx) => {
        const template = await templateOrThrow(tx, name);
        const number = (template.versions[0]?.number ?? 0) + 1;
        const moves = await insertVersion(tx, template.id, number, draft, actor);
        await tx.promptTemplate.update({
          where: { id: template.id },
          data: { updatedAt: new Date() },
        });
        return { number, moves };
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 5) throw error;
    }
  }
}

export async function updatePrompt(
  db: Database,
  name: string,
  changes: { description?: string | null | undefined; tags?: readonly string[] | null | undefined },
): Promise<void> {
  const tags = changes.tags ? normalizeTags(changes.tags) : undefined;
  await db.$transaction(async (tx) => {
    const template = await templateOrThrow(tx, name);
    await tx.promptTemplate.update({
      where: { id: template.id },
      data: {
        ...(typeof changes.description === 'string' ? { description: changes.description } : {}),
        ...(tags ? { tags: { deleteMany: {}, create: tags.map((tag) => ({ tag })) } } : {}),
        updatedAt: new Date(),
      },
    });
  });
}

export async function deletePrompt(db: Database, name: string): Promise<void> {
  const { count } = await db.promptTemplate.deleteMany({ where: { name: checkPromptName(name) } });
  if (count === 0) throw new NotFound(`prompt "${name}" does not exist`, { prompt: name });
}
