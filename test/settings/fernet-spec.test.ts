// The Fernet spec's own test vectors (test/settings/fixtures/fernet-spec).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fernet, FernetKeyError, FernetTokenError, MultiFernet } from '../../src/core/fernet.ts';

interface Vector {
  desc?: string;
  token: string;
  now: string;
  secret: string;
  src?: string;
  iv?: number[];
  ttl_sec?: number;
}

function vectors(name: string): Vector[] {
  const url = new URL(`./fixtures/fernet-spec/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Vector[];
}

const seconds = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe('Fernet against the spec vectors', () => {
  it.each(vectors('generate'))('generates the spec token for "$src"', (vector) => {
    const token = new Fernet(vector.secret).encrypt(vector.src ?? '', {
      now: seconds(vector.now),
      iv: Uint8Array.from(vector.iv ?? []),
    });
    expect(token).toBe(vector.token);
  });

  it.each(vectors('verify'))('verifies the spec token for "$src"', (vector) => {
    const plaintext = new Fernet(vector.secret).decrypt(vector.token, {
      ttlSeconds: vector.ttl_sec ?? 0,
      now: seconds(vector.now),
    });
    expect(plaintext.toString('utf8')).toBe(vector.src);
  });

  it.each(vectors('invalid'))('refuses the spec token with $desc', (vector) => {
    const fernet = new Fernet(vector.secret);
    const attempt = () =>
      fernet.decrypt(vector.token, { ttlSeconds: vector.ttl_sec ?? 0, now: seconds(vector.now) });
    expect(attempt).toThrow(FernetTokenError);
    // MultiFernet shares the parsing and must refuse the same tokens.
    expect(() =>
      MultiFernet.fromSecret(vector.secret).decrypt(vector.token, {
        ttlSeconds: vector.ttl_sec ?? 0,
        now: seconds(vector.now),
      }),
    ).toThrow(FernetTokenError);
  });

  it('names why a token was refused', () => {
    const byDesc = new Map(vectors('invalid').map((vector) => [vector.desc, vector]));
    const problem = (desc: string) => {
      const vector = byDesc.get(desc);
      if (!vector) throw new Error(`no vector ${desc}`);
      try {
        new Fernet(vector.secret).decrypt(vector.token, {
          ttlSeconds: vector.ttl_sec ?? 0,
          now: seconds(vector.now),
        });
      } catch (error) {
        return (error as FernetTokenError).problem;
      }
      return 'accepted';
    };
    expect(problem('incorrect mac')).toBe('signature');
    expect(problem('expired TTL')).toBe('expired');
    expect(problem('far-future TS (unacceptable clock skew)')).toBe('from-the-future');
    expect(problem('invalid base64')).toBe('malformed');
    expect(problem('too short')).toBe('malformed');
  });
});

describe('Fernet keys and tokens', () => {
  const key = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';

  it('round-trips text, empty text and binary data', () => {
    const fernet = new Fernet(key);
    expect(fernet.decrypt(fernet.encrypt('héllo ✓')).toString('utf8')).toBe('héllo ✓');
    expect(fernet.decrypt(fernet.encrypt('')).toString('utf8')).toBe('');
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    expect(new Uint8Array(fernet.decrypt(fernet.encrypt(bytes)))).toEqual(bytes);
  });

  it('uses a fresh IV each time, so equal plaintexts give different tokens', () => {
    const fernet = new Fernet(key);
    expect(fernet.encrypt('same')).not.toBe(fernet.encrypt('same'));
  });

  it('accepts a token within its TTL and refuses it once older', () => {
    const fernet = new Fernet(key);
    const token = fernet.encrypt('x', { now: 1_000_000 });
    expect(fernet.decrypt(token, { ttlSeconds: 10, now: 1_000_010 }).toString()).toBe('x');
    expect(() => fernet.decrypt(token, { ttlSeconds: 10, now: 1_000_011 })).toThrow(/older than/);
    expect(fernet.extractTimestamp(token)).toBe(1_000_000);
  });

  it('refuses a token with one flipped bit anywhere', () => {
    const fernet = new Fernet(key);
    const raw = Buffer.from(fernet.encrypt('tamper me'), 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const copy = Buffer.from(raw);
      copy[i] = (copy[i] as number) ^ 0x01;
      const token = copy.toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
      expect(() => fernet.decrypt(token), `byte ${i}`).toThrow(FernetTokenError);
    }
  });

  it('refuses keys that are not 32 bytes of url-safe base64, without echoing them', () => {
    for (const bad of ['', 'short', `${'a'.repeat(44)}`, `${'+'.repeat(43)}=`]) {
      expect(() => new Fernet(bad)).toThrow(FernetKeyError);
    }
    try {
      new Fernet('not-a-key-but-a-secret-value');
    } catch (error) {
      expect((error as Error).message).not.toContain('not-a-key-but-a-secret-value');
    }
  });
});

describe('MultiFernet', () => {
  const oldKey = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
  const newKey = Buffer.alloc(32, 7).toString('base64url') + '=';

  it('encrypts with the first key and decrypts with any', () => {
    const old = new Fernet(oldKey).encrypt('from before');
    const both = MultiFernet.fromSecret(`${newKey}, ${oldKey}`);
    expect(both.decrypt(old).toString()).toBe('from before');
    const fresh = both.encrypt('after');
    expect(new Fernet(newKey).decrypt(fresh).toString()).toBe('after');
    expect(() => new Fernet(oldKey).decrypt(fresh)).toThrow(FernetTokenError);
    expect(both.signingKeyIndex(old)).toBe(1);
    expect(both.signingKeyIndex(fresh)).toBe(0);
  });

  it('rotates a token to the first key and keeps its timestamp', () => {
    const old = new Fernet(oldKey).encrypt('rotate me', { now: 1_234_567 });
    const rotated = MultiFernet.fromSecret(`${newKey},${oldKey}`).rotate(old);
    const fresh = new Fernet(newKey);
    expect(fresh.decrypt(rotated).toString()).toBe('rotate me');
    expect(fresh.extractTimestamp(rotated)).toBe(1_234_567);
  });

  it('refuses a token none of its keys signed', () => {
    const stranger = new Fernet(Buffer.alloc(32, 9).toString('base64url') + '=').encrypt('x');
    expect(() => MultiFernet.fromSecret(`${newKey},${oldKey}`).decrypt(stranger)).toThrow(
      /not made with any configured key/,
    );
  });
});
