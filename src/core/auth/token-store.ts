// API tokens: created with a set of scopes (and optionally an expiry and path
// rules), shown once, stored only as a hash, and revoked by id. `authenticate`
// runs on every request and RPC, so it answers from a small cache keyed by the
// secret's hash; a revocation drops the cache entry here at once and, through
// `tokenRevokedTopic` on the shared bus, on every other instance.
import { z } from 'zod';
import type { PrismaClient, ApiToken as ApiTokenRow } from '../../generated/prisma/client.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { topic, type EventBus } from '../event-bus.ts';
import type { Logger } from '../logger.ts';
import { scopes as allScopes, type PathRule, type Principal, type Scope } from '../scopes.ts';
import { validateTokenInput, type NewTokenInput } from './token-input.ts';
import {
  ConfiguredSecret,
  displayPrefix,
  generateSecret,
  hashSecret,
  looksLikeStoredSecret,
} from './token-secret.ts';

/** Published for every revocation; subscribers end that token's live streams and drop caches. */
export const tokenRevokedTopic = topic<{ tokenId: string }>('auth.tokenRevoked');

/** Principal id of the GENPOD_ADMIN_TOKEN. */
export const adminTokenPrincipalId = 'admin-token';

/** A stored token as admins see it: everything but the secret. */
export interface ApiTokenInfo {
  id: string;
  name: string;
  /** The secret's first characters, e.g. `gp_ab12`: enough to recognise it, useless to use it. */
  prefix: string;
  scopes: Scope[];
  /** Unset: the whole project. */
  paths: PathRule[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** Principal id of the creator. */
  createdBy: string;
}

export interface TokenStoreOptions {
  db: PrismaClient;
  bus: EventBus;
  /** GENPOD_ADMIN_TOKEN: a secret with every scope, never stored. */
  adminToken: string | undefined;
  logger: Logger;
  /** For tests. @default Date.now */
  now?: () => number;
  /**
   * How long a cached answer is trusted before the row is read again. Revokes
   * through this instance or the bus apply at once; this bounds how late one
   * made elsewhere (the CLI against a running server) is noticed.
   * @default 30_000
   */
  cacheTtlMs?: number;
  /** Tokens remembered at once; the oldest is forgotten beyond it. @default 10_000 */
  cacheLimit?: number;
  /** `lastUsedAt` is written at most this often per token. @default 60_000 */
  lastUsedIntervalMs?: number;
}

interface CacheEntry {
  tokenId: string;
  principal: Principal;
  expiresAt: number | undefined;
  cachedAt: number;
  /** When lastUsedAt was last written (or read from the row). */
  lastUsedWrittenAt: number;
}

const scopeList = z.array(z.string());
const pathRules = z.array(z.object({ glob: z.string(), access: z.enum(['read', 'read-write']) }));

const knownScopes: ReadonlySet<string> = new Set(allScopes);

export class TokenStore {
  readonly #db: PrismaClient;
  readonly #bus: EventBus;
  readonly #admin: ConfiguredSecret | undefined;
  readonly #adminPrincipal: Principal = { id: adminTokenPrincipalId, scopes: new Set(allScopes) };
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #cacheTtlMs: number;
  readonly #cacheLimit: number;
  readonly #lastUsedIntervalMs: number;
  /** By secret hash. Map order is insertion order: the first key is the oldest. */
  readonly #cache = new Map<string, CacheEntry>();
  /**
   * Hashes of secrets refused for good (unknown, revoked or expired), so a client
   * retrying a dead token costs no database read. Never invalidated, and it
   * need not be: a new token's secret is fresh randomness, so its hash cannot
   * have been presented, and refused, before it was created.
   */
  readonly #refused = new Set<string>();
  /**
   * Counts revocations seen. A lookup that began before a revocation must not
   * put its (possibly stale) answer into the cache after the revocation ran.
   */
  #revocations = 0;
  readonly #pendingWrites = new Set<Promise<unknown>>();
  #listening: { abort: AbortController; done: Promise<void> } | undefined;

  constructor(options: TokenStoreOptions) {
    this.#db = options.db;
    this.#bus = options.bus;
    this.#admin =
      options.adminToken === undefined ? undefined : new ConfiguredSecret(options.adminToken);
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#cacheTtlMs = options.cacheTtlMs ?? 30_000;
    this.#cacheLimit = options.cacheLimit ?? 10_000;
    this.#lastUsedIntervalMs = options.lastUsedIntervalMs ?? 60_000;
  }

  /** Follows revocations published by other instances. */
  async start(): Promise<void> {
    if (this.#listening) return;
    const abort = new AbortController();
    const deliveries = this.#bus.subscribe(tokenRevokedTopic, { signal: abort.signal });
    const done = (async () => {
      for await (const delivery of deliveries) {
        if (delivery.type === 'event') this.#forget(delivery.payload.tokenId);
        // Revocations may have been missed: trust nothing cached.
        else this.#forgetAll();
      }
    })().catch((error: unknown) => {
      this.#logger.error({ err: error }, 'stopped following token revocations');
      this.#forgetAll();
    });
    this.#listening = { abort, done };
  }

  /** Stops following revocations and waits for pending `lastUsedAt` writes. */
  async close(): Promise<void> {
    if (this.#listening) {
      this.#listening.abort.abort();
      await this.#listening.done;
      this.#listening = undefined;
    }
    await Promise.allSettled([...this.#pendingWrites]);
  }

  /**
   * What `authenticate` would answer, when it can answer without the database:
   * the admin token, a refused or malformed secret, or a fresh cache entry.
   * Undefined means "ask `authenticate`". Every request and RPC passes here,
   * so the common case stays synchronous (docs/performance.md).
   */
  knownPrincipal(secret: string): Principal | null | undefined {
    if (this.#admin?.matches(secret)) return this.#adminPrincipal;
    if (!looksLikeStoredSecret(secret)) return null;
    const hash = hashSecret(secret);
    if (this.#refused.has(hash)) return null;
    const entry = this.#cache.get(hash);
    if (!entry) return undefined;
    const now = this.#now();
    if (now - entry.cachedAt >= this.#cacheTtlMs) {
      this.#cache.delete(hash);
      return undefined;
    }
    return this.#answerFrom(entry, now);
  }

  /** The principal a bearer secret stands for, or null (unknown, expired or revoked). */
  async authenticate(secret: string): Promise<Principal | null> {
    const known = this.knownPrincipal(secret);
    if (known !== undefined) return known;
    const hash = hashSecret(secret);
    const now = this.#now();
    const revocationsBefore = this.#revocations;
    const row = await this.#db.apiToken.findUnique({ where: { secretHash: hash } });
    // All three are for good: no API un-revokes a token or extends its expiry.
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) {
      this.#refuse(hash);
      return null;
    }
    const entry: CacheEntry = {
      tokenId: row.id,
      principal: principalOf(row),
      expiresAt: row.expiresAt?.getTime(),
      cachedAt: now,
      lastUsedWrittenAt: row.lastUsedAt?.getTime() ?? Number.NEGATIVE_INFINITY,
    };
    if (revocationsBefore !== this.#revocations) {
      // A revocation ran while we read: this row may predate it. Ask again.
      return this.authenticate(secret);
    }
    this.#remember(hash, entry);
    return this.#answerFrom(entry, now);
  }

  /** A cached entry's answer; notes the use (throttled) for `lastUsedAt`. */
  #answerFrom(entry: CacheEntry, now: number): Principal | null {
    if (entry.expiresAt !== undefined && entry.expiresAt <= now) return null;
    if (now - entry.lastUsedWrittenAt >= this.#lastUsedIntervalMs) {
      entry.lastUsedWrittenAt = now;
      this.#recordUse(entry.tokenId, new Date(now));
    }
    return entry.principal;
  }

  /**
   * Makes a token; its secret is in the answer and nowhere else, ever. A
   * caller cannot hand out more than it holds: scopes it lacks, a later expiry
   * than its own, or (when it is limited to some paths) any token at all.
   */
  async create(
    input: NewTokenInput,
    by: Principal,
  ): Promise<{ secret: string; token: ApiTokenInfo }> {
    const valid = validateTokenInput(input, this.#now());
    const missing = valid.scopes.filter((scope) => !by.scopes.has(scope));
    if (missing.length > 0) {
      throw new Forbidden(
        `a token cannot be given scopes its creator lacks: ${missing.join(', ')}`,
      );
    }
    if (by.paths !== undefined) {
      throw new Forbidden('a caller limited to some paths cannot create tokens');
    }
    if (by.expiresAt && (!valid.expiresAt || valid.expiresAt > by.expiresAt)) {
      throw new Forbidden(
        `a token cannot outlive its creator's credential: give an expiresAt on or before ${by.expiresAt.toISOString()}`,
      );
    }
    const secret = generateSecret();
    const row = await this.#db.apiToken.create({
      data: {
        name: valid.name,
        secretHash: hashSecret(secret),
        prefix: displayPrefix(secret),
        scopes: JSON.stringify(valid.scopes),
        paths: valid.paths ? JSON.stringify(valid.paths) : null,
        createdAt: new Date(this.#now()),
        expiresAt: valid.expiresAt ?? null,
        createdBy: by.id,
      },
    });
    const token = infoOf(row);
    this.#logger.info(
      {
        tokenId: token.id,
        name: token.name,
        by: by.id,
        scopes: token.scopes,
        expiresAt: token.expiresAt,
      },
      'api token created',
    );
    return { secret, token };
  }

  /** Every stored token, newest first, revoked and expired ones included. */
  async list(): Promise<ApiTokenInfo[]> {
    const rows = await this.#db.apiToken.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    });
    return rows.map(infoOf);
  }

  /** Which of these tokens are revoked: one query for just those rows. */
  async revokedAmong(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.#db.apiToken.findMany({
      where: { id: { in: [...ids] }, revokedAt: { not: null } },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  /** Revokes a token for good. Revoking one already revoked changes nothing and is no error. */
  async revoke(id: string, by: Principal): Promise<ApiTokenInfo> {
    const at = new Date(this.#now());
    // Only the first revocation sets revokedAt, so the recorded time stays the original one.
    const { count } = await this.#db.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: at },
    });
    const row = await this.#db.apiToken.findUnique({ where: { id } });
    if (!row) throw new NotFound(`no API token with id ${JSON.stringify(id)}`, { id });
    this.#forget(id);
    // Published on every call, repeats included: a repeat is how an operator
    // re-announces a revocation another instance might have missed.
    await this.#bus.publish(tokenRevokedTopic, { tokenId: id });
    const token = infoOf(row);
    this.#logger.info(
      { tokenId: id, name: token.name, by: by.id, alreadyRevoked: count === 0 },
      'api token revoked',
    );
    return token;
  }

  #remember(hash: string, entry: CacheEntry): void {
    this.#cache.delete(hash);
    this.#cache.set(hash, entry);
    while (this.#cache.size > this.#cacheLimit) {
      const oldest = this.#cache.keys().next();
      if (oldest.done) break;
      this.#cache.delete(oldest.value);
    }
  }

  #refuse(hash: string): void {
    this.#refused.add(hash);
    if (this.#refused.size > this.#cacheLimit) {
      const oldest = this.#refused.values().next();
      if (!oldest.done) this.#refused.delete(oldest.value);
    }
  }

  #forget(tokenId: string): void {
    this.#revocations++;
    for (const [hash, entry] of this.#cache) {
      if (entry.tokenId === tokenId) this.#cache.delete(hash);
    }
  }

  #forgetAll(): void {
    this.#revocations++;
    this.#cache.clear();
  }

  #recordUse(tokenId: string, at: Date): void {
    const write = this.#db.apiToken
      .updateMany({ where: { id: tokenId }, data: { lastUsedAt: at } })
      .catch((error: unknown) =>
        this.#logger.warn({ err: error, tokenId }, 'could not record when a token was last used'),
      )
      .finally(() => this.#pendingWrites.delete(write));
    this.#pendingWrites.add(write);
  }
}

function principalOf(row: ApiTokenRow): Principal {
  const info = infoOf(row);
  return {
    id: `token:${row.id}`,
    tokenId: row.id,
    scopes: new Set(info.scopes),
    paths: info.paths ?? undefined,
    expiresAt: info.expiresAt ?? undefined,
  };
}

function infoOf(row: ApiTokenRow): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    // A scope a later version no longer knows grants nothing rather than failing the token.
    scopes: scopeList
      .parse(JSON.parse(row.scopes))
      .filter((scope): scope is Scope => knownScopes.has(scope)),
    paths: row.paths === null ? null : pathRules.parse(JSON.parse(row.paths)),
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    lastUsedAt: row.lastUsedAt,
    createdBy: row.createdBy,
  };
}
