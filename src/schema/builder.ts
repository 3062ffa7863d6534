// The one Pothos builder. Each src/schema/<domain>.ts adds its fields to the
// root types declared here; src/schema/index.ts imports them all.
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { Forbidden } from '../core/errors.ts';
import { scopes, type Principal, type Scope } from '../core/scopes.ts';
import type { Context } from '../resolvers/context.ts';

/** Each scope, granted or not, as the scope-auth plugin asks. */
function grantedScopes(principal: Principal): Record<Scope, boolean> {
  return Object.fromEntries(scopes.map((scope) => [scope, principal.scopes.has(scope)])) as Record<
    Scope,
    boolean
  >;
}

/**
 * The scopes a refused field asks for, worded as src/core/auth/scope-check.ts
 * words them on gRPC: "the files:read scope", "the chat or admin scope".
 */
function missingScopes(failure: AuthFailure): { words: string; scopes: string[] } | undefined {
  switch (failure.kind) {
    case AuthScopeFailureType.AuthScope:
      return { words: failure.scope, scopes: [failure.scope] };
    case AuthScopeFailureType.AnyAuthScopes:
    case AuthScopeFailureType.AllAuthScopes: {
      const parts = failure.failures.map(missingScopes).filter((part) => part !== undefined);
      if (parts.length === 0) return undefined;
      const joiner = failure.kind === AuthScopeFailureType.AnyAuthScopes ? ' or ' : ' and ';
      return {
        words: parts.map((part) => part.words).join(joiner),
        scopes: parts.flatMap((part) => part.scopes),
      };
    }
    default:
      return undefined;
  }
}

export const builder = new SchemaBuilder<{
  Context: Context;
  // Every root field declares the scopes it needs with `authScopes`, e.g.
  // `{ 'files:read': true }`; several are any-of, `$all: {…}` all-of.
  // test/auth/operation-access.test.ts holds every operation to its rule.
  AuthScopes: Record<Scope, boolean>;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  plugins: [ScopeAuthPlugin],
  scopeAuth: {
    authScopes: (ctx) => grantedScopes(ctx.principal),
    // Checked once when a subscription starts, not again on every event.
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, _ctx, info, result) => {
      const missing = missingScopes(result.failure);
      if (!missing) return new Forbidden(result.message);
      return new Forbidden(
        `${info.parentType.name}.${info.fieldName} needs the ${missing.words} scope`,
        { requiredScopes: missing.scopes },
      );
    },
  },
  defaultFieldNullability: false,
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({ description: 'Reads.' });
builder.mutationType({ description: 'Writes.' });
builder.subscriptionType({ description: 'Live streams, over SSE (Yoga and graphql-sse).' });
