// Prompt templates: the library (templates, immutable versions, movable
// labels, tags), rendering with checked variables, diffs, import and export of
// a folder of markdown files, and a live feed of changes. GraphQL and gRPC
// both call these functions; so does the chat domain (promptForChat).
import { requireScopes } from '../core/auth/scope-check.ts';
import { mapAsyncIterator } from '../core/async-iterators.ts';
import type { Delivery } from '../core/event-bus.ts';
import { NotFound } from '../core/errors.ts';
import {
  promptChangesTopic,
  type PromptChange,
  type PromptChangeKind,
} from '../core/prompts/change-event.ts';
import { promptGeneration, type PromptGeneration } from '../core/prompts/chat-generation.ts';
import { listDependents, type PromptDependent } from '../core/prompts/dependents.ts';
import { checkVersionDraft, type PromptType } from '../core/prompts/draft.ts';
import { exportPromptFiles, type ExportOutcome } from '../core/prompts/folder-export.ts';
import {
  applyPromptFiles,
  checkPromptFiles,
  type ImportOutcome,
} from '../core/prompts/folder-import.ts';
import { checkPromptName, normalizeTags } from '../core/prompts/identifiers.ts';
import type { LabelHistoryPage } from '../core/prompts/label-store.ts';
import { readPromptFolder, type ProjectAccess } from '../core/prompts/project-folder.ts';
import {
  renderStoredPrompt,
  type RenderedPrompt,
  type RenderRequest,
} from '../core/prompts/render.ts';
import * as repository from '../core/prompts/repository.ts';
import type {
  PromptRecord,
  PromptVersionRecord,
  VersionSelector,
} from '../core/prompts/repository.ts';
import { diffVersions, type PromptDiff } from '../core/prompts/version-diff.ts';
import type { Context, Services } from './context.ts';
import { labelActor, promptOrThrow, publish, publishMoves } from './prompt-labels.ts';

export type { PromptRecord, PromptVersionRecord, RenderedPrompt, PromptDiff };
export type { ImportOutcome, ExportOutcome, PromptDependent, LabelHistoryPage, PromptType };
export type { LabelMoveRecord } from '../core/prompts/label-store.ts';

/** The caller at the files domain's door: its scopes, globs and read-only rule apply. */
function projectAccess(ctx: Context): ProjectAccess {
  const { projectJail, fileAccess } = ctx.services;
  return { jail: projectJail, policy: fileAccess, principal: ctx.principal };
}

export {
  promptLabelHistory,
  protectPromptLabel,
  removePromptLabel,
  setPromptLabel,
} from './prompt-labels.ts';

// ── reads ──

/** The prompt, or null when there is none by that name. */
export async function prompt(ctx: Context, name: string): Promise<PromptRecord | null> {
  requireScopes(ctx.principal, 'prompts:read');
  return (await repository.findPrompt(ctx.services.db, name)) ?? null;
}

/** Prompts carrying every one of `tags` (all when none), by name. */
export async function prompts(
  ctx: Context,
  filter: { tags?: readonly string[] | null | undefined },
): Promise<PromptRecord[]> {
  requireScopes(ctx.principal, 'prompts:read');
  return repository.listPrompts(ctx.services.db, filter.tags ?? []);
}

/** Every version of a prompt, newest first. */
export async function promptVersions(ctx: Context, name: string): Promise<PromptVersionRecord[]> {
  requireScopes(ctx.principal, 'prompts:read');
  return repository.listVersions(ctx.services.db, name);
}

/** One version by number or label; the newest when neither is given. */
export async function promptVersion(
  ctx: Context,
  name: string,
  selector: VersionSelector,
): Promise<PromptVersionRecord> {
  requireScopes(ctx.principal, 'prompts:read');
  return repository.getVersion(ctx.services.db, name, selector);
}

/** What changed from one version to another (each chosen by number or label). */
export async function promptDiff(
  ctx: Context,
  name: string,
  from: VersionSelector,
  to: VersionSelector,
): Promise<PromptDiff> {
  requireScopes(ctx.principal, 'prompts:read');
  const [before, after] = await Promise.all([
    repository.getVersion(ctx.services.db, name, from),
    repository.getVersion(ctx.services.db, name, to),
  ]);
  return diffVersions(before, after);
}

/**
 * Renders a version with `variables` (and a CHAT prompt's `placeholders`).
 * Without a label or version: the `production` label when the prompt has
 * one, else the newest version. BAD_USER_INPUT names a missing, unknown or
 * mistyped variable or placeholder, or an include chain that is broken or
 * cycles; NOT_FOUND an unknown prompt, label or version.
 */
export async function renderPrompt(ctx: Context, request: RenderRequest): Promise<RenderedPrompt> {
  requireScopes(ctx.principal, 'prompts:read');
  return renderStoredPrompt(ctx.services.db, request, ctx.services.promptVersions.lookup);
}

export interface PromptForChat extends PromptGeneration {
  /** Which version was used, stored with the reply's generation settings. */
  prompt: { name: string; version: number };
}

/**
 * For the chat domain: a prompt rendered as the parts of a Gemini request
 * (system instruction, opening turns, generation settings from its config).
 * The chat operation that calls it has checked its own scope (`chat`), and a
 * chat user may start from any prompt, so none is checked here.
 */
export async function promptForChat(
  services: Services,
  request: RenderRequest,
): Promise<PromptForChat> {
  const rendered = await renderStoredPrompt(services.db, request, services.promptVersions.lookup);
  return {
    ...promptGeneration(rendered),
    prompt: { name: rendered.name, version: rendered.version },
  };
}

/** The prompts that include `name` ({{> name}}), directly or through others, by name. */
export async function promptDependents(ctx: Context, name: string): Promise<PromptDependent[]> {
  requireScopes(ctx.principal, 'prompts:read');
  return listDependents(ctx.services.db, name);
}

// ── writes ──

export interface CreatePromptInput {
  name: string;
  /** TEXT (the default) or CHAT; fixed for good. */
  type?: PromptType | null | undefined;
  description?: string | null | undefined;
  tags?: readonly string[] | null | undefined;
  /** A TEXT prompt's template. */
  body?: string | null | undefined;
  /** A CHAT prompt's messages: { role, content } or { placeholder }. */
  messages?: readonly unknown[] | null | undefined;
  config?: unknown;
  variables?: readonly unknown[] | null | undefined;
  message?: string | null | undefined;
  /** Labels to point at version 1. */
  labels?: readonly string[] | null | undefined;
}

export async function createPrompt(ctx: Context, input: CreatePromptInput): Promise<PromptRecord> {
  requireScopes(ctx.principal, 'prompts:write');
  const name = checkPromptName(input.name);
  const type = input.type ?? 'TEXT';
  const draft = checkVersionDraft(input, type);
  const moves = await repository.createPrompt(
    ctx.services.db,
    {
      name,
      type,
      description: input.description ?? '',
      tags: normalizeTags(input.tags ?? []),
      draft,
    },
    labelActor(ctx),
  );
  await publish(ctx, { kind: 'CREATED', name, version: 1 });
  await publishMoves(ctx, name, moves);
  return promptOrThrow(ctx, name);
}

export interface AddPromptVersionInput {
  name: string;
  body?: string | null | undefined;
  messages?: readonly unknown[] | null | undefined;
  config?: unknown;
  variables?: readonly unknown[] | null | undefined;
  message?: string | null | undefined;
  /** Labels to move to the new version. */
  labels?: readonly string[] | null | undefined;
}

export async function addPromptVersion(
  ctx: Context,
  input: AddPromptVersionInput,
): Promise<PromptVersionRecord> {
  requireScopes(ctx.principal, 'prompts:write');
  const current = await repository.findPrompt(ctx.services.db, input.name);
  if (!current) throw new NotFound(`prompt "${input.name}" does not exist`, { prompt: input.name });
  const draft = checkVersionDraft(input, current.type);
  const { number, moves } = await repository.addVersion(
    ctx.services.db,
    input.name,
    draft,
    labelActor(ctx),
  );
  await publish(ctx, { kind: 'VERSION_ADDED', name: input.name, version: number });
  await publishMoves(ctx, input.name, moves);
  return repository.getVersion(ctx.services.db, input.name, { version: number });
}

export interface UpdatePromptInput {
  name: string;
  description?: string | null | undefined;
  /** Replaces every tag. */
  tags?: readonly string[] | null | undefined;
}

/** Description and tags; the body and variables only change through new versions. */
export async function updatePrompt(ctx: Context, input: UpdatePromptInput): Promise<PromptRecord> {
  requireScopes(ctx.principal, 'prompts:write');
  await repository.updatePrompt(ctx.services.db, input.name, input);
  await publish(ctx, { kind: 'UPDATED', name: input.name });
  return promptOrThrow(ctx, input.name);
}

/** Deletes a prompt with every version and label. */
export async function deletePrompt(ctx: Context, name: string): Promise<boolean> {
  requireScopes(ctx.principal, 'prompts:write');
  await repository.deletePrompt(ctx.services.db, name);
  await publish(ctx, { kind: 'DELETED', name });
  return true;
}

// ── folders ──

export interface ImportResult {
  /** Relative to PROJECT_ROOT; `.` for the root. */
  folder: string;
  prompts: ImportOutcome[];
}

/**
 * Imports every `*.md` prompt file directly in `folder` (relative to
 * PROJECT_ROOT). All files are checked first; one bad file fails the import
 * naming it, and nothing is written. The files are read through the files
 * domain's jail and access policy, so the caller also needs `files:read`.
 */
export async function importPrompts(ctx: Context, folder: string): Promise<ImportResult> {
  requireScopes(ctx.principal, 'prompts:write');
  const content = await readPromptFolder(projectAccess(ctx), folder);
  const files = checkPromptFiles(content.files, content.folder);
  const outcomes = await applyPromptFiles(ctx.services.db, files, labelActor(ctx));
  for (const outcome of outcomes) {
    if (outcome.status !== 'UNCHANGED') {
      await publish(ctx, { kind: outcome.status, name: outcome.name, version: outcome.version });
    }
    await publishMoves(ctx, outcome.name, outcome.moves);
  }
  return { folder: content.folder, prompts: outcomes };
}

export interface ExportResult {
  folder: string;
  prompts: ExportOutcome[];
}

/**
 * Writes `<folder>/<name>.md` for each prompt chosen (all by default), the
 * folder created under PROJECT_ROOT if missing, through the files domain's
 * jail and access policy (`files:write`, FILES_READ_ONLY, deny globs).
 */
export async function exportPrompts(
  ctx: Context,
  input: {
    folder: string;
    names?: readonly string[] | null | undefined;
    tags?: readonly string[] | null | undefined;
  },
): Promise<ExportResult> {
  requireScopes(ctx.principal, 'prompts:read');
  return exportPromptFiles(ctx.services.db, projectAccess(ctx), input.folder, input);
}

// ── live ──

export interface PromptChangeEvent {
  sequence: string;
  kind: PromptChangeKind | 'RESYNC';
  /** Null for RESYNC, which is about every prompt the subscription covers. */
  name: string | null;
  version: number | null;
  label: string | null;
  by: string | null;
  /** Label moves: where the label pointed before (null: nowhere). */
  fromVersion: number | null;
  /** Label moves: the reason given. */
  message: string | null;
}

function toEvent(delivery: Delivery<PromptChange>): PromptChangeEvent {
  if (delivery.type === 'resync') {
    return {
      sequence: delivery.sequence,
      kind: 'RESYNC',
      name: null,
      version: null,
      label: null,
      by: null,
      fromVersion: null,
      message: null,
    };
  }
  const change = delivery.payload;
  return {
    sequence: delivery.sequence,
    kind: change.kind,
    name: change.name,
    version: change.version ?? null,
    label: change.label ?? null,
    by: change.by,
    fromVersion: change.fromVersion ?? null,
    message: change.message ?? null,
  };
}

/**
 * Changes to one prompt (or all), resumable after a `since` sequence; a
 * RESYNC says events were lost and the client must reload.
 */
export function promptChanged(
  ctx: Context,
  args: { name?: string | null | undefined; since?: string | null | undefined },
): AsyncIterableIterator<PromptChangeEvent> {
  requireScopes(ctx.principal, 'prompts:read');
  const name = args.name ?? undefined;
  if (name !== undefined) checkPromptName(name);
  const subscription = ctx.services.bus.subscribe(promptChangesTopic, {
    since: args.since ?? undefined,
    signal: ctx.services.shutdown,
    filter: name === undefined ? undefined : (change) => change.name === name,
  });
  // Not an async generator: see src/core/async-iterators.ts.
  return mapAsyncIterator(subscription, toEvent);
}
