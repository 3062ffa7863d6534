// Agents: who has talked to the server and what each last said it was doing.
// Status updates go through the event bus on one topic, so the GraphQL
// subscription and AgentService.StreamData see the same numbered stream.
import { requireAnyScope } from '../core/auth/scope-check.ts';
import { transformAsyncIterator } from '../core/async-iterators.ts';
import { agentStatusTopic, type AgentView } from '../core/agents/agent-status.ts';
import { InvalidInput } from '../core/errors.ts';
import type { Agent as AgentRow } from '../generated/prisma/client.ts';
import type { Context } from './context.ts';

export type { AgentStatusUpdate, AgentView } from '../core/agents/agent-status.ts';

export interface AgentStatusEvent {
  sequence: string;
  /** SNAPSHOT: an agent's state when the subscription began; RESYNC: events were lost. */
  kind: 'SNAPSHOT' | 'STATUS' | 'RESYNC';
  agent: AgentView | null;
}

export interface SetAgentStatusInput {
  agentId: string;
  /** Defaults to the agent's current name, or its id for a new agent. */
  name?: string | null | undefined;
  state: string;
  detail?: string | null | undefined;
}

export const agentLimits = { idLength: 128, nameLength: 200, stateLength: 64, detailLength: 4000 };
const agentIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:@/-]*$/;

export function checkAgentId(agentId: string): string {
  if (agentId.length === 0 || agentId.length > agentLimits.idLength) {
    throw new InvalidInput(`agentId must be 1 to ${agentLimits.idLength} characters`, {
      field: 'agentId',
    });
  }
  if (!agentIdPattern.test(agentId)) {
    throw new InvalidInput(
      'agentId may hold letters, digits and . _ : @ / - and must start with a letter or digit',
      { field: 'agentId' },
    );
  }
  return agentId;
}

function checkText(field: string, value: string, max: number, required: boolean): string {
  const text = value.trim();
  if (required && text.length === 0) {
    throw new InvalidInput(`${field} must not be empty`, { field });
  }
  if (text.length > max) {
    throw new InvalidInput(`${field} must be at most ${max} characters`, { field });
  }
  return text;
}

export function toAgentView(row: AgentRow): AgentView {
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    detail: row.detail,
    lastSeenAt: row.lastSeenAt,
  };
}

/**
 * Records an agent's state and publishes it to every status subscriber.
 * The one way to change an agent's state, whichever transport asks.
 */
export async function setAgentStatus(ctx: Context, input: SetAgentStatusInput): Promise<AgentView> {
  requireAnyScope(ctx.principal, 'agent', 'admin');
  const id = checkAgentId(input.agentId);
  const state = checkText('state', input.state, agentLimits.stateLength, true);
  const detail = checkText('detail', input.detail ?? '', agentLimits.detailLength, false);
  const name =
    input.name == null ? undefined : checkText('name', input.name, agentLimits.nameLength, true);
  const now = new Date();
  const row = await ctx.services.db.agent.upsert({
    where: { id },
    create: { id, name: name ?? id, state, detail, lastSeenAt: now },
    update: { ...(name === undefined ? {} : { name }), state, detail, lastSeenAt: now },
  });
  const agent = toAgentView(row);
  await ctx.services.bus.publish(agentStatusTopic, { agent });
  return agent;
}

/** Alias kept for transports that think in terms of publishing (AgentService.StreamData). */
export const publishAgentStatus = setAgentStatus;

/** Every agent known, most recently seen first. */
export async function listAgents(ctx: Context): Promise<AgentView[]> {
  requireAnyScope(ctx.principal, 'agent', 'chat', 'admin');
  const rows = await ctx.services.db.agent.findMany({ orderBy: { lastSeenAt: 'desc' } });
  return rows.map(toAgentView);
}

export interface AgentStatusOptions {
  /** Replay the updates that followed this sequence instead of a snapshot. */
  since?: string | null | undefined;
  /** Only this agent's updates. */
  agentId?: string | null | undefined;
  /** Ends the stream besides server shutdown (gRPC cancel). */
  signal?: AbortSignal | undefined;
}

/**
 * Without `since`: each known agent's state first (SNAPSHOT), then every
 * change (STATUS). With `since`: what followed it, then live; a RESYNC when
 * the updates in between are gone.
 */
export function agentStatus(
  ctx: Context,
  options: AgentStatusOptions = {},
): AsyncIterable<AgentStatusEvent> {
  requireAnyScope(ctx.principal, 'agent', 'chat', 'admin');
  const agentId = options.agentId == null ? undefined : checkAgentId(options.agentId);
  const signals = [ctx.services.shutdown, ...(options.signal ? [options.signal] : [])];
  // Subscribing happens now, before the snapshot is read, so no change made
  // while it loads is missed (at worst one is seen twice, which is harmless).
  const startSequence = ctx.services.bus.currentSequence();
  const deliveries = ctx.services.bus.subscribe(agentStatusTopic, {
    since: options.since ?? undefined,
    filter: agentId ? (update) => update.agent.id === agentId : undefined,
    signal: AbortSignal.any(signals),
  });
  const snapshot =
    options.since == null
      ? ctx.services.db.agent
          .findMany({ where: agentId ? { id: agentId } : {}, orderBy: { id: 'asc' } })
          .then((rows) => rows.map(toAgentView))
      : Promise.resolve([]);
  // A rejected snapshot is awaited on the first read; this keeps it from being "unhandled" meanwhile.
  snapshot.catch(() => {});
  return transformAsyncIterator(
    deliveries,
    (delivery): AgentStatusEvent =>
      delivery.type === 'event'
        ? { sequence: delivery.sequence, kind: 'STATUS', agent: delivery.payload.agent }
        : { sequence: delivery.sequence, kind: 'RESYNC', agent: null },
    {
      initial: snapshot.then((agents) =>
        agents.map((agent): AgentStatusEvent => ({
          sequence: startSequence,
          kind: 'SNAPSHOT',
          agent,
        })),
      ),
    },
  );
}
