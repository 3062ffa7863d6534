// Tokens cross between this implementation and Python's `cryptography.fernet`
// (Debian's python3-cryptography, which .ci/run installs) in both directions.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateFernetKey } from '../../src/core/fernet-key-file.ts';
import { Fernet, FernetTokenError, MultiFernet } from '../../src/core/fernet.ts';

const python = '/usr/bin/python3';

/** Runs a Python snippet with JSON in on stdin and JSON out on stdout. */
function runPython<T>(script: string, input: unknown): T {
  const output = execFileSync(python, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  return JSON.parse(output) as T;
}

const plaintexts = ['hello', '', 'ünïcødé ✓ 🔑', 'x'.repeat(15), 'y'.repeat(16), 'z'.repeat(1000)];

describe("interoperability with Python's cryptography.fernet", () => {
  it('has a Python with the cryptography package to compare against', () => {
    const version = execFileSync(
      python,
      ['-c', 'import cryptography; print(cryptography.__version__)'],
      {
        encoding: 'utf8',
      },
    );
    expect(version.trim()).toMatch(/^\d+\.\d+/);
  });

  it('decrypts tokens Python made', () => {
    const key = generateFernetKey();
    const tokens = runPython<string[]>(
      `import json, sys
from cryptography.fernet import Fernet
data = json.load(sys.stdin)
f = Fernet(data["key"].encode())
print(json.dumps([f.encrypt(p.encode("utf-8")).decode() for p in data["plaintexts"]]))`,
      { key, plaintexts },
    );
    const fernet = new Fernet(key);
    expect(
      tokens.map((token) => fernet.decrypt(token, { ttlSeconds: 600 }).toString('utf8')),
    ).toEqual(plaintexts);
  });

  it('makes tokens Python decrypts, within a TTL', () => {
    const key = generateFernetKey();
    const fernet = new Fernet(key);
    const tokens = plaintexts.map((plaintext) => fernet.encrypt(plaintext));
    const decrypted = runPython<string[]>(
      `import json, sys
from cryptography.fernet import Fernet
data = json.load(sys.stdin)
f = Fernet(data["key"].encode())
print(json.dumps([f.decrypt(t.encode(), ttl=600).decode("utf-8") for t in data["tokens"]]))`,
      { key, tokens },
    );
    expect(decrypted).toEqual(plaintexts);
  });

  it('agrees with Python on the timestamp and on expiry', () => {
    const key = generateFernetKey();
    const token = new Fernet(key).encrypt('dated', { now: 1_700_000_000 });
    const seen = runPython<{ timestamp: number; expired: boolean }>(
      `import json, sys
from cryptography.fernet import Fernet, InvalidToken
data = json.load(sys.stdin)
f = Fernet(data["key"].encode())
try:
    f.decrypt_at_time(data["token"].encode(), 10, 1_700_000_011)
    expired = False
except InvalidToken:
    expired = True
print(json.dumps({"timestamp": f.extract_timestamp(data["token"].encode()), "expired": expired}))`,
      { key, token },
    );
    expect(seen).toEqual({ timestamp: 1_700_000_000, expired: true });
  });

  it('rotates like MultiFernet: Python reads what we rotated, and we read what Python rotated', () => {
    const oldKey = generateFernetKey();
    const newKey = generateFernetKey();
    const ours = MultiFernet.fromSecret(`${newKey},${oldKey}`).rotate(
      new Fernet(oldKey).encrypt('rotated here'),
    );
    const result = runPython<{ ours: string; theirs: string }>(
      `import json, sys
from cryptography.fernet import Fernet, MultiFernet
data = json.load(sys.stdin)
new = Fernet(data["new"].encode())
old = Fernet(data["old"].encode())
theirs = MultiFernet([new, old]).rotate(old.encrypt(b"rotated there"))
print(json.dumps({"ours": new.decrypt(data["ours"].encode()).decode(), "theirs": theirs.decode()}))`,
      { new: newKey, old: oldKey, ours },
    );
    expect(result.ours).toBe('rotated here');
    expect(new Fernet(newKey).decrypt(result.theirs).toString()).toBe('rotated there');
  });

  it('refuses a Python token made under another key', () => {
    const [token] = runPython<string[]>(
      `import json, sys
from cryptography.fernet import Fernet
print(json.dumps([Fernet(Fernet.generate_key()).encrypt(b"not yours").decode()]))`,
      {},
    );
    expect(() => new Fernet(generateFernetKey()).decrypt(token ?? '')).toThrow(FernetTokenError);
  });
});
