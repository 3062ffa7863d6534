// Fernet (https://github.com/fernet/spec, version 0x80) on Node's crypto:
// AES-128-CBC with PKCS#7 padding, authenticated by HMAC-SHA256 over
// version ‖ timestamp ‖ IV ‖ ciphertext, the whole token url-safe base64.
// Written to be byte-compatible with Python's `cryptography.fernet`, so tokens
// cross between the two in both directions (test/settings/fernet-python.test.ts).
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';

const version = 0x80;
const headerLength = 1 + 8 + 16;
const hmacLength = 32;
const blockLength = 16;
/** How far in the future a token's timestamp may lie, as Python's `_MAX_CLOCK_SKEW`. */
export const maxClockSkewSeconds = 60;

const keyPattern = /^[A-Za-z0-9_-]{43}=$/;
// Strict url-safe base64 with its padding: Buffer.from(…, 'base64url') would
// silently skip foreign characters, which the spec's invalid vectors forbid.
const tokenPattern = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?$/;

/** Why a token was refused. None of these reveal anything about the key or plaintext. */
export type FernetTokenProblem =
  'malformed' | 'unsupported-version' | 'expired' | 'from-the-future' | 'signature' | 'padding';

const problemMessages: Record<FernetTokenProblem, string> = {
  malformed: 'the token is not url-safe base64 of a Fernet token',
  'unsupported-version': 'the token is not a Fernet version 0x80 token',
  expired: 'the token is older than its time-to-live',
  'from-the-future': 'the token is dated too far in the future',
  signature: 'the token was not made with any configured key, or it was altered',
  padding: 'the token decrypts to malformed padding',
};

export class FernetTokenError extends Error {
  override name = 'FernetTokenError';
  readonly problem: FernetTokenProblem;

  constructor(problem: FernetTokenProblem) {
    super(`invalid Fernet token: ${problemMessages[problem]}`);
    this.problem = problem;
  }
}

/** A key that is not 32 bytes of url-safe base64. The message never includes the key. */
export class FernetKeyError extends Error {
  override name = 'FernetKeyError';
}

export interface EncryptOptions {
  /** Seconds since the epoch to record; now by default. */
  now?: number;
  /** 16 bytes; random by default. Only the spec's test vectors fix it. */
  iv?: Uint8Array;
}

export interface DecryptOptions {
  /** Refuse tokens older than this many seconds (and, as Python does, ones too far ahead). */
  ttlSeconds?: number;
  /** Seconds since the epoch to check the TTL against; now by default. */
  now?: number;
}

function currentSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

interface Decoded {
  timestamp: number;
  signed: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  mac: Buffer;
}

/** Parses a token's framing and checks its age, before any key is involved. */
function decodeToken(token: string, options: DecryptOptions): Decoded {
  if (token.length === 0 || token.length % 4 !== 0 || !tokenPattern.test(token)) {
    throw new FernetTokenError('malformed');
  }
  const data = Buffer.from(token, 'base64url');
  if (data.length === 0 || data[0] !== version) {
    throw new FernetTokenError(data.length === 0 ? 'malformed' : 'unsupported-version');
  }
  if (data.length < headerLength + blockLength + hmacLength) {
    throw new FernetTokenError('malformed');
  }
  const ciphertextLength = data.length - headerLength - hmacLength;
  if (ciphertextLength % blockLength !== 0) throw new FernetTokenError('malformed');
  const timestamp = Number(data.readBigUInt64BE(1));
  if (options.ttlSeconds !== undefined) {
    const now = options.now ?? currentSeconds();
    if (timestamp + options.ttlSeconds < now) throw new FernetTokenError('expired');
    if (now + maxClockSkewSeconds < timestamp) throw new FernetTokenError('from-the-future');
  }
  return {
    timestamp,
    signed: data.subarray(0, data.length - hmacLength),
    iv: data.subarray(9, headerLength),
    ciphertext: data.subarray(headerLength, data.length - hmacLength),
    mac: data.subarray(data.length - hmacLength),
  };
}

interface KeyPair {
  signing: Buffer;
  encryption: Buffer;
}

function parseKey(key: string): KeyPair {
  const trimmed = key.trim();
  if (!keyPattern.test(trimmed)) {
    throw new FernetKeyError('a Fernet key must be 32 bytes of url-safe base64 (44 characters)');
  }
  const bytes = Buffer.from(trimmed, 'base64url');
  return { signing: bytes.subarray(0, 16), encryption: bytes.subarray(16, 32) };
}

function signs(key: KeyPair, decoded: Decoded): boolean {
  const expected = createHmac('sha256', key.signing).update(decoded.signed).digest();
  return timingSafeEqual(expected, decoded.mac);
}

// IVs come from one CSPRNG buffer refilled every 256 tokens: a call into the
// generator per token costs more than the AES itself. Each IV is copied out and
// used once, so this changes nothing about their randomness.
const ivPool = Buffer.alloc(16 * 256);
let ivPoolOffset = ivPool.length;

function freshIv(): Buffer {
  if (ivPoolOffset >= ivPool.length) {
    randomFillSync(ivPool);
    ivPoolOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivPoolOffset, ivPoolOffset + 16));
  ivPoolOffset += 16;
  return iv;
}

function encryptWith(
  key: KeyPair,
  plaintext: string | Uint8Array,
  options: EncryptOptions,
): string {
  const iv = options.iv ? Buffer.from(options.iv) : freshIv();
  if (iv.length !== 16) throw new RangeError('a Fernet IV is 16 bytes');
  const header = Buffer.alloc(9);
  header[0] = version;
  header.writeBigUInt64BE(BigInt(options.now ?? currentSeconds()), 1);
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const body = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const signed = Buffer.concat([header, iv, cipher.update(body), cipher.final()]);
  const mac = createHmac('sha256', key.signing).update(signed).digest();
  // Python's urlsafe_b64encode keeps the '=' padding, and its decoder requires it.
  return Buffer.concat([signed, mac]).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Finds the key that signed the token, then decrypts with it. */
function decryptWith(keys: readonly KeyPair[], decoded: Decoded): Buffer {
  // The MAC is checked before decrypting, so padding errors cannot serve as an oracle.
  const key = keys.find((candidate) => signs(candidate, decoded));
  if (!key) throw new FernetTokenError('signature');
  const decipher = createDecipheriv('aes-128-cbc', key.encryption, decoded.iv);
  try {
    return Buffer.concat([decipher.update(decoded.ciphertext), decipher.final()]);
  } catch {
    throw new FernetTokenError('padding');
  }
}

/** One Fernet key: its first 16 bytes sign, the last 16 encrypt. */
export class Fernet {
  readonly #key: KeyPair;

  constructor(key: string) {
    this.#key = parseKey(key);
  }

  encrypt(plaintext: string | Uint8Array, options: EncryptOptions = {}): string {
    return encryptWith(this.#key, plaintext, options);
  }

  decrypt(token: string, options: DecryptOptions = {}): Buffer {
    return decryptWith([this.#key], decodeToken(token, options));
  }

  /** When the token was made, in seconds since the epoch; only for tokens this key signed. */
  extractTimestamp(token: string): number {
    const decoded = decodeToken(token, {});
    if (!signs(this.#key, decoded)) throw new FernetTokenError('signature');
    return decoded.timestamp;
  }
}

/**
 * Several keys, as Python's `MultiFernet`: the first encrypts, each is tried
 * for decrypting, and `rotate` re-encrypts a token under the first key while
 * keeping its original timestamp.
 */
export class MultiFernet {
  readonly #keys: readonly KeyPair[];

  constructor(keys: readonly string[]) {
    if (keys.length === 0) throw new FernetKeyError('at least one Fernet key is needed');
    this.#keys = keys.map(parseKey);
  }

  /** Reads FERNET_SECRET's form: one key, or several separated by commas. */
  static fromSecret(secret: string): MultiFernet {
    return new MultiFernet(
      secret
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0),
    );
  }

  get keyCount(): number {
    return this.#keys.length;
  }

  encrypt(plaintext: string | Uint8Array, options: EncryptOptions = {}): string {
    return encryptWith(this.#keys[0] as KeyPair, plaintext, options);
  }

  decrypt(token: string, options: DecryptOptions = {}): Buffer {
    return decryptWith(this.#keys, decodeToken(token, options));
  }

  /** Index of the key that signed the token: 0 is the key that encrypts. */
  signingKeyIndex(token: string): number {
    const decoded = decodeToken(token, {});
    const index = this.#keys.findIndex((candidate) => signs(candidate, decoded));
    if (index === -1) throw new FernetTokenError('signature');
    return index;
  }

  /** The same plaintext and timestamp, encrypted under the first key. */
  rotate(token: string): string {
    const decoded = decodeToken(token, {});
    return this.encrypt(decryptWith(this.#keys, decoded), { now: decoded.timestamp });
  }
}
