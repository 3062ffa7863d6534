// Prompt label operations: set (a move, or a rollback to an older version),
// remove, protect, and the history of moves; and how label moves are
// published on promptChanged. src/resolvers/prompts.ts re-exports them.
import { requireAnyScope, requireScopes } from '../core/auth/scope-check.ts';
import { InvalidInput, NotFound } from '../core/errors.ts';
import { promptChangesTopic, type PromptChange } from '../core/prompts/change-event.ts';
import type { LabelActor, LabelHistoryPage, LabelMove } from '../core/prompts/label-store.ts';
import * as labels from '../core/prompts/prompt-labels.ts';
import * as repository from '../core/prompts/repository.ts';
import type { PromptRecord } from '../core/prompts/repository.ts';
import type { Context } from './context.ts';

export async function publish(ctx: Context, change: Omit<PromptChange, 'by'>): Promise<void> {
  // At once, not when the bus delivers: the caller's next render sees its change.
  ctx.services.promptVersions.clear();
  await ctx.services.bus.publish(promptChangesTopic, { ...change, by: ctx.principal.id });
}

/** Each label move on promptChanged, with where the label pointed before and why. */
export async function publishMoves(
  ctx: Context,
  name: string,
  moves: readonly LabelMove[],
): Promise<void> {
  for (const move of moves) {
    await publish(ctx, {
      kind: move.toVersion === null ? 'LABEL_REMOVED' : 'LABEL_SET',
      name,
      label: move.label,
      version: move.toVersion ?? undefined,
      fromVersion: move.fromVersion ?? undefined,
      message: move.message,
    });
  }
}

/** Moving, removing or (un)protecting a protected label needs prompts:admin; admin includes it. */
function mayAdministerLabels(ctx: Context): boolean {
  return ctx.principal.scopes.has('prompts:admin') || ctx.principal.scopes.has('admin');
}

export function labelActor(ctx: Context): LabelActor {
  return { id: ctx.principal.id, mayMoveProtected: mayAdministerLabels(ctx) };
}

export async function promptOrThrow(ctx: Context, name: string): Promise<PromptRecord> {
  const prompt = await repository.findPrompt(ctx.services.db, name);
  // Only reachable when the prompt was deleted between a write and this read.
  if (!prompt) throw new NotFound(`prompt "${name}" does not exist`, { prompt: name });
  return prompt;
}

/** A prompt's label moves (one label's, or all), newest first, paged with `after`. */
export async function promptLabelHistory(
  ctx: Context,
  args: {
    name: string;
    label?: string | null | undefined;
    first?: number | null | undefined;
    after?: string | null | undefined;
  },
): Promise<LabelHistoryPage> {
  requireScopes(ctx.principal, 'prompts:read');
  return labels.listLabelMoves(ctx.services.db, args.name, {
    label: args.label ?? undefined,
    first: args.first ?? undefined,
    after: args.after ?? undefined,
  });
}

/**
 * Points `label` at `version`, creating the label or moving it (a rollback is
 * a move to an older version). A protected label needs prompts:admin.
 */
export async function setPromptLabel(
  ctx: Context,
  input: { name: string; label: string; version: number; message?: string | null | undefined },
): Promise<PromptRecord> {
  requireScopes(ctx.principal, 'prompts:write');
  const move = await labels.setLabel(
    ctx.services.db,
    input.name,
    input.label,
    input.version,
    labelActor(ctx),
    checkMoveMessage(input.message),
  );
  await publishMoves(ctx, input.name, [move]);
  return promptOrThrow(ctx, input.name);
}

export async function removePromptLabel(
  ctx: Context,
  input: { name: string; label: string; message?: string | null | undefined },
): Promise<PromptRecord> {
  requireScopes(ctx.principal, 'prompts:write');
  const move = await labels.removeLabel(
    ctx.services.db,
    input.name,
    input.label,
    labelActor(ctx),
    checkMoveMessage(input.message),
  );
  await publishMoves(ctx, input.name, [move]);
  return promptOrThrow(ctx, input.name);
}

/** Marks a label protected (only prompts:admin may move or remove it) or not. */
export async function protectPromptLabel(
  ctx: Context,
  input: { name: string; label: string; protected: boolean },
): Promise<PromptRecord> {
  requireAnyScope(ctx.principal, 'prompts:admin', 'admin');
  await labels.setLabelProtection(
    ctx.services.db,
    input.name,
    input.label,
    input.protected,
    ctx.principal.id,
  );
  await publish(ctx, {
    kind: input.protected ? 'LABEL_PROTECTED' : 'LABEL_UNPROTECTED',
    name: input.name,
    label: input.label,
  });
  return promptOrThrow(ctx, input.name);
}

const maxMoveMessage = 1_000;

function checkMoveMessage(message: string | null | undefined): string {
  if ((message ?? '').length > maxMoveMessage) {
    throw new InvalidInput(`message must be at most ${maxMoveMessage} characters`, {
      field: 'message',
    });
  }
  return message ?? '';
}
