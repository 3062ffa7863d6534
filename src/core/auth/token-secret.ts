// API token secrets: how they are made, hashed and recognised. A secret is 32
// random bytes, so a single SHA-256 is as strong as a slow password hash here
// (nothing to brute-force) and cheap enough to run on every request.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every stored token's secret starts with this, so scanners and people can spot one. */
export const secretMarker = 'gp_';

/** Characters of the secret kept for display: the marker and four more (24 bits). */
const prefixLength = secretMarker.length + 4;

/** `gp_` + base64url of 32 random bytes (43 characters). */
export function generateSecret(): string {
  return `${secretMarker}${randomBytes(32).toString('base64url')}`;
}

/** What the database keeps instead of the secret: its SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The short, non-secret start of a secret shown in token lists, e.g. `gp_ab12`. */
export function displayPrefix(secret: string): string {
  return secret.slice(0, prefixLength);
}

/** Whether a string has the shape of a stored token's secret (saves a database read otherwise). */
export function looksLikeStoredSecret(secret: string): boolean {
  return secret.length === secretMarker.length + 43 && secret.startsWith(secretMarker);
}

/**
 * Compares a presented secret with a configured one in constant time. Both are
 * hashed first so the comparison runs on equal-length digests and reveals
 * nothing about the configured secret's length.
 */
export class ConfiguredSecret {
  readonly #digest: Buffer;

  constructor(secret: string) {
    this.#digest = createHash('sha256').update(secret, 'utf8').digest();
  }

  matches(presented: string): boolean {
    return timingSafeEqual(createHash('sha256').update(presented, 'utf8').digest(), this.#digest);
  }
}
