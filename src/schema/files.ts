// The project's files (docs/contract.md): file, tree, searchFiles, writeFile,
// deletePath, movePath, createDirectory. Each resolver is one call into
// src/resolvers/files.ts, which gRPC calls too.
import * as files from '../resolvers/files.ts';
import { builder } from './builder.ts';

export const FileKind = builder.enumType('FileKind', {
  values: ['FILE', 'DIRECTORY', 'SYMLINK'] as const,
});

export const ContentEncoding = builder.enumType('ContentEncoding', {
  description: 'How WriteFileInput.content is spelled.',
  values: {
    UTF8: { description: 'Text, written as UTF-8.' },
    BASE64: { description: 'Bytes, base64-encoded: for binary files.' },
  } as const,
});

const FileBytes = builder.objectRef<files.FileBytes>('FileBytes').implement({
  description: 'A byte range of a file.',
  fields: (t) => ({
    offset: t.exposeInt('offset'),
    length: t.int({ resolve: (range) => range.bytes.length }),
    base64: t.string({ resolve: (range) => range.bytes.toString('base64') }),
    totalSize: t.exposeInt('totalSize', { description: 'The size of the whole file when read.' }),
    endOfFile: t.exposeBoolean('endOfFile'),
  }),
});

export const File = builder.objectRef<files.FileView>('File').implement({
  description: 'A file, folder or symlink in the project.',
  fields: (t) => ({
    path: t.exposeString('path', {
      description: 'Relative to PROJECT_ROOT, with `/`; the root is "".',
    }),
    name: t.exposeString('name'),
    kind: t.field({ type: FileKind, resolve: (file) => file.kind }),
    size: t.exposeInt('size', { description: 'Bytes of content; 0 for folders.' }),
    modifiedAt: t.expose('modifiedAt', { type: 'DateTime' }),
    version: t.exposeString('version', {
      description:
        'sha256 of the content: changes whenever the content does. Pass it as ifVersion to write only over it.',
    }),
    content: t.string({
      nullable: true,
      description:
        'UTF-8 text; null for folders and binary files. TOO_LARGE over the size limit (FILES_MAX_BYTES): read byte ranges instead.',
      resolve: (file) => files.textContent(file),
    }),
    binary: t.exposeBoolean('binary', {
      description: 'Not valid UTF-8 text (content is then null; use base64 or bytes).',
    }),
    base64: t.string({
      nullable: true,
      description:
        'The bytes, base64-encoded, text or binary; null for folders. TOO_LARGE over the size limit.',
      resolve: (file) => files.rawContent(file)?.toString('base64') ?? null,
    }),
    bytes: t.field({
      type: FileBytes,
      description: 'A byte range, for large and binary files; at most FILES_MAX_BYTES per read.',
      args: {
        offset: t.arg.int({ required: true, defaultValue: 0 }),
        length: t.arg.int({ required: true }),
      },
      resolve: (file, args, ctx) => files.readBytes(ctx, file.path, args.offset, args.length),
    }),
    language: t.exposeString('language', {
      nullable: true,
      description: "A guess from the file's name (GitHub Linguist's names).",
    }),
    symlinkTarget: t.exposeString('symlinkTarget', {
      nullable: true,
      description: 'For a symlink: the project path it leads to.',
    }),
  }),
});

export const TreeNode = builder.objectRef<files.TreeEntry>('TreeNode');
TreeNode.implement({
  description: 'An entry of the project tree.',
  fields: (t) => ({
    path: t.exposeString('path'),
    name: t.exposeString('name'),
    kind: t.field({
      type: FileKind,
      resolve: (node) => files.fileKindOf(node.kind),
    }),
    size: t.exposeInt('size', { description: 'Bytes; 0 for folders.' }),
    modifiedAt: t.expose('modifiedAt', { type: 'DateTime' }),
    language: t.exposeString('language', { nullable: true }),
    ignored: t.exposeBoolean('ignored', {
      description: 'Matched by a .gitignore (listed only with includeIgnored).',
    }),
    truncated: t.exposeBoolean('truncated', {
      description:
        "Some of this folder's entries were left out (the per-folder limit or the node budget).",
    }),
    children: t.field({
      type: [TreeNode],
      nullable: true,
      description:
        'Folders first, then by name. Null for files, symlinks and folders below the depth asked for.',
      resolve: (node) => node.children,
    }),
  }),
});

const FileSearchMatch = builder.objectRef<files.SearchMatch>('FileSearchMatch').implement({
  fields: (t) => ({
    path: t.exposeString('path'),
    kind: t.field({
      type: FileKind,
      resolve: (match) => files.fileKindOf(match.kind),
    }),
    line: t.exposeInt('line', {
      nullable: true,
      description: '1-based; null for a match by name.',
    }),
    column: t.exposeInt('column', {
      nullable: true,
      description: '1-based; null for a match by name.',
    }),
    lineText: t.exposeString('lineText', {
      nullable: true,
      description: 'The matching line (its first 500 characters).',
    }),
  }),
});

const FileSearchResult = builder.objectRef<files.SearchResult>('FileSearchResult').implement({
  fields: (t) => ({
    matches: t.field({ type: [FileSearchMatch], resolve: (result) => result.matches }),
    truncated: t.exposeBoolean('truncated', {
      description: 'More matches exist beyond the limit, or the time limit cut the search short.',
    }),
    filesScanned: t.exposeInt('filesScanned'),
  }),
});

const SearchFilesInput = builder.inputType('SearchFilesInput', {
  fields: (t) => ({
    path: t.string({ required: true, defaultValue: '', description: 'The folder to search in.' }),
    glob: t.string({
      description: 'Name glob (`*.ts`, `src/**/*.test.ts`); without `/` it matches the name alone.',
    }),
    content: t.string({
      description:
        'Text to find in files: literal, or a regex with `regex: true` (RE2, linear time: no backreferences or lookaround; see docs/patterns.md).',
    }),
    regex: t.boolean({ required: true, defaultValue: false }),
    caseSensitive: t.boolean({ required: true, defaultValue: false }),
    limit: t.int({ required: true, defaultValue: files.searchLimits.defaultMatches }),
    includeIgnored: t.boolean({ required: true, defaultValue: false }),
  }),
});

builder.queryFields((t) => ({
  file: t.field({
    authScopes: { 'files:read': true },
    type: File,
    nullable: true,
    description: 'The file or folder at path; null when there is none.',
    args: { path: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => files.file(ctx, args.path),
  }),
  tree: t.field({
    authScopes: { 'files:read': true },
    type: TreeNode,
    description: 'A folder and its entries to `depth` levels, honouring .gitignore.',
    args: {
      path: t.arg.string({ required: true, defaultValue: '' }),
      depth: t.arg.int({ required: true, defaultValue: 1 }),
      limit: t.arg.int({
        required: true,
        defaultValue: files.treeLimits.defaultEntriesPerFolder,
        description: 'Entries per folder; a folder with more says `truncated`.',
      }),
      includeIgnored: t.arg.boolean({ required: true, defaultValue: false }),
    },
    resolve: (_root, args, ctx) => files.tree(ctx, args),
  }),
  searchFiles: t.field({
    authScopes: { 'files:read': true },
    type: FileSearchResult,
    description: 'Files by name glob and by content, .gitignore-aware.',
    args: { input: t.arg({ type: SearchFilesInput, required: true }) },
    resolve: (_root, args, ctx) => files.searchFiles(ctx, args.input),
  }),
}));

const WriteFileInput = builder.inputType('WriteFileInput', {
  fields: (t) => ({
    path: t.string({ required: true }),
    content: t.string({ required: true }),
    ifVersion: t.string({
      description:
        'Write only if the file is at this version; otherwise CONFLICT and nothing is written.',
    }),
    createParents: t.boolean({ required: true, defaultValue: true }),
    encoding: t.field({ type: ContentEncoding, required: true, defaultValue: 'UTF8' }),
  }),
});

builder.mutationFields((t) => ({
  writeFile: t.field({
    authScopes: { 'files:write': true },
    type: File,
    description: 'Writes a file atomically, keeping its mode.',
    args: { input: t.arg({ type: WriteFileInput, required: true }) },
    resolve: (_root, args, ctx) => files.writeFile(ctx, args.input),
  }),
  deletePath: t.boolean({
    authScopes: { 'files:write': true },
    description:
      'Deletes a file, symlink or empty folder; a folder with entries only when recursive.',
    args: {
      path: t.arg.string({ required: true }),
      recursive: t.arg.boolean({ required: true, defaultValue: false }),
    },
    resolve: (_root, args, ctx) => files.deletePath(ctx, args.path, args.recursive),
  }),
  movePath: t.field({
    authScopes: { 'files:write': true },
    type: File,
    description: 'Moves or renames; never over an existing entry (CONFLICT).',
    args: {
      from: t.arg.string({ required: true }),
      to: t.arg.string({ required: true }),
      createParents: t.arg.boolean({ required: true, defaultValue: true }),
    },
    resolve: (_root, args, ctx) => files.movePath(ctx, args.from, args.to, args.createParents),
  }),
  createDirectory: t.field({
    authScopes: { 'files:write': true },
    type: File,
    description:
      'Creates a folder and any missing above it; an existing folder is returned as it is.',
    args: { path: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => files.createDirectory(ctx, args.path),
  }),
}));
