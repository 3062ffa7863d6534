// API tokens and the caller's own identity, for GraphQL (and any later door).
// Managing tokens needs the `admin` scope; `viewer` answers any caller.
import type { ApiTokenInfo } from '../core/auth/token-store.ts';
import type { NewTokenInput } from '../core/auth/token-input.ts';
import { Forbidden } from '../core/errors.ts';
import type { PathRule, Scope } from '../core/scopes.ts';
import { scopes as allScopes } from '../core/scopes.ts';
import type { Context } from './context.ts';

export type { ApiTokenInfo, NewTokenInput };

/** Who is calling, as the caller may see it. */
export interface Viewer {
  id: string;
  scopes: Scope[];
  paths: readonly PathRule[] | null;
  expiresAt: Date | null;
}

function requireAdmin(ctx: Context): void {
  if (!ctx.principal.scopes.has('admin')) {
    throw new Forbidden('this operation needs the admin scope');
  }
}

export function viewer(ctx: Context): Viewer {
  const { principal } = ctx;
  return {
    id: principal.id,
    // In the declared order, so answers are stable.
    scopes: allScopes.filter((scope) => principal.scopes.has(scope)),
    paths: principal.paths ?? null,
    expiresAt: principal.expiresAt ?? null,
  };
}

export function apiTokens(ctx: Context): Promise<ApiTokenInfo[]> {
  requireAdmin(ctx);
  return ctx.services.tokens.list();
}

/** The answer is the only place the secret ever appears. */
export function createApiToken(
  ctx: Context,
  input: NewTokenInput,
): Promise<{ secret: string; token: ApiTokenInfo }> {
  requireAdmin(ctx);
  return ctx.services.tokens.create(input, ctx.principal);
}

export function revokeApiToken(ctx: Context, id: string): Promise<ApiTokenInfo> {
  requireAdmin(ctx);
  return ctx.services.tokens.revoke(id, ctx.principal);
}
