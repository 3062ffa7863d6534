// RateLimits: a budget of operations per principal per minute, and a stricter
// one of failed authentications per client address.
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { RateLimited } from '../../src/core/errors.ts';
import { RateLimits, type LimiterSpec } from '../../src/core/rate-limit.ts';
import type { Principal } from '../../src/core/scopes.ts';

const alice: Principal = { id: 'alice', scopes: new Set(['files:read']) };
const bob: Principal = { id: 'bob', scopes: new Set(['files:read']) };

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('RateLimits', () => {
  it('lets a principal run its budget, then refuses with RATE_LIMITED and a wait', async () => {
    const limits = new RateLimits({ perMinute: 3, authFailuresPerMinute: 0 });
    for (let i = 0; i < 3; i++) await limits.consume(alice);
    const error = await rejection(limits.consume(alice));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).code).toBe('RATE_LIMITED');
    expect((error as RateLimited).retryAfterMs).toBeGreaterThan(0);
    expect((error as RateLimited).retryAfterMs).toBeLessThanOrEqual(60_000);
    expect((error as RateLimited).details).toEqual({
      retryAfterMs: (error as RateLimited).retryAfterMs,
    });
  });

  it('keeps one budget per principal', async () => {
    const limits = new RateLimits({ perMinute: 1, authFailuresPerMinute: 0 });
    await limits.consume(alice);
    await expect(limits.consume(alice)).rejects.toBeInstanceOf(RateLimited);
    await expect(limits.consume(bob)).resolves.toBeUndefined();
  });

  it('counts an operation of cost n as n', async () => {
    const limits = new RateLimits({ perMinute: 5, authFailuresPerMinute: 0 });
    await limits.consume(alice, 4);
    await expect(limits.consume(alice, 2)).rejects.toBeInstanceOf(RateLimited);
  });

  it('is off when perMinute is 0', async () => {
    const limits = new RateLimits({ perMinute: 0, authFailuresPerMinute: 0 });
    for (let i = 0; i < 100; i++) await limits.consume(alice);
  });

  it('refuses the failed authentication past the limit, then every attempt from that address', async () => {
    const limits = new RateLimits({ perMinute: 0, authFailuresPerMinute: 2 });
    await limits.assertAuthAllowed('10.0.0.1');
    await limits.consumeFailedAuth('10.0.0.1');
    await limits.assertAuthAllowed('10.0.0.1');
    await limits.consumeFailedAuth('10.0.0.1');
    // Two failures used the allowance: the next attempt is refused before its token is checked.
    const error = await rejection(limits.assertAuthAllowed('10.0.0.1'));
    expect(error).toBeInstanceOf(RateLimited);
    expect((error as RateLimited).message).toMatch(/failed authentication attempts/);
    await expect(limits.consumeFailedAuth('10.0.0.1')).rejects.toBeInstanceOf(RateLimited);
    // Another address, and the per-principal budget, are untouched.
    await expect(limits.assertAuthAllowed('10.0.0.2')).resolves.toBeUndefined();
    await expect(limits.consume(alice)).resolves.toBeUndefined();
  });

  it('does not guard failed authentications when authFailuresPerMinute is 0', async () => {
    const limits = new RateLimits({ perMinute: 0, authFailuresPerMinute: 0 });
    for (let i = 0; i < 50; i++) await limits.consumeFailedAuth('10.0.0.1');
    await expect(limits.assertAuthAllowed('10.0.0.1')).resolves.toBeUndefined();
  });

  it('says whether operations are counted at all, so the request path can skip the hook', () => {
    expect(new RateLimits({ perMinute: 0, authFailuresPerMinute: 5 }).limitsOperations).toBe(false);
    expect(new RateLimits({ perMinute: 1, authFailuresPerMinute: 0 }).limitsOperations).toBe(true);
  });

  it('builds its counters through the given factory (the seam for a shared store)', async () => {
    const built: LimiterSpec[] = [];
    const limits = new RateLimits({
      perMinute: 7,
      authFailuresPerMinute: 2,
      limiters: (spec) => {
        built.push(spec);
        return new RateLimiterMemory({ keyPrefix: spec.keyPrefix, points: 1, duration: 60 });
      },
    });
    expect(built).toEqual([
      { keyPrefix: 'genpod-ops', points: 7, durationSeconds: 60 },
      { keyPrefix: 'genpod-auth-failures', points: 2, durationSeconds: 60 },
    ]);
    // The factory's limiter (1 point) is the one counting, not a built-in one.
    await limits.consume(alice);
    await expect(limits.consume(alice)).rejects.toBeInstanceOf(RateLimited);
  });

  it('lets a store failure through as it is, not as RATE_LIMITED', async () => {
    const broken = new RateLimiterMemory({ points: 1, duration: 60 });
    broken.consume = () => Promise.reject(new Error('store unreachable'));
    const limits = new RateLimits({
      perMinute: 1,
      authFailuresPerMinute: 0,
      limiters: () => broken,
    });
    await expect(limits.consume(alice)).rejects.toThrow('store unreachable');
  });
});
