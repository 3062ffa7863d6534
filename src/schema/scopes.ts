// The GraphQL names of scopes and path rules. The one mapping between a scope
// (`files:read`) and its enum value (`FILES_READ`) lives here, derived from
// the list in src/core/scopes.ts, so a new scope appears in the schema as soon
// as it is given a description below.
import { scopes, type PathRule, type Scope } from '../core/scopes.ts';
import { builder } from './builder.ts';

const scopeDescriptions: Record<Scope, string> = {
  'files:read': 'Read project files and folders and follow their changes.',
  'files:write': 'Write, move and delete project files and folders.',
  'files:env': 'Read and write `.env*` files, hidden from everyone else.',
  'settings:read': 'Read settings, whether secrets are set, and the settings audit trail.',
  'settings:write': 'Change settings.',
  'secrets:write': 'Set, delete and rotate secrets.',
  chat: 'Take part in chat sessions.',
  'logs:read': 'Read and tail the server logs.',
  'prompts:read': 'Read and render prompt templates.',
  'prompts:write': 'Create and change prompt templates.',
  'prompts:admin':
    'Move, remove, protect and unprotect protected prompt labels (`admin` includes this).',
  agent: 'Act as an agent: report status and stream project data.',
  admin: 'Manage API tokens; also holds `prompts:admin`.',
};

/** `files:read` → `FILES_READ`. */
export function scopeEnumName(scope: Scope): string {
  return scope.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export const ScopeEnum = builder.enumType('Scope', {
  description: 'A permission an API token holds; the server names it `files:read` and so on.',
  values: Object.fromEntries(
    scopes.map((scope) => [
      scopeEnumName(scope),
      { value: scope, description: `\`${scope}\`: ${scopeDescriptions[scope]}` },
    ]),
  ) as Record<string, { value: Scope; description: string }>,
});

export const PathAccessEnum = builder.enumType('PathAccess', {
  values: {
    READ: { value: 'read', description: 'Read only.' },
    READ_WRITE: { value: 'read-write', description: 'Read and write.' },
  } as const,
});

export const PathRuleType = builder.objectRef<PathRule>('PathRule').implement({
  description: 'A glob under PROJECT_ROOT a token reaches, and how.',
  fields: (t) => ({
    glob: t.exposeString('glob'),
    access: t.field({ type: PathAccessEnum, resolve: (rule) => rule.access }),
  }),
});

export const PathRuleInput = builder.inputType('PathRuleInput', {
  fields: (t) => ({
    glob: t.string({
      required: true,
      description: 'Relative to PROJECT_ROOT, `/` separators, no `..`; e.g. `src/**`.',
    }),
    access: t.field({ type: PathAccessEnum, required: true }),
  }),
});
