// API tokens (admin only) and `viewer`, the caller's own identity.
import * as tokens from '../resolvers/tokens.ts';
import { builder } from './builder.ts';
import { PathRuleInput, PathRuleType, ScopeEnum } from './scopes.ts';

const ApiToken = builder.objectRef<tokens.ApiTokenInfo>('ApiToken').implement({
  description: 'A stored API token. Its secret was shown once, at creation, and is not kept.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', {
      description: "The secret's first characters (`gp_` and four more), to recognise it.",
    }),
    scopes: t.field({ type: [ScopeEnum], resolve: (token) => token.scopes }),
    paths: t.field({
      type: [PathRuleType],
      nullable: true,
      description: 'The globs the token is limited to; null: the whole project.',
      resolve: (token) => token.paths,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Recorded at most once a minute.',
    }),
    createdBy: t.exposeString('createdBy', { description: 'Principal id of the creator.' }),
  }),
});

const CreatedApiToken = builder
  .objectRef<{ secret: string; token: tokens.ApiTokenInfo }>('CreatedApiToken')
  .implement({
    fields: (t) => ({
      secret: t.exposeString('secret', {
        description:
          'The bearer token. Shown this once: only its hash is stored. Send it as `Authorization: Bearer <secret>`.',
      }),
      token: t.field({ type: ApiToken, resolve: (created) => created.token }),
    }),
  });

const Viewer = builder.objectRef<tokens.Viewer>('Viewer').implement({
  description: 'Who is calling.',
  fields: (t) => ({
    id: t.exposeString('id', {
      description: '`token:<id>` for a stored token, `admin-token` for GENPOD_ADMIN_TOKEN.',
    }),
    scopes: t.field({ type: [ScopeEnum], resolve: (viewer) => viewer.scopes }),
    paths: t.field({
      type: [PathRuleType],
      nullable: true,
      description: 'The globs the caller is limited to; null: the whole project.',
      resolve: (viewer) => viewer.paths,
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 100 characters.' }),
    scopes: t.field({ type: [ScopeEnum], required: true, description: 'At least one.' }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'In the future.' }),
    paths: t.field({
      type: [PathRuleInput],
      required: false,
      description: 'Limits the token to these globs; leave out for the whole project.',
    }),
  }),
});

builder.queryFields((t) => ({
  viewer: t.field({
    type: Viewer,
    description: 'The caller: its principal id, scopes, path rules and expiry.',
    resolve: (_root, _args, ctx) => tokens.viewer(ctx),
  }),
  apiTokens: t.field({
    authScopes: { admin: true },
    type: [ApiToken],
    description: 'Every API token, newest first, revoked and expired ones included. Needs ADMIN.',
    resolve: (_root, _args, ctx) => tokens.apiTokens(ctx),
  }),
}));

builder.mutationFields((t) => ({
  createApiToken: t.field({
    authScopes: { admin: true },
    type: CreatedApiToken,
    description:
      'Needs ADMIN, and every scope it grants. The answer holds the secret, shown this once.',
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      tokens.createApiToken(ctx, {
        name: input.name,
        scopes: input.scopes,
        expiresAt: input.expiresAt ?? undefined,
        paths: input.paths ?? undefined,
      }),
  }),
  revokeApiToken: t.field({
    authScopes: { admin: true },
    type: ApiToken,
    description:
      'Needs ADMIN. Takes effect at once: the token fails authentication and its live streams end. Revoking a revoked token is no error.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => tokens.revokeApiToken(ctx, String(args.id)),
  }),
}));
