// The one Pothos builder. Each src/schema/<domain>.ts adds its fields to the
// root types declared here; src/schema/index.ts imports them all.
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin, { type AuthFailure } from '@pothos/plugin-scope-auth';
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
 * A refusal that names the scopes, worded as requireScopes and
 * requireAnyScope word it, when the field's rule is a plain list of scopes.
 */
function refusal(failure: AuthFailure, fallback: string): Forbidden {
  if (
    (failure.kind === 'AnyAuthScopes' || failure.kind === 'AllAuthScopes') &&
    failure.failures.length > 0 &&
    failure.failures.every((inner) => inner.kind === 'AuthScope')
  ) {
    const needed = failure.failures.map((inner) => (inner.kind === 'AuthScope' ? inner.scope : ''));
    const joiner = failure.kind === 'AnyAuthScopes' ? ' or ' : ' and ';
    return new Forbidden(`this operation needs the ${needed.join(joiner)} scope`, {
      requiredScopes: needed,
    });
  }
  return new Forbidden(fallback);
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
    unauthorizedError: (_parent, _ctx, _info, result) => refusal(result.failure, result.message),
  },
  defaultFieldNullability: false,
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({ description: 'Reads.' });
builder.mutationType({ description: 'Writes.' });
builder.subscriptionType({ description: 'Live streams, over SSE (Yoga and graphql-sse).' });
