// Settings, secrets, the project's .env files and the audit trail of their
// changes: every operation, for GraphQL and gRPC alike. Secret values go in
// (setSecret) and never come out; `readSecret` in core is the server's own door.
import { requireScopes } from '../core/auth/scope-check.ts';
import type { Delivery } from '../core/event-bus.ts';
import { Forbidden, InvalidInput, NotFound } from '../core/errors.ts';
import type { RotationResult, SecretInfo } from '../core/secrets/secret-store.ts';
import {
  auditRecord,
  listAuditEntries,
  type Actor,
  type AuditEntry,
  type AuditKind,
} from '../core/settings/audit-trail.ts';
import { setDotenvValue, unsetDotenvValue } from '../core/settings/dotenv-text.ts';
import {
  describeEnvVariables,
  envFileNamePattern,
  type EnvFile,
  type EnvFileInfo,
} from '../core/settings/project-env.ts';
import type { SettingKey, SettingValue } from '../core/settings/registry.ts';
import {
  settingsChangedTopic,
  type ResolvedSetting,
  type SettingsChange,
  type SettingUpdate,
} from '../core/settings/settings-store.ts';
import type { Context } from './context.ts';
import * as files from './files.ts';

export type { ResolvedSetting, SecretInfo, RotationResult, EnvFile, EnvFileInfo, AuditEntry };

function actorOf(ctx: Context): Actor {
  return { principal: ctx.principal.id, transport: ctx.transport, requestId: ctx.requestId };
}

// ── in-process API for other domains ──

/** The value in effect, typed by key: `getSetting(ctx, 'gemini.model')` is a string. */
export function getSetting<K extends SettingKey>(ctx: Context, key: K): SettingValue<K> {
  return ctx.services.settings.get(key);
}

/** Runs `listener` after each change of the key's value; returns the unsubscribe. */
export function onSettingChange<K extends SettingKey>(
  ctx: Pick<Context, 'services'>,
  key: K,
  listener: (value: SettingValue<K>, previous: SettingValue<K>) => void,
): () => void {
  return ctx.services.settings.onChange(key, listener);
}

// ── settings ──

export function settings(ctx: Context, keys?: readonly string[] | null): ResolvedSetting[] {
  requireScopes(ctx.principal, 'settings:read');
  const all = ctx.services.settings.list();
  return keys ? all.filter((setting) => keys.includes(setting.key)) : all;
}

/** All or nothing; an invalid change names its field in `extensions.fields`. */
export async function updateSettings(
  ctx: Context,
  changes: readonly SettingUpdate[],
): Promise<ResolvedSetting[]> {
  requireScopes(ctx.principal, 'settings:write');
  const change = await ctx.services.settings.update(changes, actorOf(ctx));
  ctx.services.logger.info(
    { settings: change.settings.map((setting) => setting.key), principal: change.principal },
    'settings changed',
  );
  await ctx.services.bus.publish(settingsChangedTopic, change);
  return change.settings;
}

export interface SettingsChangedEvent {
  sequence: string;
  /** CHANGED, or RESYNC when events were missed: `settings` then holds every setting. */
  kind: 'CHANGED' | 'RESYNC';
  settings: ResolvedSetting[];
  principal: string | null;
  at: Date;
}

export interface SettingsChangedArgs {
  /** Only changes to these keys; all when absent. */
  keys?: readonly string[] | null | undefined;
  /** A sequence seen earlier: replay what followed it. */
  since?: string | null | undefined;
}

export function settingsChanged(
  ctx: Context,
  args: SettingsChangedArgs,
): AsyncIterable<SettingsChangedEvent> {
  requireScopes(ctx.principal, 'settings:read');
  const keys = args.keys && args.keys.length > 0 ? new Set(args.keys) : undefined;
  const matches = (setting: ResolvedSetting) => !keys || keys.has(setting.key);
  const subscription = ctx.services.bus.subscribe(settingsChangedTopic, {
    since: args.since ?? ctx.lastEventId ?? undefined,
    signal: ctx.services.shutdown,
    filter: (change) => change.settings.some(matches),
  });
  const toEvent = (delivery: Delivery<SettingsChange>): SettingsChangedEvent =>
    delivery.type === 'resync'
      ? {
          sequence: delivery.sequence,
          kind: 'RESYNC',
          settings: ctx.services.settings.list().filter(matches),
          principal: null,
          at: new Date(),
        }
      : {
          sequence: delivery.sequence,
          kind: 'CHANGED',
          settings: delivery.payload.settings.filter(matches),
          principal: delivery.payload.principal,
          at: delivery.payload.at,
        };
  return {
    [Symbol.asyncIterator]() {
      return {
        next: async () => {
          const result = await subscription.next();
          return result.done ? result : { done: false, value: toEvent(result.value) };
        },
        return: async () => {
          await subscription.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

// ── secrets ──

export async function secrets(ctx: Context): Promise<SecretInfo[]> {
  requireScopes(ctx.principal, 'settings:read');
  return ctx.services.secrets.list();
}

export async function setSecret(ctx: Context, name: string, value: string): Promise<SecretInfo> {
  requireScopes(ctx.principal, 'secrets:write');
  const info = await ctx.services.secrets.set(name, value, actorOf(ctx));
  ctx.services.logger.info({ secretName: name, principal: ctx.principal.id }, 'secret set');
  return info;
}

/** True when a stored secret was deleted, false when there was none. */
export async function deleteSecret(ctx: Context, name: string): Promise<boolean> {
  requireScopes(ctx.principal, 'secrets:write');
  const deleted = await ctx.services.secrets.delete(name, actorOf(ctx));
  if (deleted) {
    ctx.services.logger.info({ secretName: name, principal: ctx.principal.id }, 'secret deleted');
  }
  return deleted;
}

export async function rotateSecrets(ctx: Context): Promise<RotationResult> {
  requireScopes(ctx.principal, 'secrets:write');
  const result = await ctx.services.secrets.rotate(actorOf(ctx));
  ctx.services.logger.info({ ...result, principal: ctx.principal.id }, 'secrets rotated');
  return result;
}

// ── the project's .env files ──
// Read and written through the files domain, so its jail (symlinks resolved,
// nothing outside PROJECT_ROOT), access rules (`.env*` needs files:env) and
// atomic writes apply; an edit is written only over the version it read.

function checkEnvFileName(path: string): void {
  if (!envFileNamePattern.test(path.split('/').at(-1) ?? '')) {
    throw new InvalidInput('only .env files (.env or .env.<name>) are managed here', {
      field: 'file',
    });
  }
}

/** The file's text and version; undefined when it does not exist. */
async function readEnvText(
  ctx: Context,
  path: string,
): Promise<{ text: string; view: files.FileView } | undefined> {
  const view = await files.file(ctx, path);
  if (!view) return undefined;
  if (view.kind === 'DIRECTORY') throw new InvalidInput(`${path} is a folder`, { field: 'file' });
  const text = files.textContent(view);
  if (text === null) throw new InvalidInput(`${path} is not a text file`, { field: 'file' });
  return { text, view };
}

function toEnvFile(view: files.FileView, text: string): EnvFile {
  return {
    path: view.path,
    size: view.size,
    modifiedAt: view.modifiedAt,
    variables: describeEnvVariables(text),
  };
}

export async function projectEnvFiles(ctx: Context, directory = ''): Promise<EnvFileInfo[]> {
  requireScopes(ctx.principal, 'files:env', 'files:read');
  // .env files are usually git-ignored: list them anyway.
  const folder = await files.tree(ctx, { path: directory, depth: 1, includeIgnored: true });
  if (folder.kind !== 'directory') {
    throw new InvalidInput(`${directory} is not a folder`, { field: 'directory' });
  }
  const found: EnvFileInfo[] = [];
  for (const entry of folder.children ?? []) {
    if (entry.kind === 'directory' || !envFileNamePattern.test(entry.name)) continue;
    if (entry.kind === 'symlink') {
      // Listed only when it leads to a file the caller could read.
      const target = await files.file(ctx, entry.path).catch((error: unknown) => {
        if (error instanceof Forbidden) return null;
        throw error;
      });
      if (target?.kind === 'SYMLINK' && target.body) {
        found.push({ path: entry.path, size: target.size, modifiedAt: target.modifiedAt });
      }
      continue;
    }
    found.push({ path: entry.path, size: entry.size, modifiedAt: entry.modifiedAt });
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

export async function projectEnvFile(ctx: Context, file = '.env'): Promise<EnvFile> {
  requireScopes(ctx.principal, 'files:env', 'files:read');
  checkEnvFileName(file);
  const read = await readEnvText(ctx, file);
  if (!read) throw new NotFound(`${file} does not exist`, { field: 'file' });
  return toEnvFile(read.view, read.text);
}

export interface SetProjectEnvInput {
  file?: string | null | undefined;
  key: string;
  value: string;
}

/** Rewrites the file with `edit`, only over the version read (a concurrent change is a CONFLICT). */
async function editEnvFile(
  ctx: Context,
  file: string,
  edit: (text: string) => string,
  createIfMissing: boolean,
): Promise<EnvFile> {
  checkEnvFileName(file);
  const read = await readEnvText(ctx, file);
  if (!read && !createIfMissing) throw new NotFound(`${file} does not exist`, { field: 'file' });
  const text = edit(read?.text ?? '');
  const written = await files.writeFile(ctx, {
    path: file,
    content: text,
    ifVersion: read?.view.version,
    createParents: false,
  });
  return toEnvFile(written, text);
}

export async function setProjectEnvVar(ctx: Context, input: SetProjectEnvInput): Promise<EnvFile> {
  // Editing reads the file first.
  requireScopes(ctx.principal, 'files:env', 'files:read', 'files:write');
  const result = await editEnvFile(
    ctx,
    input.file ?? '.env',
    (text) => setDotenvValue(text, input.key, input.value),
    true,
  );
  await audit(ctx, 'ENV_VAR', `${result.path}#${input.key}`, 'SET');
  return result;
}

export async function unsetProjectEnvVar(
  ctx: Context,
  input: { file?: string | null | undefined; key: string },
): Promise<EnvFile> {
  // Editing reads the file first.
  requireScopes(ctx.principal, 'files:env', 'files:read', 'files:write');
  const file = input.file ?? '.env';
  const result = await editEnvFile(
    ctx,
    file,
    (text) => {
      const updated = unsetDotenvValue(text, input.key);
      if (updated === undefined) {
        throw new NotFound(`${file} does not set ${input.key}`, { field: 'key' });
      }
      return updated;
    },
    false,
  );
  await audit(ctx, 'ENV_VAR', `${result.path}#${input.key}`, 'UNSET');
  return result;
}

async function audit(ctx: Context, kind: AuditKind, target: string, action: 'SET' | 'UNSET') {
  await ctx.services.db.settingsAuditEntry.create({
    data: auditRecord(actorOf(ctx), kind, target, action),
  });
}

// ── audit trail ──

export interface SettingsAuditArgs {
  kind?: AuditKind | null | undefined;
  target?: string | null | undefined;
  /** Entries older than this id: the next page. */
  beforeId?: number | null | undefined;
  limit?: number | null | undefined;
}

export const auditPageLimit = { default: 50, max: 500 };

export async function settingsAudit(ctx: Context, args: SettingsAuditArgs): Promise<AuditEntry[]> {
  requireScopes(ctx.principal, 'settings:read');
  const limit = args.limit ?? auditPageLimit.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > auditPageLimit.max) {
    throw new InvalidInput(`limit must be a whole number between 1 and ${auditPageLimit.max}`, {
      field: 'limit',
    });
  }
  return listAuditEntries(ctx.services.db, {
    kind: args.kind ?? undefined,
    target: args.target ?? undefined,
    beforeId: args.beforeId ?? undefined,
    limit,
  });
}
