// Prompt templates: types, queries, mutations and the promptChanged subscription.
import * as prompts from '../resolvers/prompts.ts';
import type { PromptVariable } from '../core/prompts/variables.ts';
import type { PromptLabelRecord } from '../core/prompts/repository.ts';
import type { PromptDiffHunk, VariableChanges } from '../core/prompts/version-diff.ts';
import { builder } from './builder.ts';
import {
  PromptMessageInput,
  PromptMessageRef,
  PromptMessageTemplateRef,
  PromptTypeEnum,
} from './prompt-messages.ts';

const PromptVariableType = builder.enumType('PromptVariableType', {
  values: {
    STRING: { value: 'string' },
    NUMBER: { value: 'number' },
    BOOLEAN: { value: 'boolean' },
    JSON: { value: 'json', description: 'Any JSON value; printed as JSON by {{name}}.' },
  } as const,
});

const PromptVariableRef = builder.objectRef<PromptVariable>('PromptVariable').implement({
  description: 'A variable a version declares; the body uses it as {{name}}.',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: PromptVariableType, resolve: (variable) => variable.type }),
    default: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Used when a render gives no value; see `required`.',
      resolve: (variable) => variable.default ?? null,
    }),
    required: t.boolean({
      description: 'True when there is no default: every render must give a value.',
      resolve: (variable) => variable.default === undefined,
    }),
    description: t.string({ nullable: true, resolve: (variable) => variable.description ?? null }),
  }),
});

const PromptLabel = builder.objectRef<PromptLabelRecord>('PromptLabel').implement({
  description: 'A movable name for one version. `latest` is implicit and not listed.',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeInt('version'),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    updatedBy: t.exposeString('updatedBy'),
    protected: t.exposeBoolean('protected', {
      description: 'Moving or removing it needs the prompts:admin scope.',
    }),
  }),
});

const PromptVersion = builder.objectRef<prompts.PromptVersionRecord>('PromptVersion').implement({
  description: 'An immutable body and its declared variables.',
  fields: (t) => ({
    prompt: t.exposeString('prompt', { description: 'The name of its prompt.' }),
    number: t.exposeInt('number', { description: 'Counts from 1 for each prompt.' }),
    type: t.field({ type: PromptTypeEnum, resolve: (version) => version.type }),
    body: t.exposeString('body', {
      description:
        "A TEXT prompt's Mustache template (nothing is HTML-escaped; {{> name}} includes another prompt). Empty for CHAT.",
    }),
    messages: t.field({
      type: [PromptMessageTemplateRef],
      nullable: true,
      description: "A CHAT prompt's messages; null for TEXT.",
      resolve: (version) => version.messages,
    }),
    config: t.expose('config', {
      type: 'JSON',
      description: 'The model config stored with this version (model, temperature, tools, …).',
    }),
    variables: t.expose('variables', { type: [PromptVariableRef] }),
    message: t.exposeString('message'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    createdBy: t.exposeString('createdBy'),
    labels: t.exposeStringList('labels', {
      description: 'Labels pointing here, `latest` included on the newest version.',
    }),
  }),
});

const PromptVersionRef = builder.inputType('PromptVersionRef', {
  description: 'A version by number or by label (not both); the newest when both are absent.',
  fields: (t) => ({
    version: t.int(),
    label: t.string(),
  }),
});

export const PromptTemplate = builder.objectRef<prompts.PromptRecord>('PromptTemplate');
PromptTemplate.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.field({ type: PromptTypeEnum, resolve: (prompt) => prompt.type }),
    description: t.exposeString('description'),
    tags: t.exposeStringList('tags'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    latestVersion: t.exposeInt('latestVersion'),
    labels: t.expose('labels', { type: [PromptLabel] }),
    protectedLabels: t.exposeStringList('protectedLabels', {
      description: 'Protected label names, whether set or not: protection outlives a removal.',
    }),
    versions: t.field({
      type: [PromptVersion],
      description: 'Newest first.',
      resolve: (prompt, _args, ctx) => prompts.promptVersions(ctx, prompt.name),
    }),
    version: t.field({
      type: PromptVersion,
      description: 'By number or label; the newest when both are absent.',
      args: { number: t.arg.int(), label: t.arg.string() },
      resolve: (prompt, args, ctx) =>
        prompts.promptVersion(ctx, prompt.name, { version: args.number, label: args.label }),
    }),
  }),
});

const RenderedPrompt = builder.objectRef<prompts.RenderedPrompt>('RenderedPrompt').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeInt('version'),
    labels: t.exposeStringList('labels'),
    type: t.field({ type: PromptTypeEnum, resolve: (rendered) => rendered.type }),
    text: t.exposeString('text', { description: "A TEXT prompt's text; empty for CHAT." }),
    messages: t.field({
      type: [PromptMessageRef],
      nullable: true,
      description: "A CHAT prompt's messages, placeholders filled; null for TEXT.",
      resolve: (rendered) => rendered.messages,
    }),
    config: t.expose('config', {
      type: 'JSON',
      description: "The rendered version's model config.",
    }),
    variables: t.expose('variables', {
      type: 'JSON',
      description: 'The values used, defaults included (of included prompts too).',
    }),
  }),
});

const PromptDiffHunkRef = builder.objectRef<PromptDiffHunk>('PromptDiffHunk').implement({
  fields: (t) => ({
    oldStart: t.exposeInt('oldStart'),
    oldLines: t.exposeInt('oldLines'),
    newStart: t.exposeInt('newStart'),
    newLines: t.exposeInt('newLines'),
    lines: t.exposeStringList('lines', {
      description:
        'Each starts with " ", "-" or "+"; "\\ No newline at end of file" may follow one.',
    }),
  }),
});

const PromptVariableChanges = builder
  .objectRef<VariableChanges>('PromptVariableChanges')
  .implement({
    fields: (t) => ({
      added: t.exposeStringList('added'),
      removed: t.exposeStringList('removed'),
      changed: t.exposeStringList('changed', {
        description: 'In both versions, with another type, default or description.',
      }),
    }),
  });

const PromptDiff = builder.objectRef<prompts.PromptDiff>('PromptDiff').implement({
  fields: (t) => ({
    prompt: t.exposeString('prompt'),
    from: t.exposeInt('from'),
    to: t.exposeInt('to'),
    unified: t.exposeString('unified', {
      description:
        'Unified diff of the bodies (of a CHAT prompt, its messages as [role] blocks); empty when equal.',
    }),
    hunks: t.expose('hunks', { type: [PromptDiffHunkRef] }),
    variables: t.expose('variables', { type: PromptVariableChanges }),
    configChanged: t.exposeBoolean('configChanged', {
      description: 'The model config differs.',
    }),
    identical: t.exposeBoolean('identical'),
  }),
});

builder.queryFields((t) => ({
  prompt: t.field({
    authScopes: { 'prompts:read': true },
    type: PromptTemplate,
    nullable: true,
    description: 'Null when there is no prompt by that name.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => prompts.prompt(ctx, args.name),
  }),
  prompts: t.field({
    authScopes: { 'prompts:read': true },
    type: [PromptTemplate],
    description: 'By name; with `tags`, only prompts carrying every one of them.',
    args: { tags: t.arg.stringList() },
    resolve: (_root, args, ctx) => prompts.prompts(ctx, { tags: args.tags }),
  }),
  renderPrompt: t.field({
    authScopes: { 'prompts:read': true },
    type: RenderedPrompt,
    description:
      'Renders a version chosen by label or version. Without either: the `production` label when the prompt has one, else the newest version. Includes ({{> name}}, {{> name@label}}, {{> name#3}}) resolve the same way at render time. A missing, unknown or mistyped variable or placeholder, and an include that is missing or makes a cycle, is BAD_USER_INPUT naming it.',
    args: {
      name: t.arg.string({ required: true }),
      label: t.arg.string(),
      version: t.arg.int(),
      variables: t.arg({ type: 'JSON', description: 'An object of values by variable name.' }),
      placeholders: t.arg({
        type: 'JSON',
        description:
          'A CHAT prompt\'s placeholders: { name: [{ role: "user", content: "…" }, …] }.',
      }),
    },
    resolve: (_root, args, ctx) =>
      prompts.renderPrompt(ctx, {
        name: args.name,
        label: args.label,
        version: args.version,
        variables: args.variables as Record<string, unknown> | null | undefined,
        placeholders: args.placeholders,
      }),
  }),
  promptDiff: t.field({
    authScopes: { 'prompts:read': true },
    type: PromptDiff,
    args: {
      name: t.arg.string({ required: true }),
      from: t.arg({ type: PromptVersionRef, required: true }),
      to: t.arg({ type: PromptVersionRef, required: true }),
    },
    resolve: (_root, args, ctx) => prompts.promptDiff(ctx, args.name, args.from, args.to),
  }),
}));

const PromptVariableInput = builder.inputType('PromptVariableInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.field({ type: PromptVariableType, required: true }),
    default: t.field({ type: 'JSON', description: 'Absent: the variable is required.' }),
    description: t.string(),
  }),
});

const CreatePromptInput = builder.inputType('CreatePromptInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    type: t.field({ type: PromptTypeEnum, defaultValue: 'TEXT' }),
    description: t.string(),
    tags: t.stringList(),
    body: t.string({ description: "A TEXT prompt's template." }),
    messages: t.field({ type: [PromptMessageInput], description: "A CHAT prompt's messages." }),
    config: t.field({ type: 'JSON', description: 'Model config: an object, kept as given.' }),
    variables: t.field({ type: [PromptVariableInput] }),
    message: t.string(),
    labels: t.stringList({ description: 'Labels to point at version 1.' }),
  }),
});

const AddPromptVersionInput = builder.inputType('AddPromptVersionInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    body: t.string({ description: "A TEXT prompt's template." }),
    messages: t.field({ type: [PromptMessageInput], description: "A CHAT prompt's messages." }),
    config: t.field({ type: 'JSON', description: 'Model config: an object, kept as given.' }),
    variables: t.field({ type: [PromptVariableInput] }),
    message: t.string(),
    labels: t.stringList({ description: 'Labels to move to the new version.' }),
  }),
});

const UpdatePromptInput = builder.inputType('UpdatePromptInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    description: t.string(),
    tags: t.stringList({ description: 'Replaces every tag.' }),
  }),
});

builder.mutationFields((t) => ({
  createPrompt: t.field({
    authScopes: { 'prompts:write': true },
    type: PromptTemplate,
    description: 'Creates a prompt with version 1. A name in use is CONFLICT.',
    args: { input: t.arg({ type: CreatePromptInput, required: true }) },
    resolve: (_root, args, ctx) => prompts.createPrompt(ctx, args.input),
  }),
  addPromptVersion: t.field({
    authScopes: { 'prompts:write': true },
    type: PromptVersion,
    description: 'Saves the next version; every variable used must be declared and vice versa.',
    args: { input: t.arg({ type: AddPromptVersionInput, required: true }) },
    resolve: (_root, args, ctx) => prompts.addPromptVersion(ctx, args.input),
  }),
  updatePrompt: t.field({
    authScopes: { 'prompts:write': true },
    type: PromptTemplate,
    description: 'Description and tags; bodies change only through new versions.',
    args: { input: t.arg({ type: UpdatePromptInput, required: true }) },
    resolve: (_root, args, ctx) => prompts.updatePrompt(ctx, args.input),
  }),
  setPromptLabel: t.field({
    authScopes: { 'prompts:write': true },
    type: PromptTemplate,
    description:
      'Points a label (production, staging, …) at a version, creating or moving it; a rollback is a move to an older version. Every move is kept in promptLabelHistory. A protected label needs prompts:admin (FORBIDDEN otherwise).',
    args: {
      name: t.arg.string({ required: true }),
      label: t.arg.string({ required: true }),
      version: t.arg.int({ required: true }),
      message: t.arg.string({ description: 'Why; kept in the label history.' }),
    },
    resolve: (_root, args, ctx) => prompts.setPromptLabel(ctx, args),
  }),
  removePromptLabel: t.field({
    authScopes: { 'prompts:write': true },
    type: PromptTemplate,
    description: 'A protected label needs prompts:admin (FORBIDDEN otherwise).',
    args: {
      name: t.arg.string({ required: true }),
      label: t.arg.string({ required: true }),
      message: t.arg.string({ description: 'Why; kept in the label history.' }),
    },
    resolve: (_root, args, ctx) => prompts.removePromptLabel(ctx, args),
  }),
  deletePrompt: t.boolean({
    authScopes: { 'prompts:write': true },
    description: 'Deletes a prompt with all its versions and labels.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => prompts.deletePrompt(ctx, args.name),
  }),
}));

const PromptChangeKind = builder.enumType('PromptChangeKind', {
  values: [
    'CREATED',
    'UPDATED',
    'VERSION_ADDED',
    'LABEL_SET',
    'LABEL_REMOVED',
    'LABEL_PROTECTED',
    'LABEL_UNPROTECTED',
    'DELETED',
    'RESYNC',
  ] as const,
  description: 'RESYNC: events were lost (retention passed, or the client fell behind); reload.',
});

const PromptChangeEvent = builder
  .objectRef<prompts.PromptChangeEvent>('PromptChangeEvent')
  .implement({
    fields: (t) => ({
      sequence: t.exposeString('sequence', {
        description: 'Pass as `since` (or SSE Last-Event-ID) to resume after this event.',
      }),
      kind: t.field({ type: PromptChangeKind, resolve: (event) => event.kind }),
      name: t.exposeString('name', { nullable: true, description: 'Null for RESYNC.' }),
      version: t.exposeInt('version', {
        nullable: true,
        description: 'The version created, or the one a label now points at.',
      }),
      label: t.exposeString('label', { nullable: true }),
      fromVersion: t.exposeInt('fromVersion', {
        nullable: true,
        description: 'LABEL_SET and LABEL_REMOVED: where the label pointed before (null: nowhere).',
      }),
      message: t.exposeString('message', {
        nullable: true,
        description: 'LABEL_SET and LABEL_REMOVED: the reason given with the move.',
      }),
      by: t.exposeString('by', { nullable: true, description: 'Who made the change.' }),
    }),
  });

builder.subscriptionField('promptChanged', (t) =>
  t.field({
    authScopes: { 'prompts:read': true },
    type: PromptChangeEvent,
    description: 'Changes to one prompt, or to all when name is absent.',
    args: { name: t.arg.string(), since: t.arg.string() },
    subscribe: (_root, args, ctx) =>
      prompts.promptChanged(ctx, { name: args.name, since: args.since ?? ctx.lastEventId }),
    resolve: (event) => event,
  }),
);
