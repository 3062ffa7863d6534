// replaceInFiles: one call into src/resolvers/file-replace.ts, which gRPC's
// ReplaceInFiles calls too.
import * as replace from '../resolvers/file-replace.ts';
import { builder } from './builder.ts';

const ReplaceFileStatus = builder.enumType('ReplaceFileStatus', {
  values: {
    MATCHED: { description: 'Dry run: the file has matches and would be changed.' },
    CHANGED: { description: 'Written atomically, over the version the scan read.' },
    SKIPPED: { description: 'Changed (or removed) since the scan; left as it is.' },
    REFUSED: { description: "The token's path rules (or the read-only switch) forbid writing it." },
  } as const,
});

const ReplaceMatch = builder.objectRef<replace.ReplacedMatch>('ReplaceMatch').implement({
  fields: (t) => ({
    line: t.exposeInt('line', { description: '1-based, in the file before the change.' }),
    column: t.exposeInt('column', { description: '1-based, in UTF-16 code units.' }),
    text: t.exposeString('text', { description: 'The matched text (its first 200 characters).' }),
    replacement: t.exposeString('replacement', {
      description: 'What replaces it (its first 200 characters).',
    }),
  }),
});

const FileReplacement = builder.objectRef<replace.FileReplacement>('FileReplacement').implement({
  fields: (t) => ({
    path: t.exposeString('path'),
    status: t.field({ type: ReplaceFileStatus, resolve: (file) => file.status }),
    matchCount: t.exposeInt('matchCount'),
    matches: t.field({
      type: [ReplaceMatch],
      description: `The first ${replace.replaceLimits.matchesPerFile} matches.`,
      resolve: (file) => file.matches,
    }),
    diff: t.exposeString('diff', {
      nullable: true,
      description: 'Dry run: a unified diff of the change (null when too costly to compute).',
    }),
    previousVersion: t.exposeString('previousVersion', {
      description: 'The version the scan read.',
    }),
    version: t.exposeString('version', {
      nullable: true,
      description: 'The version written (CHANGED only).',
    }),
    reason: t.exposeString('reason', {
      nullable: true,
      description: 'Why the file was SKIPPED or REFUSED.',
    }),
  }),
});

const ReplaceInFilesResult = builder
  .objectRef<replace.ReplaceInFilesResult>('ReplaceInFilesResult')
  .implement({
    fields: (t) => ({
      dryRun: t.exposeBoolean('dryRun'),
      files: t.field({
        type: [FileReplacement],
        description: 'Each file with matches, in walk order (folders first, then by name).',
        resolve: (result) => result.files,
      }),
      filesScanned: t.exposeInt('filesScanned'),
      filesChanged: t.exposeInt('filesChanged'),
      matchCount: t.exposeInt('matchCount'),
    }),
  });

const ReplaceInFilesInput = builder.inputType('ReplaceInFilesInput', {
  fields: (t) => ({
    path: t.string({ required: true, defaultValue: '', description: 'The folder to replace in.' }),
    pattern: t.string({
      required: true,
      description:
        'Literal text, or with `regex` a regular expression (JavaScript syntax, run on RE2: no backreferences or lookaround; ^ and $ at each line).',
    }),
    regex: t.boolean({ required: true, defaultValue: false }),
    caseSensitive: t.boolean({ required: true, defaultValue: true }),
    replacement: t.string({
      required: true,
      description: 'With `regex`: `$1`, `$<name>`, `$&`, `$$` are expanded. Literal otherwise.',
    }),
    include: t.stringList({
      description: 'Project-path globs a file must match one of; without `/`, the name alone.',
    }),
    exclude: t.stringList({ description: 'Globs that leave files (or folders) out.' }),
    respectGitignore: t.boolean({ required: true, defaultValue: true }),
    dryRun: t.boolean({
      required: true,
      defaultValue: false,
      description: 'Report matches and unified diffs; write nothing.',
    }),
  }),
});

builder.mutationFields((t) => ({
  replaceInFiles: t.field({
    // A dry run only reads; a real run checks files:write in the resolver.
    authScopes: { 'files:read': true },
    type: ReplaceInFilesResult,
    description:
      'Replaces a literal or regex across files. Each changed file is written atomically over the version the scan read; a file changed since is SKIPPED. TOO_LARGE past the time, file-count, size or byte limits (nothing written).',
    args: { input: t.arg({ type: ReplaceInFilesInput, required: true }) },
    resolve: (_root, args, ctx) => replace.replaceInFiles(ctx, args.input),
  }),
}));
