// Live streams outlive the request that authenticated them, so a token that is
// revoked or expires must still end them. This hands out one AbortSignal per
// token, aborted when the token is revoked (on any instance: revocations
// travel on the event bus) or when it expires.
import type { EventBus } from '../event-bus.ts';
import type { Logger } from '../logger.ts';
import type { Principal } from '../scopes.ts';
import { tokenRevokedTopic } from './token-store.ts';

export type CredentialEnd = 'revoked' | 'expired';

/** Why a stream ended: carried as the AbortSignal's reason. */
export class CredentialEnded extends Error {
  override name = 'CredentialEnded';
  readonly end: CredentialEnd;
  constructor(end: CredentialEnd) {
    super(end === 'revoked' ? 'the token was revoked' : 'the token expired');
    this.end = end;
  }
}

export interface CredentialLifetimesOptions {
  bus: EventBus;
  logger: Logger;
  /**
   * Which of these tokens are revoked now: asked after the revocation feed
   * had a gap (RESYNC), when single revocations may have been missed.
   */
  revokedAmong?: (tokenIds: string[]) => Promise<Set<string>>;
  /**
   * How often followed tokens are also checked with `revokedAmong`: catches
   * revocations no bus carried here (the CLI's, without Redis). @default 30_000
   */
  recheckEveryMs?: number;
}

// setTimeout takes at most a signed 32-bit delay; longer ones are re-armed.
const longestTimer = 2 ** 31 - 1;

export class CredentialLifetimes {
  readonly #options: CredentialLifetimesOptions;
  readonly #byToken = new Map<string, { controller: AbortController; timer?: NodeJS.Timeout }>();
  readonly #stopped = new AbortController();

  constructor(options: CredentialLifetimesOptions) {
    this.#options = options;
  }

  /** Follows revocations until close(). */
  start(): void {
    const every = this.#options.recheckEveryMs ?? 30_000;
    const recheck = setInterval(() => {
      this.#recheck().catch((error: unknown) =>
        this.#options.logger.warn({ err: error }, 'could not recheck token revocations'),
      );
    }, every);
    recheck.unref();
    this.#stopped.signal.addEventListener('abort', () => clearInterval(recheck), { once: true });
    const deliveries = this.#options.bus.subscribe(tokenRevokedTopic, {
      signal: this.#stopped.signal,
    });
    void (async () => {
      for await (const delivery of deliveries) {
        if (delivery.type === 'event') this.#end(delivery.payload.tokenId, 'revoked');
        else await this.#recheck();
      }
    })().catch((error: unknown) =>
      this.#options.logger.error({ err: error }, 'the token revocation feed stopped'),
    );
  }

  close(): void {
    this.#stopped.abort();
    for (const entry of this.#byToken.values()) clearTimeout(entry.timer);
    this.#byToken.clear();
  }

  /**
   * Aborted when the principal's token ends; undefined for credentials that
   * never do (the configured admin token, the local developer).
   */
  signalFor(principal: Principal): AbortSignal | undefined {
    const { tokenId, expiresAt } = principal;
    if (tokenId === undefined) return undefined;
    let entry = this.#byToken.get(tokenId);
    if (!entry) {
      entry = { controller: new AbortController() };
      this.#byToken.set(tokenId, entry);
      if (expiresAt) this.#arm(tokenId, expiresAt);
    }
    return entry.controller.signal;
  }

  #arm(tokenId: string, expiresAt: Date): void {
    const entry = this.#byToken.get(tokenId);
    if (!entry) return;
    const delay = expiresAt.getTime() - Date.now();
    if (delay <= 0) {
      this.#end(tokenId, 'expired');
      return;
    }
    entry.timer = setTimeout(() => this.#arm(tokenId, expiresAt), Math.min(delay, longestTimer));
    entry.timer.unref();
  }

  #end(tokenId: string, end: CredentialEnd): void {
    const entry = this.#byToken.get(tokenId);
    if (!entry) return;
    this.#byToken.delete(tokenId);
    clearTimeout(entry.timer);
    entry.controller.abort(new CredentialEnded(end));
  }

  async #recheck(): Promise<void> {
    const { revokedAmong } = this.#options;
    if (!revokedAmong || this.#byToken.size === 0) return;
    for (const tokenId of await revokedAmong([...this.#byToken.keys()])) {
      this.#end(tokenId, 'revoked');
    }
  }
}
