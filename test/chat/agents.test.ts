// Agent status over GraphQL: agents report it, the frontend follows it live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { next, startChatTestbed, subscribe, type ChatTestbed } from './chat-fixtures.ts';

let bed: ChatTestbed;
beforeAll(async () => {
  bed = await startChatTestbed();
});
afterAll(() => bed.stop());

interface AgentResult {
  id: string;
  name: string;
  state: string;
  detail: string;
  lastSeenAt: string;
}

interface StatusEventResult {
  sequence: string;
  kind: string;
  agent: AgentResult | null;
}

const setStatus = (input: Record<string, unknown>) =>
  gql<{ setAgentStatus: AgentResult }>(
    bed.t.graphqlUrl,
    'mutation($input: SetAgentStatusInput!) { setAgentStatus(input: $input) { id name state detail lastSeenAt } }',
    { input },
    bed.t.authHeaders,
  );

const statusSubscription = `subscription($since: String, $agentId: String) {
  agentStatus(since: $since, agentId: $agentId) { sequence kind agent { id name state detail } }
}`;

describe('agent status', () => {
  it('records an agent on its first report and keeps its name on later ones', async () => {
    const first = await setStatus({ agentId: 'indexer', name: 'Indexer', state: 'working' });
    expect(first.data?.setAgentStatus).toMatchObject({
      id: 'indexer',
      name: 'Indexer',
      state: 'working',
      detail: '',
    });
    const second = await setStatus({ agentId: 'indexer', state: 'idle', detail: 'caught up' });
    expect(second.data?.setAgentStatus).toMatchObject({
      name: 'Indexer',
      state: 'idle',
      detail: 'caught up',
    });
    const list = await bed.call<{ agents: AgentResult[] }>('{ agents { id name state } }');
    expect(list.agents).toContainEqual({ id: 'indexer', name: 'Indexer', state: 'idle' });
  });

  it('streams a snapshot of every agent, then each change', async () => {
    await setStatus({ agentId: 'snap-a', state: 'idle' });
    const events = subscribe<{ agentStatus: StatusEventResult }>(bed, statusSubscription, {
      agentId: 'snap-a',
    });
    const snapshot = (await next(events)).data?.agentStatus;
    expect(snapshot).toMatchObject({ kind: 'SNAPSHOT', agent: { id: 'snap-a', state: 'idle' } });
    await setStatus({ agentId: 'snap-b', state: 'ignored by the filter' });
    await setStatus({ agentId: 'snap-a', state: 'working', detail: 'step 2' });
    const change = (await next(events)).data?.agentStatus;
    expect(change).toMatchObject({
      kind: 'STATUS',
      agent: { id: 'snap-a', state: 'working', detail: 'step 2' },
    });
    await events.return?.();

    // Resuming after the snapshot replays the change instead of a new snapshot.
    const resumed = subscribe<{ agentStatus: StatusEventResult }>(bed, statusSubscription, {
      agentId: 'snap-a',
      since: snapshot?.sequence,
    });
    expect((await next(resumed)).data?.agentStatus).toMatchObject({
      kind: 'STATUS',
      sequence: change?.sequence,
    });
    await resumed.return?.();
  });

  it('answers an unusable sequence with RESYNC rather than a silent gap', async () => {
    const events = subscribe<{ agentStatus: StatusEventResult }>(bed, statusSubscription, {
      since: '12',
    });
    expect((await next(events)).data?.agentStatus).toMatchObject({ kind: 'RESYNC', agent: null });
    await events.return?.();
  });

  it.each([
    [{ agentId: '', state: 'idle' }, 'agentId'],
    [{ agentId: 'bad id with spaces', state: 'idle' }, 'agentId'],
    [{ agentId: 'ok', state: '   ' }, 'state'],
    [{ agentId: 'ok', state: 'idle', detail: 'x'.repeat(4001) }, 'detail'],
  ])('rejects %j with BAD_USER_INPUT naming the field', async (input, field) => {
    const result = await setStatus(input);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
