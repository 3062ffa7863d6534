// Who made a file change (docs/live-files.md, "Who changed what"): the kind of
// actor, the token's principal, and what the request claimed in its
// `x-genpod-actor` header or metadata. Parsing lives here; what a token may
// claim is checked in src/resolvers/change-actor.ts.
import { z } from 'zod';
import { InvalidInput } from '../errors.ts';

/** FRONTEND: a user's client; AGENT: an agent; GEMINI: a Gemini reply's tool call; DISK: outside the API. */
export type ActorKind = 'FRONTEND' | 'AGENT' | 'GEMINI' | 'DISK';
export const actorKinds = ['FRONTEND', 'AGENT', 'GEMINI', 'DISK'] as const;

/** The actor as it travels on the bus (plain strings, so it crosses Redis as it is). */
export interface ChangeActor {
  kind: ActorKind;
  principalId?: string | undefined;
  agentId?: string | undefined;
  chatSessionId?: string | undefined;
  chatMessageId?: string | undefined;
}

export const actorHeader = 'x-genpod-actor';

/** Ids are opaque, but short and printable: they end up in every subscriber's events. */
const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'must be 1–128 letters, digits or . _ : @ -');

const claimSchema = z.strictObject({
  agentId: id.optional(),
  chatSessionId: id.optional(),
  chatMessageId: id.optional(),
});

/** What a request says about itself, not yet checked against its token. */
export type ActorClaim = z.infer<typeof claimSchema>;

const maxHeaderLength = 1024;

/**
 * Reads the header: a JSON object (`{"agentId":"a1"}`) or `key=value` pairs
 * separated by `,` or `;` (`agentId=a1; chatMessageId=…`). Anything else,
 * an unknown key or a malformed id is BAD_USER_INPUT.
 */
export function parseActorClaim(header: string): ActorClaim {
  const text = header.trim();
  const bad = (why: string) => new InvalidInput(`${actorHeader} ${why}`, { field: actorHeader });
  if (text.length > maxHeaderLength) throw bad(`is over ${maxHeaderLength} characters`);
  let raw: unknown;
  if (text.startsWith('{')) {
    try {
      raw = JSON.parse(text);
    } catch {
      throw bad('is not valid JSON');
    }
  } else {
    const pairs: Record<string, string> = {};
    for (const part of text.split(/[;,]/)) {
      if (part.trim() === '') continue;
      const at = part.indexOf('=');
      if (at <= 0) throw bad(`has "${part.trim()}" where key=value was expected`);
      const key = part.slice(0, at).trim();
      if (key in pairs) throw bad(`names ${key} twice`);
      pairs[key] = part.slice(at + 1).trim();
    }
    raw = pairs;
  }
  const parsed = claimSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
    throw bad(
      issue?.code === 'unrecognized_keys'
        ? `has unknown keys (${where}); allowed: agentId, chatSessionId, chatMessageId`
        : `${where ? `${where} ` : ''}${issue?.message ?? 'is malformed'}`,
    );
  }
  return parsed.data;
}
