// Agents and their status, live. Each field is one call into src/resolvers/agents.ts.
import * as agents from '../resolvers/agents.ts';
import { builder } from './builder.ts';

const Agent = builder.objectRef<agents.AgentView>('Agent').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    state: t.exposeString('state', {
      description: 'As the agent reports it; online/offline are set by the server on connect.',
    }),
    detail: t.exposeString('detail'),
    lastSeenAt: t.expose('lastSeenAt', { type: 'DateTime' }),
  }),
});

const AgentStatusEventKind = builder.enumType('AgentStatusEventKind', {
  values: {
    SNAPSHOT: { description: "An agent's state when the subscription began (without `since`)." },
    STATUS: { description: 'A change.' },
    RESYNC: { description: 'Changes were lost: reload with the agents query.' },
  } as const,
});

const AgentStatusEvent = builder.objectRef<agents.AgentStatusEvent>('AgentStatusEvent').implement({
  fields: (t) => ({
    sequence: t.exposeString('sequence'),
    kind: t.field({ type: AgentStatusEventKind, resolve: (e) => e.kind }),
    agent: t.field({ type: Agent, nullable: true, resolve: (e) => e.agent }),
  }),
});

const SetAgentStatusInput = builder.inputType('SetAgentStatusInput', {
  fields: (t) => ({
    agentId: t.string({ required: true }),
    name: t.string(),
    state: t.string({ required: true }),
    detail: t.string(),
  }),
});

builder.queryFields((t) => ({
  agents: t.field({
    authScopes: { agent: true, chat: true, admin: true },
    type: [Agent],
    description: 'Every agent known, most recently seen first.',
    resolve: (_root, _args, ctx) => agents.listAgents(ctx),
  }),
}));

builder.mutationField('setAgentStatus', (t) =>
  t.field({
    authScopes: { agent: true, admin: true },
    type: Agent,
    args: { input: t.arg({ type: SetAgentStatusInput, required: true }) },
    resolve: (_root, args, ctx) => agents.setAgentStatus(ctx, args.input),
  }),
);

builder.subscriptionField('agentStatus', (t) =>
  t.field({
    authScopes: { agent: true, chat: true, admin: true },
    type: AgentStatusEvent,
    description:
      "Without `since`: each agent's current state (SNAPSHOT), then every change; with `since`: the changes after it.",
    args: { since: t.arg.string(), agentId: t.arg.string() },
    subscribe: (_root, args, ctx) =>
      agents.agentStatus(ctx, { since: args.since, agentId: args.agentId }),
    resolve: (event) => event,
  }),
);
