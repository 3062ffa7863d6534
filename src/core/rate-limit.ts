// Per-caller rate limits, one door for every transport: GraphQL consumes once
// per operation (src/http/plugins/use-rate-limit.ts), gRPC once per call (the
// auth wrapper in src/grpc). Failed authentications have their own, stricter
// limiter keyed by client address (src/core/auth/client-address.ts).
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimited } from './errors.ts';
import type { Principal } from './scopes.ts';

/** What one limiter counts: `points` per `durationSeconds`, keys prefixed by `keyPrefix`. */
export interface LimiterSpec {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/**
 * Builds the store behind a limiter. The default keeps counts in this process;
 * several instances behind one load balancer pass a factory that returns
 * rate-limiter-flexible's `RateLimiterRedis` (same spec, plus `storeClient`),
 * so every instance counts against one budget.
 */
export type LimiterFactory = (spec: LimiterSpec) => RateLimiterAbstract;

export const inMemoryLimiters: LimiterFactory = ({ keyPrefix, points, durationSeconds }) =>
  new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds });

export interface RateLimitOptions {
  /** Operations one principal may run per minute; 0 turns the limit off. */
  perMinute: number;
  /** Failed authentications one client address may make per minute; 0 turns the guard off. */
  authFailuresPerMinute: number;
  /** @default inMemoryLimiters */
  limiters?: LimiterFactory;
}

export class RateLimits {
  readonly #perPrincipal: RateLimiterAbstract | undefined;
  readonly #authFailures: RateLimiterAbstract | undefined;

  constructor(options: RateLimitOptions) {
    const build = options.limiters ?? inMemoryLimiters;
    this.#perPrincipal =
      options.perMinute > 0
        ? build({ keyPrefix: 'genpod-ops', points: options.perMinute, durationSeconds: 60 })
        : undefined;
    this.#authFailures =
      options.authFailuresPerMinute > 0
        ? build({
            keyPrefix: 'genpod-auth-failures',
            points: options.authFailuresPerMinute,
            durationSeconds: 60,
          })
        : undefined;
    // Only the built-in factory counts in this process alone; any other may be a shared store.
  }

  /** False when operations are not counted (RATE_LIMIT_PER_MINUTE=0): `consume` does nothing. */
  get limitsOperations(): boolean {
    return this.#perPrincipal !== undefined;
  }

  /**
   * Counts `cost` operations against the principal's budget for this minute.
   * @throws RateLimited once the budget is spent, with the wait until it refills.
   */
  async consume(principal: Principal, cost = 1): Promise<void> {
    if (!this.#perPrincipal) return;
    await spend(this.#perPrincipal, principal.id, cost);
  }

  /**
   * Throws RateLimited while `remoteAddress` has used up its failed attempts.
   * Call it only once a credential failed: a valid token is never refused for
   * what others did from the same address (src/resolvers/authentication.ts).
   */
  async assertAuthAllowed(remoteAddress: string): Promise<void> {
    if (!this.#authFailures) return;
    const state = await this.#authFailures.get(remoteAddress);
    if (state && state.consumedPoints >= this.#authFailures.points) {
      throw new RateLimited(
        state.msBeforeNext,
        'too many failed authentication attempts from this address: retry later',
      );
    }
  }

  /**
   * Records one failed authentication from `remoteAddress`.
   * @throws RateLimited once the address has failed too often this minute; a
   * transport then answers RATE_LIMITED instead of UNAUTHENTICATED.
   */
  async consumeFailedAuth(remoteAddress: string): Promise<void> {
    if (!this.#authFailures) return;
    await spend(
      this.#authFailures,
      remoteAddress,
      1,
      'too many failed authentication attempts from this address: retry later',
    );
  }
}

async function spend(
  limiter: RateLimiterAbstract,
  key: string,
  cost: number,
  message?: string,
): Promise<void> {
  try {
    await limiter.consume(key, cost);
  } catch (rejection) {
    // rate-limiter-flexible rejects with a RateLimiterRes when the budget is
    // spent, and with an Error when its store fails (that one stays unexpected).
    if (rejection instanceof RateLimiterRes) throw new RateLimited(rejection.msBeforeNext, message);
    throw rejection;
  }
}
