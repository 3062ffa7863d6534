// health, serverInfo and the heartbeat subscription.
import * as server from '../resolvers/server.ts';
import { builder } from './builder.ts';

const Health = builder.objectRef<server.Health>('Health').implement({
  description: 'Whether the server and its database answer.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    database: t.exposeBoolean('database'),
  }),
});

const ServerInfo = builder.objectRef<server.ServerInfo>('ServerInfo').implement({
  fields: (t) => ({
    version: t.exposeString('version'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    uptimeSeconds: t.exposeFloat('uptimeSeconds'),
    httpPort: t.exposeInt('httpPort'),
    grpcPort: t.exposeInt('grpcPort'),
    projectRoot: t.exposeString('projectRoot', {
      description: 'Absolute path of the folder whose files are served.',
    }),
  }),
});

const Heartbeat = builder.objectRef<server.Heartbeat>('Heartbeat').implement({
  fields: (t) => ({
    beat: t.exposeInt('beat', { description: 'Counts from 0 for each subscription.' }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  health: t.field({ type: Health, resolve: (_root, _args, ctx) => server.health(ctx) }),
  serverInfo: t.field({ type: ServerInfo, resolve: (_root, _args, ctx) => server.serverInfo(ctx) }),
}));

builder.subscriptionField('heartbeat', (t) =>
  t.field({
    type: Heartbeat,
    description: 'A beat at once, then one every intervalMs: a check that subscriptions work.',
    args: { intervalMs: t.arg.int({ required: true, defaultValue: 1000 }) },
    subscribe: (_root, args, ctx) => server.heartbeat(ctx, args.intervalMs),
    resolve: (beat) => beat,
  }),
);
