// What every file operation does around its work: count itself in the
// metrics, check its numbers, and resolve paths only as far as the caller's
// access reaches.
import { InvalidInput } from '../core/errors.ts';
import type { ResolvedPath } from '../core/files/project-jail.ts';
import type { ProjectPath } from '../core/files/project-path.ts';
import { resolveActor } from './change-actor.ts';
import type { Context } from './context.ts';

/** Operations that change files: they resolve (and so check) the caller's x-genpod-actor claim. */
const changing = new Set([
  'write',
  'writeFiles',
  'delete',
  'move',
  'mkdir',
  'replace',
  'archive-upload',
]);

/** Counts the operation, and its failure, in the metrics every domain records into. */
export async function counted<T>(
  ctx: Context,
  operation: string,
  run: () => Promise<T>,
): Promise<T> {
  const { metrics } = ctx.services;
  metrics.fileOperations.inc({ operation });
  try {
    // Checked before anything changes, so every change it announces says who made it.
    if (changing.has(operation)) await resolveActor(ctx);
    return await run();
  } catch (error) {
    metrics.fileOperationErrors.inc({ operation });
    throw error;
  }
}

export function countBytes(ctx: Context, direction: 'read' | 'written', bytes: number): void {
  if (bytes > 0) ctx.services.metrics.fileBytes.inc({ direction }, bytes);
}

export function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidInput(`${field} must be a whole number from ${min} to ${max}`, { field });
  }
  return value;
}

/** Resolves a path the caller may read, checking where it leads as well as its name. */
export async function resolveReadable(
  ctx: Context,
  path: ProjectPath,
): Promise<ResolvedPath | undefined> {
  const { projectJail, fileAccess } = ctx.services;
  fileAccess.assert(ctx.principal, 'read', path.relative);
  const resolved = await projectJail.resolve(path);
  if (resolved)
    fileAccess.assertTarget(ctx.principal, 'read', path.relative, resolved.realRelative);
  return resolved;
}

/** Whether the caller may see an entry in a listing, by its name and by where it is. */
export function listable(ctx: Context) {
  const { fileAccess } = ctx.services;
  return (relative: string, realRelative: string, isDirectory: boolean) =>
    fileAccess.canList(ctx.principal, relative, isDirectory) &&
    (realRelative === relative || fileAccess.canList(ctx.principal, realRelative, isDirectory));
}

/**
 * Resolves a folder the caller may list: readable, or (for a token limited to
 * some paths) a folder on the way to its paths, whose listing shows only those.
 */
export async function resolveBrowsable(
  ctx: Context,
  path: ProjectPath,
): Promise<ResolvedPath | undefined> {
  const { projectJail, fileAccess } = ctx.services;
  fileAccess.assertBrowsable(ctx.principal, path.relative);
  const resolved = await projectJail.resolve(path);
  if (resolved) fileAccess.assertBrowsable(ctx.principal, resolved.realRelative, path.relative);
  return resolved;
}
