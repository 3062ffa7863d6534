// Git, read-only: gitStatus, gitDiff, gitLog, gitStatusChanged. Each is one
// call into src/resolvers/git.ts, which gRPC's GitService calls too.
import * as git from '../resolvers/git.ts';
import { builder } from './builder.ts';

const GitChange = builder.enumType('GitChange', {
  values: [
    'MODIFIED',
    'TYPE_CHANGED',
    'ADDED',
    'DELETED',
    'RENAMED',
    'COPIED',
    'UNMERGED',
  ] as const,
});

const GitFileStatus = builder.objectRef<git.GitFileStatus>('GitFileStatus').implement({
  fields: (t) => ({
    path: t.exposeString('path'),
    oldPath: t.exposeString('oldPath', {
      nullable: true,
      description: 'Before a rename or copy (null when the caller may not read it).',
    }),
    staged: t.field({
      type: GitChange,
      nullable: true,
      description: 'The change in the index against HEAD.',
      resolve: (file) => file.staged,
    }),
    unstaged: t.field({
      type: GitChange,
      nullable: true,
      description: 'The change in the work tree against the index.',
      resolve: (file) => file.unstaged,
    }),
    untracked: t.exposeBoolean('untracked'),
  }),
});

const GitStatus = builder.objectRef<git.GitStatus>('GitStatus').implement({
  fields: (t) => ({
    branch: t.exposeString('branch', { nullable: true, description: 'Null when detached.' }),
    commit: t.exposeString('commit', {
      nullable: true,
      description: 'HEAD; null before the first commit.',
    }),
    upstream: t.exposeString('upstream', { nullable: true }),
    ahead: t.exposeInt('ahead', { description: 'Commits on the branch not on its upstream.' }),
    behind: t.exposeInt('behind', { description: 'Commits on the upstream not on the branch.' }),
    files: t.field({
      type: [GitFileStatus],
      description: 'Changed and untracked files the caller may read (.gitignored ones aside).',
      resolve: (status) => status.files,
    }),
  }),
});

const GitCommit = builder.objectRef<git.GitCommit>('GitCommit').implement({
  fields: (t) => ({
    hash: t.exposeString('hash'),
    authorName: t.exposeString('authorName'),
    authorEmail: t.exposeString('authorEmail'),
    authoredAt: t.exposeString('authoredAt', {
      description: "ISO 8601, with the author's offset.",
    }),
    subject: t.exposeString('subject'),
  }),
});

builder.queryFields((t) => ({
  gitStatus: t.field({
    authScopes: { 'files:read': true },
    type: GitStatus,
    description:
      'The project folder as a git repository (NOT_FOUND when it is not one): branch, ahead/behind, and each file staged, unstaged or untracked.',
    resolve: (_root, _args, ctx) => git.gitStatus(ctx),
  }),
  gitDiff: t.string({
    authScopes: { 'files:read': true },
    description:
      'A unified diff: the work tree against the index, or with `staged` the index against HEAD. For one file or folder, or every path the caller may read.',
    args: {
      path: t.arg.string({ required: true, defaultValue: '' }),
      staged: t.arg.boolean({ required: true, defaultValue: false }),
    },
    resolve: (_root, args, ctx) => git.gitDiff(ctx, args),
  }),
  gitLog: t.field({
    authScopes: { 'files:read': true },
    type: [GitCommit],
    description: 'The newest commits first, touching `path` when given.',
    args: {
      path: t.arg.string({ required: true, defaultValue: '' }),
      first: t.arg.int({ required: true, defaultValue: git.gitLimits.defaultLogEntries }),
    },
    resolve: (_root, args, ctx) => git.gitLog(ctx, args),
  }),
}));

builder.subscriptionFields((t) => ({
  gitStatusChanged: t.field({
    authScopes: { 'files:read': true },
    type: GitStatus,
    description:
      'The status now, then each time it differs, as files and git itself change (debounced).',
    subscribe: (_root, _args, ctx) => git.gitStatusChanged(ctx),
    resolve: (status) => status,
  }),
}));
