// The one place a domain operation asks whether its caller holds a scope, so
// every domain words a refusal the same way on every transport.
import { Forbidden } from '../errors.ts';
import type { Principal, Scope } from '../scopes.ts';

/** Throws FORBIDDEN unless the principal holds every one of `needed`. */
export function requireScopes(principal: Principal, ...needed: Scope[]): void {
  const missing = needed.filter((scope) => !principal.scopes.has(scope));
  if (missing.length > 0) {
    throw new Forbidden(`this operation needs the ${missing.join(' and ')} scope`, {
      requiredScopes: needed,
    });
  }
}

/** Throws FORBIDDEN unless the principal holds at least one of `accepted`. */
export function requireAnyScope(principal: Principal, ...accepted: Scope[]): void {
  if (!accepted.some((scope) => principal.scopes.has(scope))) {
    throw new Forbidden(`this operation needs the ${accepted.join(' or ')} scope`, {
      requiredScopes: accepted,
    });
  }
}
