// Prompts in git: importing and exporting a folder of markdown files.
import * as prompts from '../resolvers/prompts.ts';
import { builder } from './builder.ts';

const PromptImportStatus = builder.enumType('PromptImportStatus', {
  values: ['CREATED', 'VERSION_ADDED', 'UPDATED', 'UNCHANGED'] as const,
  description: 'UPDATED: description, tags or labels changed, but not the body or variables.',
});

const PromptImportOutcome = builder
  .objectRef<prompts.ImportOutcome>('PromptImportOutcome')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      path: t.exposeString('path'),
      status: t.field({ type: PromptImportStatus, resolve: (outcome) => outcome.status }),
      version: t.exposeInt('version', { description: "The version holding the file's content." }),
      labelsMoved: t.exposeStringList('labelsMoved'),
    }),
  });

const PromptImportResult = builder.objectRef<prompts.ImportResult>('PromptImportResult').implement({
  fields: (t) => ({
    folder: t.exposeString('folder'),
    prompts: t.expose('prompts', { type: [PromptImportOutcome] }),
  }),
});

const PromptExportOutcome = builder
  .objectRef<prompts.ExportOutcome>('PromptExportOutcome')
  .implement({
    fields: (t) => ({
      name: t.exposeString('name'),
      path: t.exposeString('path'),
      version: t.exposeInt('version'),
      written: t.exposeBoolean('written', {
        description: 'False when the file already held this text.',
      }),
    }),
  });

const PromptExportResult = builder.objectRef<prompts.ExportResult>('PromptExportResult').implement({
  fields: (t) => ({
    folder: t.exposeString('folder'),
    prompts: t.expose('prompts', { type: [PromptExportOutcome] }),
  }),
});

builder.mutationFields((t) => ({
  importPrompts: t.field({
    authScopes: { $all: { 'prompts:write': true, 'files:read': true } },
    type: PromptImportResult,
    description:
      'Imports the *.md prompt files in a folder under PROJECT_ROOT, all or nothing. Content equal to the newest version adds none, so importing twice changes nothing.',
    args: { folder: t.arg.string({ required: true, defaultValue: 'prompts' }) },
    resolve: (_root, args, ctx) => prompts.importPrompts(ctx, args.folder),
  }),
  exportPrompts: t.field({
    authScopes: { $all: { 'prompts:read': true, 'files:write': true } },
    type: PromptExportResult,
    description:
      'Writes <folder>/<name>.md under PROJECT_ROOT for each prompt chosen (all by default).',
    args: {
      folder: t.arg.string({ required: true, defaultValue: 'prompts' }),
      names: t.arg.stringList(),
      tags: t.arg.stringList(),
    },
    resolve: (_root, args, ctx) => prompts.exportPrompts(ctx, args),
  }),
}));
