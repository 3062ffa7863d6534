// Secrets (API keys and the like) at rest: each is one Fernet token under
// FERNET_SECRET, so the database never holds a plaintext. Nothing here returns
// a secret's value except `read`, which the server uses itself (chat's API key)
// and which no transport exposes.
import type { Database } from '../db/database.ts';
import { Conflict, InvalidInput } from '../errors.ts';
import { FernetTokenError, type MultiFernet } from '../fernet.ts';
import { auditRecord, type Actor } from '../settings/audit-trail.ts';

/** Secrets the server itself reads, and the environment variable that overrides each. */
export const knownSecrets: Readonly<Record<string, { envVar: string; description: string }>> = {
  'gemini.apiKey': {
    envVar: 'GEMINI_API_KEY',
    description: 'The Google Gemini API key chat requests use.',
  },
};

export type SecretSource = 'ENVIRONMENT' | 'DATABASE' | 'UNSET';

/** What may be shown about a secret: never its value. */
export interface SecretInfo {
  name: string;
  isSet: boolean;
  source: SecretSource;
  description: string | undefined;
  envVar: string | undefined;
  updatedAt: Date | undefined;
  updatedBy: string | undefined;
  /** The last four characters, only for secrets of at least `hintMinLength` characters. */
  lastFour: string | undefined;
  /** False when a stored token cannot be decrypted with the configured keys. */
  readable: boolean;
}

export interface RotationResult {
  /** Secrets re-encrypted under the first key. */
  rotated: number;
  /** Secrets already under the first key. */
  unchanged: number;
}

export interface SecretStore {
  set(name: string, value: string, actor: Actor): Promise<SecretInfo>;
  /** Returns whether a stored secret existed. */
  delete(name: string, actor: Actor): Promise<boolean>;
  list(): Promise<SecretInfo[]>;
  info(name: string): Promise<SecretInfo>;
  /** The plaintext, or undefined when not set. Never expose this to a client. */
  read(name: string): Promise<string | undefined>;
  /** Re-encrypts every stored secret under the first key, all or none. */
  rotate(actor: Actor): Promise<RotationResult>;
}

export const secretLimits = { maxNameLength: 100, maxValueBytes: 64 * 1024 };
/** Shorter secrets show no characters at all: four of eight would give half away. */
export const hintMinLength = 12;
const namePattern = /^[A-Za-z][A-Za-z0-9_.-]*$/;

function checkName(name: string): void {
  if (name.length === 0 || name.length > secretLimits.maxNameLength || !namePattern.test(name)) {
    throw new InvalidInput(
      `a secret name must start with a letter and hold only letters, digits, ".", "_" and "-" (at most ${secretLimits.maxNameLength} characters)`,
      { field: 'name' },
    );
  }
}

function checkValue(value: string): void {
  // The messages describe the value's shape only: an error must never carry it.
  if (value.length === 0)
    throw new InvalidInput('a secret value must not be empty', { field: 'value' });
  if (Buffer.byteLength(value, 'utf8') > secretLimits.maxValueBytes) {
    throw new InvalidInput(`a secret value must be at most ${secretLimits.maxValueBytes} bytes`, {
      field: 'value',
    });
  }
}

function lastFourOf(value: string): string | undefined {
  const characters = [...value];
  return characters.length >= hintMinLength ? characters.slice(-4).join('') : undefined;
}

function undecryptable(names: string[]): Conflict {
  return new Conflict(
    `${names.length === 1 ? 'the secret' : 'the secrets'} ${names.join(', ')} cannot be decrypted with the keys in FERNET_SECRET: add the key they were stored under (after the current one), or set them again`,
    { secrets: names },
  );
}

export function createSecretStore(options: {
  db: Database;
  fernet: MultiFernet;
  env: Record<string, string | undefined>;
}): SecretStore {
  const { db, fernet, env } = options;
  const fromEnvironment = (name: string): string | undefined => {
    const envVar = knownSecrets[name]?.envVar;
    const value = envVar ? env[envVar] : undefined;
    return value === '' ? undefined : value;
  };

  const decrypt = (token: string): string | undefined => {
    try {
      return fernet.decrypt(token).toString('utf8');
    } catch (error) {
      if (error instanceof FernetTokenError) return undefined;
      throw error;
    }
  };

  const describe = (
    name: string,
    row: { token: string; updatedAt: Date; updatedBy: string } | null,
  ): SecretInfo => {
    const known = knownSecrets[name];
    const environmentValue = fromEnvironment(name);
    const storedValue = row ? decrypt(row.token) : undefined;
    const value = environmentValue ?? storedValue;
    return {
      name,
      isSet: value !== undefined || row !== null,
      source: environmentValue !== undefined ? 'ENVIRONMENT' : row ? 'DATABASE' : 'UNSET',
      description: known?.description,
      envVar: known?.envVar,
      updatedAt: row?.updatedAt,
      updatedBy: row?.updatedBy,
      lastFour: value === undefined ? undefined : lastFourOf(value),
      readable: environmentValue !== undefined || row === null || storedValue !== undefined,
    };
  };

  const info = async (name: string) =>
    describe(name, await db.secret.findUnique({ where: { name } }));

  return {
    async set(name, value, actor) {
      checkName(name);
      checkValue(value);
      const token = fernet.encrypt(value);
      await db.$transaction([
        db.secret.upsert({
          where: { name },
          create: { name, token, updatedBy: actor.principal },
          update: { token, updatedBy: actor.principal },
        }),
        db.settingsAuditEntry.create({ data: auditRecord(actor, 'SECRET', name, 'SET') }),
      ]);
      return info(name);
    },

    async delete(name, actor) {
      checkName(name);
      const [deleted] = await db.$transaction([
        db.secret.deleteMany({ where: { name } }),
        db.settingsAuditEntry.create({ data: auditRecord(actor, 'SECRET', name, 'DELETE') }),
      ]);
      return deleted.count > 0;
    },

    async list() {
      const rows = await db.secret.findMany({ orderBy: { name: 'asc' } });
      const byName = new Map(rows.map((row) => [row.name, row]));
      const names = [...new Set([...Object.keys(knownSecrets), ...byName.keys()])].sort();
      return names.map((name) => describe(name, byName.get(name) ?? null));
    },

    info,

    async read(name) {
      const environmentValue = fromEnvironment(name);
      if (environmentValue !== undefined) return environmentValue;
      const row = await db.secret.findUnique({ where: { name } });
      if (!row) return undefined;
      const value = decrypt(row.token);
      if (value === undefined) throw undecryptable([name]);
      return value;
    },

    async rotate(actor) {
      const rows = await db.secret.findMany({ orderBy: { name: 'asc' } });
      const rotations: Array<{ name: string; token: string }> = [];
      const unreadable: string[] = [];
      for (const row of rows) {
        try {
          if (fernet.signingKeyIndex(row.token) === 0) continue;
          rotations.push({ name: row.name, token: fernet.rotate(row.token) });
        } catch (error) {
          if (!(error instanceof FernetTokenError)) throw error;
          unreadable.push(row.name);
        }
      }
      // One unreadable secret stops the rotation: rotating the rest would
      // invite dropping the old key and losing that one for good.
      if (unreadable.length > 0) throw undecryptable(unreadable);
      await db.$transaction([
        ...rotations.map(({ name, token }) =>
          // Only if unchanged since read: a concurrent set must not be overwritten.
          db.secret.updateMany({
            where: { name, token: rows.find((row) => row.name === name)?.token ?? '' },
            data: { token },
          }),
        ),
        db.settingsAuditEntry.createMany({
          data: rotations.map(({ name }) => auditRecord(actor, 'SECRET', name, 'ROTATE')),
        }),
      ]);
      return { rotated: rotations.length, unchanged: rows.length - rotations.length };
    },
  };
}

/** The plaintext of a secret for the server's own use (chat's Gemini key); undefined when unset. */
export function readSecret(
  services: { secrets: SecretStore },
  name: string,
): Promise<string | undefined> {
  return services.secrets.read(name);
}
