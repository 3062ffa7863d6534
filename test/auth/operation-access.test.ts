// Every operation, on both transports, from one table: no token and a wrong
// token get UNAUTHENTICATED, a token without the operation's scope gets
// FORBIDDEN, a token with only that scope gets past both. The table must name
// every root field of the schema and every RPC of the proto, so an operation
// added without a rule here fails this test before it can ship unprotected.
import * as grpc from '@grpc/grpc-js';
import { isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopes, type Scope } from '../../src/core/scopes.ts';
import { agentProto } from '../../src/grpc/proto.ts';
import { schema } from '../../src/schema/index.ts';
import { gql } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';
import { readEventStream, postEventStream } from '../utils/sse.ts';
import { startTestServer, type TestServer } from '../utils/tserver.ts';

/** Who may call: any token, or one holding any / all of some scopes. */
type Rule = { authenticated: true } | { any: Scope[] } | { all: Scope[] };

const authenticated: Rule = { authenticated: true };
const any = (...needed: Scope[]): Rule => ({ any: needed });
const all = (...needed: Scope[]): Rule => ({ all: needed });
const chat = any('chat', 'admin');

interface GraphQLOperation {
  document: string;
  rule: Rule;
}

// `since: "1"` asks for a sequence no run has: the stream answers at once
// with a RESYNC, so an allowed subscription shows it is open without waiting.
const graphqlOperations: Record<
  'Query' | 'Mutation' | 'Subscription',
  Record<string, GraphQLOperation>
> = {
  Query: {
    agents: { document: '{ agents { __typename } }', rule: any('agent', 'chat', 'admin') },
    apiTokens: { document: '{ apiTokens { __typename } }', rule: any('admin') },
    viewer: { document: '{ viewer { __typename } }', rule: authenticated },
    chatMessage: { document: '{ chatMessage(id: "x") { __typename } }', rule: chat },
    chatMessages: { document: '{ chatMessages(sessionId: "x") { __typename } }', rule: chat },
    chatSession: { document: '{ chatSession(id: "x") { __typename } }', rule: chat },
    chatSessions: { document: '{ chatSessions { __typename } }', rule: chat },
    file: { document: '{ file(path: "a.txt") { path } }', rule: any('files:read') },
    tree: { document: '{ tree { __typename } }', rule: any('files:read') },
    searchFiles: {
      document: '{ searchFiles(input: { content: "x" }) { __typename } }',
      rule: any('files:read'),
    },
    watcherStatus: { document: '{ watcherStatus { __typename } }', rule: any('files:read') },
    // The test project is no repository: a caller let through gets NOT_FOUND.
    gitStatus: { document: '{ gitStatus { __typename } }', rule: any('files:read') },
    gitDiff: { document: '{ gitDiff }', rule: any('files:read') },
    gitLog: { document: '{ gitLog { __typename } }', rule: any('files:read') },
    health: { document: '{ health { __typename } }', rule: authenticated },
    serverInfo: { document: '{ serverInfo { __typename } }', rule: authenticated },
    logFile: { document: '{ logFile(name: "none.log") { __typename } }', rule: any('logs:read') },
    logFiles: { document: '{ logFiles { __typename } }', rule: any('logs:read') },
    logStats: { document: '{ logStats { __typename } }', rule: any('logs:read') },
    logs: { document: '{ logs { __typename } }', rule: any('logs:read') },
    metricFamilies: { document: '{ metricFamilies { __typename } }', rule: any('logs:read') },
    metrics: { document: '{ metrics { __typename } }', rule: any('logs:read') },
    projectEnvFile: {
      document: '{ projectEnvFile { __typename } }',
      rule: all('files:env', 'files:read'),
    },
    projectEnvFiles: {
      document: '{ projectEnvFiles { __typename } }',
      rule: all('files:env', 'files:read'),
    },
    prompt: { document: '{ prompt(name: "x") { __typename } }', rule: any('prompts:read') },
    promptDiff: {
      document:
        '{ promptDiff(name: "x", from: { version: 1 }, to: { version: 2 }) { __typename } }',
      rule: any('prompts:read'),
    },
    prompts: { document: '{ prompts { __typename } }', rule: any('prompts:read') },
    promptDependents: {
      document: '{ promptDependents(name: "x") { __typename } }',
      rule: any('prompts:read'),
    },
    promptLabelHistory: {
      document: '{ promptLabelHistory(name: "x") { __typename } }',
      rule: any('prompts:read'),
    },
    renderPrompt: {
      document: '{ renderPrompt(name: "x") { __typename } }',
      rule: any('prompts:read'),
    },
    secrets: { document: '{ secrets { __typename } }', rule: any('settings:read') },
    settings: { document: '{ settings { __typename } }', rule: any('settings:read') },
    settingsAudit: { document: '{ settingsAudit { __typename } }', rule: any('settings:read') },
  },
  Mutation: {
    writeFile: {
      document: 'mutation { writeFile(input: { path: "w.txt", content: "c" }) { path } }',
      rule: any('files:write'),
    },
    writeFiles: {
      document:
        'mutation { writeFiles(input: { entries: [{ op: WRITE, path: "wb.txt", content: "c" }] }) { requestId } }',
      rule: any('files:write'),
    },
    deletePath: { document: 'mutation { deletePath(path: "nothing") }', rule: any('files:write') },
    movePath: {
      document: 'mutation { movePath(from: "nothing", to: "b") { path } }',
      rule: any('files:write'),
    },
    createDirectory: {
      document: 'mutation { createDirectory(path: "d") { path } }',
      rule: any('files:write'),
    },
    createPrompt: {
      document: 'mutation { createPrompt(input: { name: "p", body: "b" }) { __typename } }',
      rule: any('prompts:write'),
    },
    addPromptVersion: {
      document: 'mutation { addPromptVersion(input: { name: "x", body: "b" }) { __typename } }',
      rule: any('prompts:write'),
    },
    updatePrompt: {
      document: 'mutation { updatePrompt(input: { name: "x" }) { __typename } }',
      rule: any('prompts:write'),
    },
    setPromptLabel: {
      document: 'mutation { setPromptLabel(name: "x", label: "l", version: 1) { __typename } }',
      rule: any('prompts:write'),
    },
    removePromptLabel: {
      document: 'mutation { removePromptLabel(name: "x", label: "l") { __typename } }',
      rule: any('prompts:write'),
    },
    deletePrompt: { document: 'mutation { deletePrompt(name: "x") }', rule: any('prompts:write') },
    protectPromptLabel: {
      document:
        'mutation { protectPromptLabel(name: "x", label: "l", protected: true) { __typename } }',
      rule: any('prompts:admin', 'admin'),
    },
    importPrompts: {
      document: 'mutation { importPrompts { __typename } }',
      rule: all('prompts:write', 'files:read'),
    },
    exportPrompts: {
      document: 'mutation { exportPrompts { __typename } }',
      rule: all('prompts:read', 'files:write'),
    },
    createChatSession: { document: 'mutation { createChatSession { __typename } }', rule: chat },
    postMessage: {
      document: 'mutation { postMessage(input: { sessionId: "x", content: "hi" }) { __typename } }',
      rule: chat,
    },
    sendMessage: {
      document: 'mutation { sendMessage(input: { sessionId: "x", content: "hi" }) { __typename } }',
      rule: chat,
    },
    cancelGeneration: {
      document: 'mutation { cancelGeneration(messageId: "x") { __typename } }',
      rule: chat,
    },
    setAgentStatus: {
      document:
        'mutation { setAgentStatus(input: { agentId: "a", state: "idle" }) { __typename } }',
      rule: any('agent', 'admin'),
    },
    pushAgentLogs: {
      document: 'mutation { pushAgentLogs(agentId: "a", lines: [{ level: INFO, message: "m" }]) }',
      rule: any('agent'),
    },
    deleteLogFile: {
      document: 'mutation { deleteLogFile(name: "none.log") { __typename } }',
      rule: any('admin'),
    },
    rotateLogs: { document: 'mutation { rotateLogs { __typename } }', rule: any('admin') },
    updateSettings: {
      document: 'mutation { updateSettings(changes: []) { __typename } }',
      rule: any('settings:write'),
    },
    setSecret: {
      document: 'mutation { setSecret(name: "S", value: "v") { __typename } }',
      rule: any('secrets:write'),
    },
    deleteSecret: { document: 'mutation { deleteSecret(name: "S") }', rule: any('secrets:write') },
    rotateSecrets: {
      document: 'mutation { rotateSecrets { __typename } }',
      rule: any('secrets:write'),
    },
    setProjectEnvVar: {
      document: 'mutation { setProjectEnvVar(key: "K", value: "v") { __typename } }',
      rule: all('files:env', 'files:read', 'files:write'),
    },
    unsetProjectEnvVar: {
      document: 'mutation { unsetProjectEnvVar(key: "K") { __typename } }',
      rule: all('files:env', 'files:read', 'files:write'),
    },
    // A dry run reads only; writing also needs files:write (test/files/replace.test.ts).
    replaceInFiles: {
      document:
        'mutation { replaceInFiles(input: { pattern: "x", replacement: "y", dryRun: true }) { __typename } }',
      rule: any('files:read'),
    },
    createApiToken: {
      document: 'mutation { createApiToken(input: { name: "n", scopes: [ADMIN] }) { __typename } }',
      rule: any('admin'),
    },
    revokeApiToken: {
      document: 'mutation { revokeApiToken(id: "none") { __typename } }',
      rule: any('admin'),
    },
  },
  Subscription: {
    fileChanges: {
      document: 'subscription { fileChanges(since: "1") { kind } }',
      rule: any('files:read'),
    },
    fileContent: {
      document: 'subscription { fileContent(path: "a.txt") { path } }',
      rule: any('files:read'),
    },
    gitStatusChanged: {
      document: 'subscription { gitStatusChanged { __typename } }',
      rule: any('files:read'),
    },
    agentStatus: {
      document: 'subscription { agentStatus(since: "1") { __typename } }',
      rule: any('agent', 'chat', 'admin'),
    },
    chatReply: {
      document: 'subscription { chatReply(messageId: "x", since: "1") { __typename } }',
      rule: chat,
    },
    chatSessionEvents: {
      document: 'subscription { chatSessionEvents(sessionId: "x", since: "1") { __typename } }',
      rule: chat,
    },
    heartbeat: { document: 'subscription { heartbeat { __typename } }', rule: authenticated },
    logTail: {
      document: 'subscription { logTail(tail: 1) { __typename } }',
      rule: any('logs:read'),
    },
    metricsUpdates: {
      document: 'subscription { metricsUpdates { __typename } }',
      rule: any('logs:read'),
    },
    promptChanged: {
      document: 'subscription { promptChanged(since: "1") { __typename } }',
      rule: any('prompts:read'),
    },
    settingsChanged: {
      document: 'subscription { settingsChanged(since: "1") { __typename } }',
      rule: any('settings:read'),
    },
  },
};

type GrpcShape = 'unary' | 'server-stream' | 'client-stream' | 'bidi';

interface GrpcOperation {
  request: Record<string, unknown>;
  rule: Rule;
}

const grpcOperations: Record<string, Record<string, GrpcOperation>> = {
  AgentService: {
    StreamData: { request: {}, rule: all('agent', 'files:read') },
    ReadFile: { request: { path: 'a.txt' }, rule: any('files:read') },
    WriteFile: { request: { path: 'g.txt', content: 'c' }, rule: any('files:write') },
    ListTree: { request: { path: '' }, rule: any('files:read') },
    SearchFiles: { request: { content: 'x' }, rule: any('files:read') },
    DeletePath: { request: { path: 'nothing' }, rule: any('files:write') },
    MovePath: { request: { from: 'nothing', to: 'b' }, rule: any('files:write') },
    CreateDirectory: { request: { path: 'gd' }, rule: any('files:write') },
    WriteFiles: {
      request: { entries: [{ write: { path: 'gb.txt', content: 'c' } }] },
      rule: any('files:write'),
    },
    DownloadArchive: { request: { path: '' }, rule: any('files:read') },
    UploadArchive: { request: { header: { path: 'ga' } }, rule: any('files:write') },
    ReplaceInFiles: {
      request: { pattern: 'x', replacement: 'y', dryRun: true },
      rule: any('files:read'),
    },
  },
  GitService: {
    GetStatus: { request: {}, rule: any('files:read') },
    GetDiff: { request: {}, rule: any('files:read') },
    GetLog: { request: {}, rule: any('files:read') },
    WatchStatus: { request: {}, rule: any('files:read') },
  },
  ChatService: {
    SendMessageStream: { request: { content: 'hi', relayOnly: true }, rule: chat },
  },
  PromptService: {
    GetRenderedPrompt: { request: { name: 'x' }, rule: any('prompts:read') },
    SetPromptLabel: {
      request: { name: 'x', label: 'l', version: 1 },
      rule: any('prompts:write'),
    },
    RemovePromptLabel: { request: { name: 'x', label: 'l' }, rule: any('prompts:write') },
    ProtectPromptLabel: {
      request: { name: 'x', label: 'l', protected: true },
      rule: any('prompts:admin', 'admin'),
    },
    ListPromptLabelHistory: { request: { name: 'x' }, rule: any('prompts:read') },
    ListPromptDependents: { request: { name: 'x' }, rule: any('prompts:read') },
    WatchPromptChanges: { request: { since: '1' }, rule: any('prompts:read') },
  },
  LogService: {
    PushLogs: { request: { agentId: 'a', level: 'info', message: 'm' }, rule: any('agent') },
    TailLogs: { request: { tail: 1 }, rule: any('logs:read') },
  },
  SettingsService: {
    ListSettings: { request: {}, rule: any('settings:read') },
    UpdateSettings: { request: { changes: [] }, rule: any('settings:write') },
    WatchSettings: { request: { since: '1' }, rule: any('settings:read') },
    ListSecrets: { request: {}, rule: any('settings:read') },
    SetSecret: { request: { name: 'S', value: 'v' }, rule: any('secrets:write') },
    DeleteSecret: { request: { name: 'S' }, rule: any('secrets:write') },
    RotateSecrets: { request: {}, rule: any('secrets:write') },
  },
};

// ── what each rule means for tokens ──

function without(excluded: readonly Scope[]): Scope[] {
  return scopes.filter((scope) => !excluded.includes(scope));
}

/** Scope sets that must be refused: every scope but the rule's (or but one of an all-rule). */
function refusedScopeSets(rule: Rule): Scope[][] {
  if ('authenticated' in rule) return [];
  if ('any' in rule) return [without(rule.any)];
  return rule.all.map((scope) => without([scope]));
}

/** Scope sets that must get through: each one of an any-rule alone, an all-rule's together. */
function allowedScopeSets(rule: Rule): Scope[][] {
  if ('authenticated' in rule) return [['prompts:read']];
  if ('any' in rule) return rule.any.map((scope) => [scope]);
  return [rule.all];
}

// ── the two transports ──

const authCodes = ['UNAUTHENTICATED', 'FORBIDDEN'];

interface RefusalSeen {
  code: string;
  message: string;
  requiredScopes: unknown;
}

async function graphqlCodes(
  t: TestServer,
  kind: keyof typeof graphqlOperations,
  document: string,
  headers: Record<string, string>,
): Promise<string[]> {
  return (await graphqlErrors(t, kind, document, headers)).map((error) => error.code);
}

async function graphqlErrors(
  t: TestServer,
  kind: keyof typeof graphqlOperations,
  document: string,
  headers: Record<string, string>,
): Promise<RefusalSeen[]> {
  const codesOf = (body: {
    errors?: Array<{ message: string; extensions?: { code?: unknown; requiredScopes?: unknown } }>;
  }) =>
    (body.errors ?? []).map((error) => ({
      code: String(error.extensions?.code),
      message: error.message,
      requiredScopes: error.extensions?.requiredScopes,
    }));
  if (kind !== 'Subscription') {
    const response = await gql(t.graphqlUrl, document, {}, headers);
    return codesOf(response);
  }
  const abort = new AbortController();
  const response = await postEventStream(
    t.graphqlUrl,
    { query: document },
    { headers, signal: abort.signal },
  );
  try {
    if (!response.ok) return codesOf((await response.json()) as never);
    for await (const event of readEventStream(response)) {
      if (event.event === 'next') return codesOf(JSON.parse(event.data) as never);
      if (event.event === 'complete') return [];
    }
    return [];
  } finally {
    abort.abort();
  }
}

const grpcShapes = new Map<string, GrpcShape>();

function grpcStatus(
  t: TestServer,
  service: string,
  method: string,
  request: Record<string, unknown>,
  token: string | undefined,
): Promise<number> {
  const Client = (agentProto as unknown as Record<string, grpc.ServiceClientConstructor>)[service];
  if (!Client) throw new Error(`no service ${service}`);
  const client = new Client(t.grpcTarget, grpc.credentials.createInsecure(), clientOptions(token));
  const stub = client as unknown as Record<
    string,
    (...args: unknown[]) => grpc.ClientReadableStream<unknown>
  >;
  const call = (stub[method] as (...args: unknown[]) => unknown).bind(client);
  const shape = grpcShapes.get(`${service}/${method}`);
  return new Promise<number>((resolve) => {
    const settle = (code: number) => {
      resolve(code);
      client.close();
    };
    const callback = (error: grpc.ServiceError | null) =>
      settle(error ? error.code : grpc.status.OK);
    if (shape === 'unary') {
      call(request, callback);
    } else if (shape === 'client-stream') {
      const stream = call(callback) as grpc.ClientWritableStream<unknown>;
      stream.write(request);
      stream.end();
    } else {
      const stream = (shape === 'bidi' ? call() : call(request)) as grpc.ClientDuplexStream<
        unknown,
        unknown
      >;
      if (shape === 'bidi') stream.write(request);
      stream.on('data', () => {
        settle(grpc.status.OK);
        stream.cancel();
      });
      stream.on('error', (error: grpc.ServiceError) => settle(error.code));
      stream.on('end', () => settle(grpc.status.OK));
    }
  });
}

// ── the tests ──

describe('every operation is protected by its scopes', () => {
  let t: TestServer;
  const tokens = new Map<string, Promise<string>>();

  /** A stored token with exactly these scopes, made through the admin API. */
  const tokenWith = (granted: Scope[]): Promise<string> => {
    const key = [...granted].sort().join(',');
    let token = tokens.get(key);
    if (!token) {
      const enumNames = granted.map((scope) => scope.toUpperCase().replace(/[^A-Z0-9]/g, '_'));
      token = gql<{ createApiToken: { secret: string } }>(
        t.graphqlUrl,
        'mutation ($scopes: [Scope!]!) { createApiToken(input: { name: "table", scopes: $scopes }) { secret } }',
        { scopes: enumNames },
        t.authHeaders,
      ).then((response) => {
        if (!response.data) throw new Error(JSON.stringify(response.errors));
        return response.data.createApiToken.secret;
      });
      tokens.set(key, token);
    }
    return token;
  };
  const bearer = async (granted: Scope[]) => ({
    authorization: `Bearer ${await tokenWith(granted)}`,
  });

  beforeAll(async () => {
    t = await startTestServer();
    for (const [service, operations] of Object.entries(grpcOperations)) {
      const definition = (agentProto as unknown as Record<string, grpc.ServiceClientConstructor>)[
        service
      ]?.service;
      for (const method of Object.keys(operations)) {
        const rpc = definition?.[method];
        if (!rpc) continue;
        const shape: GrpcShape = rpc.requestStream
          ? rpc.responseStream
            ? 'bidi'
            : 'client-stream'
          : rpc.responseStream
            ? 'server-stream'
            : 'unary';
        grpcShapes.set(`${service}/${method}`, shape);
      }
    }
  });
  afterAll(() => t.stop());

  it('has a rule for every root field of the schema, and no rule for a field that is gone', () => {
    for (const kind of ['Query', 'Mutation', 'Subscription'] as const) {
      const type = schema.getType(kind);
      if (!isObjectType(type)) throw new Error(`${kind} is missing`);
      expect(Object.keys(graphqlOperations[kind]).sort(), kind).toEqual(
        Object.keys(type.getFields()).sort(),
      );
    }
  });

  it('has a rule for every RPC of the agent proto', () => {
    const proto = agentProto as unknown as Record<string, { service?: grpc.ServiceDefinition }>;
    const services = Object.keys(proto).filter((name) => proto[name]?.service !== undefined);
    expect(Object.keys(grpcOperations).sort()).toEqual(services.sort());
    for (const service of services) {
      expect(Object.keys(grpcOperations[service] ?? {}).sort(), service).toEqual(
        Object.keys(proto[service]?.service ?? {}).sort(),
      );
    }
  });

  const graphqlCases = Object.entries(graphqlOperations).flatMap(([kind, operations]) =>
    Object.entries(operations).map(([name, operation]) => ({
      kind: kind as keyof typeof graphqlOperations,
      name,
      ...operation,
    })),
  );

  describe.each(graphqlCases)('GraphQL $kind $name', ({ kind, document, rule }) => {
    it('refuses a request without a token, or with a wrong one, as UNAUTHENTICATED', async () => {
      expect(await graphqlCodes(t, kind, document, {})).toEqual(['UNAUTHENTICATED']);
      const wrong = { authorization: 'Bearer gp_not-a-token-anyone-holds' };
      expect(await graphqlCodes(t, kind, document, wrong)).toEqual(['UNAUTHENTICATED']);
    });

    it('refuses a token without its scope as FORBIDDEN, naming the scope, and lets one with it through', async () => {
      const needed = 'any' in rule ? rule.any : 'all' in rule ? rule.all : [];
      for (const granted of refusedScopeSets(rule)) {
        const errors = await graphqlErrors(t, kind, document, await bearer(granted));
        expect(
          errors.map((error) => error.code),
          `scopes ${granted.join(' ')}`,
        ).toEqual(['FORBIDDEN']);
        // As on gRPC: the message and extensions.requiredScopes name what is missing.
        const [refusal] = errors;
        const missing = needed.filter((scope) => !granted.includes(scope));
        expect(missing.some((scope) => refusal?.message.includes(scope))).toBe(true);
        expect(refusal?.requiredScopes).toEqual(expect.arrayContaining(missing.slice(0, 1)));
      }
      for (const granted of allowedScopeSets(rule)) {
        const codes = await graphqlCodes(t, kind, document, await bearer(granted));
        expect(
          codes.filter((code) => authCodes.includes(code)),
          `scopes ${granted.join(' ')}`,
        ).toEqual([]);
      }
    });
  });

  const grpcCases = Object.entries(grpcOperations).flatMap(([service, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ service, method, ...operation })),
  );

  describe.each(grpcCases)('gRPC $service $method', ({ service, method, request, rule }) => {
    it('refuses a call without a token, or with a wrong one, with UNAUTHENTICATED (16)', async () => {
      expect(await grpcStatus(t, service, method, request, undefined)).toBe(
        grpc.status.UNAUTHENTICATED,
      );
      expect(await grpcStatus(t, service, method, request, 'gp_not-a-token-anyone-holds')).toBe(
        grpc.status.UNAUTHENTICATED,
      );
    });

    it('refuses a token without its scope with PERMISSION_DENIED (7), and lets one with it through', async () => {
      for (const granted of refusedScopeSets(rule)) {
        const code = await grpcStatus(t, service, method, request, await tokenWith(granted));
        expect(code, `scopes ${granted.join(' ')}`).toBe(grpc.status.PERMISSION_DENIED);
      }
      for (const granted of allowedScopeSets(rule)) {
        const code = await grpcStatus(t, service, method, request, await tokenWith(granted));
        expect(
          [grpc.status.UNAUTHENTICATED, grpc.status.PERMISSION_DENIED],
          `scopes ${granted.join(' ')}`,
        ).not.toContain(code);
      }
    });
  });
});
