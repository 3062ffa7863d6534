// Prompt labels beyond setting them: protection, the history of moves, and
// which prompts include a prompt (what a label move reaches).
import * as prompts from '../resolvers/prompts.ts';
import { builder } from './builder.ts';
import { PromptTemplate } from './prompts.ts';

const PromptLabelMove = builder.objectRef<prompts.LabelMoveRecord>('PromptLabelMove').implement({
  description:
    'One move of a label: created (fromVersion null), moved, or removed (toVersion null).',
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.exposeString('label'),
    fromVersion: t.exposeInt('fromVersion', { nullable: true }),
    toVersion: t.exposeInt('toVersion', { nullable: true }),
    by: t.exposeString('by', { description: 'The principal that moved it.' }),
    at: t.expose('at', { type: 'DateTime' }),
    message: t.exposeString('message'),
  }),
});

const PromptLabelHistoryPage = builder
  .objectRef<prompts.LabelHistoryPage>('PromptLabelHistoryPage')
  .implement({
    fields: (t) => ({
      moves: t.expose('moves', { type: [PromptLabelMove], description: 'Newest first.' }),
      endCursor: t.exposeString('endCursor', {
        nullable: true,
        description: 'Pass as `after` for the next, older page.',
      }),
      hasMore: t.exposeBoolean('hasMore'),
    }),
  });

const PromptDependent = builder.objectRef<prompts.PromptDependent>('PromptDependent').implement({
  description: 'A prompt whose render includes another, directly or through others.',
  fields: (t) => ({
    name: t.exposeString('name'),
    direct: t.exposeBoolean('direct'),
    chain: t.exposeStringList('chain', {
      description: 'A shortest chain of includes, from this prompt to the one asked about.',
    }),
  }),
});

builder.queryFields((t) => ({
  promptLabelHistory: t.field({
    authScopes: { 'prompts:read': true },
    type: PromptLabelHistoryPage,
    description:
      "A prompt's label moves (of one label, or all), newest first. A rollback is a move to an older version and shows here like any other.",
    args: {
      name: t.arg.string({ required: true }),
      label: t.arg.string(),
      first: t.arg.int({ description: 'Page size, 1 to 200; default 50.' }),
      after: t.arg.string({ description: 'An endCursor from the previous page.' }),
    },
    resolve: (_root, args, ctx) => prompts.promptLabelHistory(ctx, args),
  }),
  promptDependents: t.field({
    authScopes: { 'prompts:read': true },
    type: [PromptDependent],
    description:
      'The prompts that include this one ({{> name}}), directly or not, in their newest or a labelled version: what a move of one of its labels changes.',
    args: { name: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => prompts.promptDependents(ctx, args.name),
  }),
}));

builder.mutationField('protectPromptLabel', (t) =>
  t.field({
    authScopes: { 'prompts:admin': true, admin: true },
    type: PromptTemplate,
    description:
      'Marks a label protected (moving or removing it then needs prompts:admin) or unprotected. Needs prompts:admin, which admin includes. `latest` cannot be protected.',
    args: {
      name: t.arg.string({ required: true }),
      label: t.arg.string({ required: true }),
      protected: t.arg.boolean({ required: true }),
    },
    resolve: (_root, args, ctx) => prompts.protectPromptLabel(ctx, args),
  }),
);
