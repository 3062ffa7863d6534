// What a new API token may be given: checked once here, so every door that
// creates tokens (GraphQL, the CLI) rejects the same inputs with the same words.
import { z } from 'zod';
import { InvalidInput } from '../errors.ts';
import { globSource } from '../patterns/linear-glob.ts';
import { scopes, type PathRule, type Scope } from '../scopes.ts';

export interface NewTokenInput {
  name: string;
  scopes: readonly Scope[];
  expiresAt?: Date | undefined;
  /** Unset: the whole project. */
  paths?: readonly PathRule[] | undefined;
}

export interface ValidTokenInput {
  name: string;
  /** Without duplicates, in the order of `scopes` in src/core/scopes.ts. */
  scopes: Scope[];
  expiresAt: Date | undefined;
  paths: PathRule[] | undefined;
}

/** Enough for any sensible rule set, small enough to match on every file operation. */
const maxPathRules = 100;
const maxGlobLength = 500;

const glob = z
  .string()
  .min(1, 'must not be empty')
  .max(maxGlobLength, `must be at most ${maxGlobLength} characters`)
  .refine((value) => !value.includes('\0'), 'must not contain a NUL byte')
  // Rules are relative to PROJECT_ROOT: an absolute or parent path would name
  // places outside it, which no rule may reach.
  .refine((value) => !/^([/\\]|[A-Za-z]:)/.test(value), 'must be relative to the project root')
  .refine((value) => !value.split(/[/\\]/).includes('..'), 'must not contain ".." segments')
  // Path rules are matched in linear time (src/core/patterns/linear-glob.ts),
  // which refuses what it cannot run (a negated `!(…)`).
  .superRefine((value, ctx) => {
    try {
      globSource(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const pathRule = z.object({
  glob,
  access: z.enum(['read', 'read-write'], { error: 'must be read or read-write' }),
});

function schemaAt(now: number) {
  return z.object({
    name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    scopes: z
      .array(z.enum(scopes, { error: `must be one of ${scopes.join(', ')}` }))
      .min(1, 'must hold at least one scope'),
    expiresAt: z
      .date({ error: 'must be a valid date' })
      .refine((date) => date.getTime() > now, 'must be in the future')
      .optional(),
    paths: z
      .array(pathRule)
      // An empty list would make a token that reaches no file: almost surely a
      // mistake, and "omit it for the whole project" is the clear alternative.
      .min(1, 'must hold at least one rule; leave it out for the whole project')
      .max(maxPathRules, `must hold at most ${maxPathRules} rules`)
      .optional(),
  });
}

/** Returns the normalised input or throws InvalidInput naming the first bad field. */
export function validateTokenInput(input: NewTokenInput, now: number): ValidTokenInput {
  const parsed = schemaAt(now).safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = (issue?.path ?? []).map(String).join('.') || 'input';
    throw new InvalidInput(`invalid ${field}: ${issue?.message ?? 'bad value'}`, { field });
  }
  const chosen = new Set(parsed.data.scopes);
  return {
    name: parsed.data.name,
    scopes: scopes.filter((scope) => chosen.has(scope)),
    expiresAt: parsed.data.expiresAt,
    paths: parsed.data.paths,
  };
}
