// What the chat tests share: a GenPod server wired to a fake Gemini, and
// GraphQL calls and subscriptions made the way the frontend makes them.
import { createClient, type Client, type ExecutionResult } from 'graphql-sse';
import { startFakeGemini, type FakeGemini } from '../utils/fake-gemini.ts';
import { gql } from '../utils/graphql.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

export interface ChatTestbed {
  t: TestServer;
  fake: FakeGemini;
  sse: Client<false>;
  /** A GraphQL request that must succeed; its errors throw. */
  call<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startChatTestbed(env: Record<string, string> = {}): Promise<ChatTestbed> {
  const fake = await startFakeGemini();
  const t = await startTestServer({
    GEMINI_BASE_URL: fake.baseUrl,
    GEMINI_API_KEY: fake.apiKey,
    GEMINI_TIMEOUT_MS: '2000',
    ...env,
  });
  const sse = createClient({
    url: `${t.origin}/graphql/stream`,
    headers: t.authHeaders,
    retryAttempts: 0,
  });
  return {
    t,
    fake,
    sse,
    async call<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const result = await gql<T>(t.graphqlUrl, query, variables, t.authHeaders);
      if (result.errors?.length || !result.data) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
      }
      return result.data;
    },
    async stop() {
      sse.dispose();
      await t.stop();
      await fake.close();
    },
  };
}

export const messageFields = `id sessionId position role authorId content model status
  finishReason error { reason message retryAfterSeconds }
  usage { promptTokens completionTokens totalTokens }`;

export interface MessageResult {
  id: string;
  sessionId: string;
  position: number;
  role: string;
  authorId: string | null;
  content: string;
  model: string | null;
  status: string;
  finishReason: string | null;
  error: { reason: string; message: string; retryAfterSeconds: number | null } | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | null;
}

export interface ReplyEventResult {
  sequence: string;
  kind: string;
  token: string | null;
  text: string | null;
  error: { reason: string; message: string; retryAfterSeconds: number | null } | null;
  message: { status: string; content: string } | null;
}

export const replySubscription = `subscription($id: ID!, $since: String) {
  chatReply(messageId: $id, since: $since) {
    sequence kind token text error { reason message retryAfterSeconds } message { status content }
  }
}`;

export async function createSession(bed: ChatTestbed, title = 'test'): Promise<string> {
  const data = await bed.call<{ createChatSession: { id: string } }>(
    'mutation($title: String) { createChatSession(input: { title: $title }) { id } }',
    { title },
  );
  return data.createChatSession.id;
}

export async function sendMessage(
  bed: ChatTestbed,
  sessionId: string,
  content: string,
): Promise<{ message: MessageResult; reply: MessageResult }> {
  const data = await bed.call<{ sendMessage: { message: MessageResult; reply: MessageResult } }>(
    `mutation($sessionId: ID!, $content: String!) {
      sendMessage(input: { sessionId: $sessionId, content: $content }) {
        message { ${messageFields} } reply { ${messageFields} }
      }
    }`,
    { sessionId, content },
  );
  return data.sendMessage;
}

/** A subscription's results, read by the test as they come. */
export function subscribe<T>(
  bed: ChatTestbed,
  query: string,
  variables: Record<string, unknown>,
): AsyncIterableIterator<ExecutionResult<T, unknown>> {
  return bed.sse.iterate<T>({ query, variables });
}

/** Every event of a chatReply subscription until the server ends it. */
export async function readReply(
  bed: ChatTestbed,
  messageId: string,
  since?: string,
): Promise<ReplyEventResult[]> {
  const events: ReplyEventResult[] = [];
  for await (const result of subscribe<{ chatReply: ReplyEventResult }>(bed, replySubscription, {
    id: messageId,
    since,
  })) {
    if (result.errors) throw new Error(`subscription errors: ${JSON.stringify(result.errors)}`);
    if (result.data) events.push(result.data.chatReply);
  }
  return events;
}

export async function next<T>(iterator: AsyncIterator<T>): Promise<T> {
  const result = await iterator.next();
  if (result.done) throw new Error('the stream ended early');
  return result.value;
}

const probeContent = '(subscription check)';

/**
 * Follows chatSessionEvents from the moment the subscription is live:
 * graphql-sse subscribes on the first read, so probe messages are posted
 * until one comes back, and probes are left out of what is returned.
 * `selection` must include `message { content }`.
 */
export async function followSession<T extends { message: { content: string } | null }>(
  bed: ChatTestbed,
  sessionId: string,
  selection: string,
  tokens = false,
): Promise<{ next(): Promise<T>; close(): Promise<void> }> {
  const results = subscribe<{ chatSessionEvents: T }>(
    bed,
    `subscription($s: ID!, $t: Boolean!) {
      chatSessionEvents(sessionId: $s, tokens: $t) { ${selection} }
    }`,
    { s: sessionId, t: tokens },
  );
  const first = results.next();
  for (let live = false; !live;) {
    await bed.call(
      'mutation($s: ID!, $c: String!) { postMessage(input: { sessionId: $s, content: $c }) { id } }',
      { s: sessionId, c: probeContent },
    );
    live = await Promise.race([
      first.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 100)),
    ]);
  }
  return {
    async next() {
      for (;;) {
        const event = (await next(results)).data?.chatSessionEvents;
        if (event && event.message?.content !== probeContent) return event;
      }
    },
    async close() {
      await results.return?.();
    },
  };
}
