// Who a write is made by: the token's principal plus what the request claimed
// in `x-genpod-actor`, checked against what that token may claim
// (docs/live-files.md, "Who changed what"). Resolved once per request, before
// its first change is announced, so every change it makes carries the same actor.
import { Forbidden } from '../core/errors.ts';
import { parseActorClaim, type ChangeActor } from '../core/watch/change-actor.ts';
import type { Context } from './context.ts';

const resolved = new WeakMap<Context, Promise<ChangeActor>>();
const settled = new WeakMap<Context, ChangeActor>();

/** The actor of this request's writes; BAD_USER_INPUT or FORBIDDEN for a bad claim. */
export function resolveActor(ctx: Context): Promise<ChangeActor> {
  let actor = resolved.get(ctx);
  if (!actor) {
    actor = checkedActor(ctx).then((value) => {
      settled.set(ctx, value);
      return value;
    });
    resolved.set(ctx, actor);
  }
  return actor;
}

/**
 * The actor once resolveActor settled; before that (a change published by an
 * operation that never resolved it), the token's own, without claims.
 */
export function actorOf(ctx: Context): ChangeActor {
  return settled.get(ctx) ?? defaultActor(ctx);
}

function defaultActor(ctx: Context): ChangeActor {
  // gRPC is the agents' door; GraphQL the frontend's.
  return { kind: ctx.transport === 'grpc' ? 'AGENT' : 'FRONTEND', principalId: ctx.principal.id };
}

async function checkedActor(ctx: Context): Promise<ChangeActor> {
  const actor = defaultActor(ctx);
  if (ctx.actorHeader === undefined || ctx.actorHeader.trim() === '') return actor;
  const claim = parseActorClaim(ctx.actorHeader);
  const { scopes } = ctx.principal;
  if (claim.agentId !== undefined) {
    // Tokens are not bound to one agent: any token an agent may hold may name one.
    if (!scopes.has('agent') && !scopes.has('admin')) {
      throw new Forbidden('only a token with the agent scope may claim an agentId', {
        field: 'agentId',
      });
    }
    actor.kind = 'AGENT';
    actor.agentId = claim.agentId;
  }
  if (claim.chatMessageId !== undefined || claim.chatSessionId !== undefined) {
    if (!scopes.has('chat') && !scopes.has('admin')) {
      throw new Forbidden('only a token with the chat scope may name a chat session or message', {
        field: claim.chatMessageId !== undefined ? 'chatMessageId' : 'chatSessionId',
      });
    }
    const { store } = ctx.services.chat;
    if (claim.chatMessageId !== undefined) {
      const message = await store.findMessage(claim.chatMessageId);
      if (!message) {
        throw new Forbidden('chatMessageId names no chat message', { field: 'chatMessageId' });
      }
      if (claim.chatSessionId !== undefined && claim.chatSessionId !== message.sessionId) {
        throw new Forbidden('chatMessageId is not a message of chatSessionId', {
          field: 'chatSessionId',
        });
      }
      actor.chatSessionId = message.sessionId;
      actor.chatMessageId = message.id;
      // A write for a Gemini reply (its tool call) is Gemini's, unless an agent says it made it.
      if (message.role === 'ASSISTANT' && actor.agentId === undefined) actor.kind = 'GEMINI';
    } else if (claim.chatSessionId !== undefined) {
      const session = await store.findSession(claim.chatSessionId);
      if (!session) {
        throw new Forbidden('chatSessionId names no chat session', { field: 'chatSessionId' });
      }
      actor.chatSessionId = session.id;
    }
  }
  return actor;
}
