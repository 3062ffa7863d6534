// Parses `npm run token -- <command> …` into one typed command. Only syntax is
// checked here; what a token may hold is checked by the token store itself.
import { parseArgs } from 'node:util';
import { scopes, type PathRule, type Scope } from '../src/core/scopes.ts';

export type TokenCommand =
  | { kind: 'help' }
  | {
      kind: 'create';
      name: string;
      scopes: Scope[];
      expiresAt: Date | undefined;
      paths: PathRule[] | undefined;
    }
  | { kind: 'list'; json: boolean }
  | { kind: 'revoke'; id: string };

/** A mistake in the command line; the message says what to type instead. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const usage = `usage:
  npm run -s token -- create --name <name> --scopes <scope,…|all> [--expires <30d|12h|90m|2w|ISO date>] [--path '<glob>=read|read-write' …]
  npm run -s token -- list [--json]
  npm run -s token -- revoke <id>

create prints the new secret on stdout, and nothing else: TOKEN=$(npm run -s token -- create …)
scopes: ${scopes.join(', ')}`;

const durationUnits: Record<string, number> = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** `30d` from now, or an ISO 8601 date (`2027-01-31`, `2027-01-31T12:00:00Z`). */
export function parseExpiry(value: string, now: number): Date {
  const relative = /^(\d{1,6})([mhdw])$/.exec(value);
  if (relative) {
    return new Date(now + Number(relative[1]) * (durationUnits[relative[2] ?? 'd'] ?? 0));
  }
  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `--expires ${JSON.stringify(value)}: give a duration like 30d, 12h, 90m or 2w, or an ISO date`,
    );
  }
  return date;
}

/** `src/**=read-write`; without `=…` the rule is read-only. */
export function parsePathRule(value: string): PathRule {
  const match = /^(.*)=(read|read-write)$/.exec(value);
  if (match) return { glob: match[1] ?? '', access: match[2] as PathRule['access'] };
  if (/=[^/]*$/.test(value)) {
    throw new UsageError(
      `--path ${JSON.stringify(value)}: the access after = must be read or read-write`,
    );
  }
  return { glob: value, access: 'read' };
}

/** `files:read,files:write`, or `all` for every scope. */
export function parseScopes(value: string): Scope[] {
  if (value.trim() === 'all') return [...scopes];
  const known: ReadonlySet<string> = new Set(scopes);
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new UsageError(`unknown scope ${unknown.join(', ')}; known: ${scopes.join(', ')}`);
  }
  return names as Scope[];
}

export function parseTokenCommand(argv: string[], now: number): TokenCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string' },
        expires: { type: 'string' },
        path: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { kind: 'help' };
  const only = (allowed: string[]) => {
    const given = Object.entries(values)
      .filter(([key, value]) => key !== 'help' && value !== undefined && value !== false)
      .map(([key]) => key);
    const extra = given.filter((key) => !allowed.includes(key));
    if (extra.length > 0) throw new UsageError(`${command} takes no --${extra.join(', --')}`);
  };
  switch (command) {
    case 'create': {
      only(['name', 'scopes', 'expires', 'path']);
      if (rest.length > 0) throw new UsageError(`create takes no argument ${rest.join(' ')}`);
      if (values.name === undefined) throw new UsageError('create needs --name <name>');
      if (values.scopes === undefined) throw new UsageError('create needs --scopes <scope,…>');
      return {
        kind: 'create',
        name: values.name,
        scopes: parseScopes(values.scopes),
        expiresAt: values.expires === undefined ? undefined : parseExpiry(values.expires, now),
        paths: values.path?.map(parsePathRule),
      };
    }
    case 'list':
      only(['json']);
      if (rest.length > 0) throw new UsageError(`list takes no argument ${rest.join(' ')}`);
      return { kind: 'list', json: values.json };
    case 'revoke': {
      only([]);
      const [id, ...more] = rest;
      if (id === undefined || more.length > 0)
        throw new UsageError('revoke needs exactly one <id>');
      return { kind: 'revoke', id };
    }
    default:
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}: use create, list or revoke`,
      );
  }
}
