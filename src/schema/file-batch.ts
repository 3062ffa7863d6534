// writeFiles: several writes, deletes and moves applied together, or none
// (docs/files.md). One call into src/resolvers/file-batch.ts, which gRPC's
// WriteFiles calls too.
import * as batch from '../resolvers/file-batch.ts';
import { builder } from './builder.ts';
import { ContentEncoding } from './files.ts';

const FileBatchOp = builder.enumType('FileBatchOp', {
  values: {
    WRITE: { description: 'Write `content` to `path` (created with its folders when missing).' },
    DELETE: { description: 'Delete `path`: a file, a symlink, or a folder (with `recursive`).' },
    MOVE: { description: 'Move `path` to `to`; never over an existing entry.' },
  } as const,
});

const FileBatchEntry = builder.inputType('FileBatchEntry', {
  description: 'One change of a batch. Each path appears once in a batch, and none inside another.',
  fields: (t) => ({
    op: t.field({ type: FileBatchOp, required: true }),
    path: t.string({ required: true, description: 'The file written or deleted, or moved.' }),
    content: t.string({ description: 'WRITE: the new content.' }),
    encoding: t.field({ type: ContentEncoding, required: true, defaultValue: 'UTF8' }),
    to: t.string({ description: 'MOVE: where to.' }),
    ifVersion: t.string({
      description:
        'The entry at `path` must be a file at this version; otherwise CONFLICT and nothing in the batch is changed.',
    }),
    recursive: t.boolean({
      required: true,
      defaultValue: false,
      description: 'DELETE: a folder with entries too.',
    }),
  }),
});

const WriteFilesInput = builder.inputType('WriteFilesInput', {
  fields: (t) => ({
    entries: t.field({ type: [FileBatchEntry], required: true }),
    createParents: t.boolean({ required: true, defaultValue: true }),
  }),
});

const FileBatchResult = builder.objectRef<batch.FileBatchResult>('FileBatchResult').implement({
  fields: (t) => ({
    op: t.field({ type: FileBatchOp, resolve: (result) => result.op }),
    path: t.exposeString('path', { description: 'Where the entry is now (or was, if deleted).' }),
    oldPath: t.exposeString('oldPath', { nullable: true, description: 'MOVE: where it was.' }),
    version: t.exposeString('version', {
      nullable: true,
      description: 'WRITE: the version of what was written.',
    }),
  }),
});

const WriteFilesPayload = builder.objectRef<batch.WriteFilesResult>('WriteFilesPayload').implement({
  fields: (t) => ({
    results: t.field({ type: [FileBatchResult], resolve: (payload) => payload.results }),
    requestId: t.exposeString('requestId', {
      description: 'Every fileChanges event of this batch carries it.',
    }),
  }),
});

builder.mutationFields((t) => ({
  writeFiles: t.field({
    authScopes: { 'files:write': true },
    type: WriteFilesPayload,
    description:
      'Applies several writes, deletes and moves together, or none: one refusal or stale ifVersion fails the whole batch (CONFLICT naming the path). A crash partway leaves every file as it was or as written.',
    args: { input: t.arg({ type: WriteFilesInput, required: true }) },
    resolve: (_root, args, ctx) => batch.writeFiles(ctx, args.input),
  }),
}));
