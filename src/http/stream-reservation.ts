// Stream tokens of graphql-sse's single connection mode, bound to the
// credential that reserved the stream. The token carries its owner's
// signature, so checking one needs no table that would have to follow
// graphql-sse's own (which lives inside its handler): a token reads
// `<random>.<HMAC-SHA256(key, random + owner)>`, and only requests from that
// owner may open, post to or cancel its stream.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export class StreamReservations {
  // Streams live in this process only, so a key of this process's own will do.
  readonly #key = randomBytes(32);

  #signature(id: string, owner: string): Buffer {
    return createHmac('sha256', this.#key).update(id).update('\0').update(owner).digest();
  }

  /** A new stream token for `owner` (a principal id). */
  reserve(owner: string): string {
    const id = randomUUID();
    return `${id}.${this.#signature(id, owner).toString('base64url')}`;
  }

  /** Whether `token` was handed out by `reserve(owner)` of this instance. */
  isOwnedBy(token: string, owner: string): boolean {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return false;
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = this.#signature(token.slice(0, dot), owner);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
