// Protected labels, the label history and label moves on promptChanged, with
// real API tokens over GraphQL (HTTP and SSE) and gRPC.
import type * as grpc from '@grpc/grpc-js';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';
import { firstError } from './prompt-api.ts';
import { promptRpc, until, watchPromptChanges } from './prompt-grpc.ts';

interface Move {
  label: string;
  fromVersion: number | null;
  toVersion: number | null;
  by: string;
  message: string;
}

const historyQuery = `query($name: String!, $label: String, $first: Int, $after: String) {
  promptLabelHistory(name: $name, label: $label, first: $first, after: $after) {
    moves { id label fromVersion toVersion by at message } endCursor hasMore
  }
}`;

const setLabel = `mutation($name: String!, $label: String!, $version: Int!, $message: String) {
  setPromptLabel(name: $name, label: $label, version: $version, message: $message) {
    labels { name version protected }
  }
}`;

describe('protected labels and label history', () => {
  let t: TestServer;
  let writer: string;
  let promptAdmin: string;
  let writerId: string;
  let promptAdminId: string;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  async function tokenWith(name: string, scopes: string[]) {
    const result = await gql<{ createApiToken: { secret: string; token: { id: string } } }>(
      t.graphqlUrl,
      'mutation($name: String!, $scopes: [Scope!]!) { createApiToken(input: { name: $name, scopes: $scopes }) { secret token { id } } }',
      { name, scopes },
      t.authHeaders,
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createApiToken;
  }
  const history = async (variables: Record<string, unknown>) => {
    const result = await gql<{
      promptLabelHistory: { moves: Move[]; endCursor: string | null; hasMore: boolean };
    }>(t.graphqlUrl, historyQuery, variables, t.authHeaders);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.promptLabelHistory;
  };

  beforeAll(async () => {
    t = await startTestServer();
    const w = await tokenWith('writer', ['PROMPTS_READ', 'PROMPTS_WRITE']);
    const a = await tokenWith('prompt-admin', ['PROMPTS_READ', 'PROMPTS_WRITE', 'PROMPTS_ADMIN']);
    writer = w.secret;
    promptAdmin = a.secret;
    writerId = `token:${w.token.id}`;
    promptAdminId = `token:${a.token.id}`;
    for (const body of ['v1', 'v2', 'v3']) {
      const mutation =
        body === 'v1'
          ? 'mutation($body: String!) { createPrompt(input: { name: "guarded", body: $body, labels: ["production"], message: "first" }) { name } }'
          : 'mutation($body: String!) { addPromptVersion(input: { name: "guarded", body: $body }) { number } }';
      const result = await gql(t.graphqlUrl, mutation, { body }, as(writer));
      expect(result.errors).toBeUndefined();
    }
  });
  afterAll(() => t.stop());

  it('lets only prompts:admin (or admin) protect a label, and never `latest`', async () => {
    const protect =
      'mutation($label: String!, $on: Boolean!) { protectPromptLabel(name: "guarded", label: $label, protected: $on) { protectedLabels labels { name protected } } }';
    const refused = await gql(t.graphqlUrl, protect, { label: 'production', on: true }, as(writer));
    expect(firstError(refused)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Mutation.protectPromptLabel needs the prompts:admin or admin scope',
    });
    await expect(
      promptRpc(t.grpcTarget, writer, 'ProtectPromptLabel', {
        name: 'guarded',
        label: 'production',
        protected: true,
      }),
    ).rejects.toMatchObject({ code: 7 });

    const latest = await gql(t.graphqlUrl, protect, { label: 'latest', on: true }, as(promptAdmin));
    expect(firstError(latest)).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: '"latest" always points at the newest version and cannot be set',
    });

    const done = await gql<{
      protectPromptLabel: { protectedLabels: string[]; labels: Array<{ protected: boolean }> };
    }>(t.graphqlUrl, protect, { label: 'production', on: true }, as(promptAdmin));
    expect(done.data?.protectPromptLabel).toEqual({
      protectedLabels: ['production'],
      labels: [{ name: 'production', protected: true }],
    });
  });

  it('refuses a prompts:write token moving or removing a protected label, on both transports', async () => {
    const moved = await gql(
      t.graphqlUrl,
      setLabel,
      { name: 'guarded', label: 'production', version: 2 },
      as(writer),
    );
    expect(firstError(moved)).toMatchObject({
      code: 'FORBIDDEN',
      message: 'label "production" is protected: moving it needs the prompts:admin scope',
      extensions: { requiredScopes: ['prompts:admin'] },
    });
    const removed = await gql(
      t.graphqlUrl,
      'mutation { removePromptLabel(name: "guarded", label: "production") { name } }',
      {},
      as(writer),
    );
    expect(firstError(removed).message).toBe(
      'label "production" is protected: removing it needs the prompts:admin scope',
    );
    const viaGrpc = await promptRpc(t.grpcTarget, writer, 'SetPromptLabel', {
      name: 'guarded',
      label: 'production',
      version: 2,
    }).catch((error: grpc.ServiceError) => error);
    expect(viaGrpc).toMatchObject({
      code: 7,
      details: 'label "production" is protected: moving it needs the prompts:admin scope',
    });
    // A version saved with the protected label is refused whole.
    const withLabel = await gql(
      t.graphqlUrl,
      'mutation { addPromptVersion(input: { name: "guarded", body: "v4", labels: ["production"] }) { number } }',
      {},
      as(writer),
    );
    expect(firstError(withLabel).code).toBe('FORBIDDEN');
    const { moves } = await history({ name: 'guarded' });
    expect(moves).toHaveLength(1);
    // Other labels stay open to prompts:write.
    const staging = await gql(
      t.graphqlUrl,
      setLabel,
      { name: 'guarded', label: 'staging', version: 3 },
      as(writer),
    );
    expect(staging.errors).toBeUndefined();
  });

  it('lets prompts:admin move it; the move shows in the history and on promptChanged (SSE and gRPC)', async () => {
    const sse = createClient({ url: t.graphqlUrl, headers: t.authHeaders, retryAttempts: 0 });
    const sseEvents: Array<Record<string, unknown>> = [];
    const subscribers = t.server.services.bus.stats().subscribers;
    const following = (async () => {
      for await (const result of sse.iterate({
        query:
          'subscription { promptChanged(name: "guarded") { kind label version fromVersion message by } }',
      })) {
        sseEvents.push((result.data as { promptChanged: Record<string, unknown> }).promptChanged);
        if (sseEvents.length === 2) break;
      }
    })();
    const grpcWatch = watchPromptChanges(t.grpcTarget, t.token, { name: 'guarded' });
    try {
      await until(() => t.server.services.bus.stats().subscribers >= subscribers + 2);

      const moved = await gql<{ setPromptLabel: { labels: unknown[] } }>(
        t.graphqlUrl,
        setLabel,
        { name: 'guarded', label: 'production', version: 3, message: 'ship v3' },
        as(promptAdmin),
      );
      expect(moved.errors).toBeUndefined();
      // Rolling back is one move to an older version, by the admin token over gRPC.
      const rolledBack = await promptRpc(t.grpcTarget, t.token, 'SetPromptLabel', {
        name: 'guarded',
        label: 'production',
        version: 1,
        message: 'roll back: v3 misbehaves',
      });
      expect(rolledBack).toEqual({
        name: 'guarded',
        label: 'production',
        version: 1,
        protected: true,
      });

      await following;
      expect(sseEvents).toEqual([
        {
          kind: 'LABEL_SET',
          label: 'production',
          version: 3,
          fromVersion: 1,
          message: 'ship v3',
          by: promptAdminId,
        },
        {
          kind: 'LABEL_SET',
          label: 'production',
          version: 1,
          fromVersion: 3,
          message: 'roll back: v3 misbehaves',
          by: 'admin-token',
        },
      ]);
      await until(() => grpcWatch.events.length >= 2);
      expect(grpcWatch.events.map((e) => [e.kind, e.label, e.fromVersion, e.version])).toEqual([
        ['LABEL_SET', 'production', 1, 3],
        ['LABEL_SET', 'production', 3, 1],
      ]);
    } finally {
      grpcWatch.stop();
      sse.dispose();
    }

    const page = await history({ name: 'guarded', label: 'production' });
    expect(page.moves).toMatchObject([
      {
        label: 'production',
        fromVersion: 3,
        toVersion: 1,
        by: 'admin-token',
        message: 'roll back: v3 misbehaves',
      },
      { fromVersion: 1, toVersion: 3, by: promptAdminId, message: 'ship v3' },
      { fromVersion: null, toVersion: 1, by: writerId, message: 'first' },
    ]);
    expect(page.hasMore).toBe(false);
  });

  it('pages the history with a cursor, on both transports', async () => {
    const first = await history({ name: 'guarded', first: 2 });
    expect(first.moves.map((m) => [m.label, m.toVersion])).toEqual([
      ['production', 1],
      ['production', 3],
    ]);
    expect(first.hasMore).toBe(true);
    const second = await history({ name: 'guarded', first: 2, after: first.endCursor });
    expect(second.moves.map((m) => [m.label, m.fromVersion, m.toVersion])).toEqual([
      ['staging', null, 3],
      ['production', null, 1],
    ]);
    expect(second.hasMore).toBe(false);

    const viaGrpc = await promptRpc(t.grpcTarget, t.token, 'ListPromptLabelHistory', {
      name: 'guarded',
      first: 2,
    });
    expect(viaGrpc?.moves.map((m) => [m.label, m.fromVersion, m.toVersion])).toEqual([
      ['production', 3, 1],
      ['production', 1, 3],
    ]);
    const rest = await promptRpc(t.grpcTarget, t.token, 'ListPromptLabelHistory', {
      name: 'guarded',
      first: 2,
      after: viaGrpc?.nextCursor ?? '',
    });
    expect(rest?.moves).toHaveLength(2);
    expect(rest?.nextCursor).toBe('');

    const bad = await gql(
      t.graphqlUrl,
      historyQuery,
      { name: 'guarded', after: 'x' },
      t.authHeaders,
    );
    expect(firstError(bad)).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'after' },
    });
  });

  it('lets an admin remove and unprotect it; removal and protection changes are recorded', async () => {
    const removed = await promptRpc(t.grpcTarget, t.token, 'RemovePromptLabel', {
      name: 'guarded',
      label: 'production',
      message: 'retire',
    });
    expect(removed).toEqual({ name: 'guarded', label: 'production', version: 0, protected: true });
    const { moves } = await history({ name: 'guarded', label: 'production', first: 1 });
    expect(moves[0]).toMatchObject({ fromVersion: 1, toVersion: null, message: 'retire' });
    // Protection outlives the removal: a writer still cannot create it again.
    const recreate = await gql(
      t.graphqlUrl,
      setLabel,
      { name: 'guarded', label: 'production', version: 2 },
      as(writer),
    );
    expect(firstError(recreate).code).toBe('FORBIDDEN');
    await promptRpc(t.grpcTarget, promptAdmin, 'ProtectPromptLabel', {
      name: 'guarded',
      label: 'production',
      protected: false,
    });
    const now = await gql(
      t.graphqlUrl,
      setLabel,
      { name: 'guarded', label: 'production', version: 2 },
      as(writer),
    );
    expect(now.errors).toBeUndefined();
  });
});
