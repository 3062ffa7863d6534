// The prompt the render benchmark stores in GenPod and its baselines render
// from memory: one body, its declared variables, and the values agents send.
export const promptBody = [
  'You are reviewing {{language}} code for {{project}}.',
  '{{#strict}}Be strict about style.{{/strict}}',
  'Rules:',
  '{{#rules}}- {{.}}',
  '{{/rules}}Answer in at most {{words}} words.',
].join('\n');

export const promptVariables = [
  { name: 'language', type: 'STRING' },
  { name: 'project', type: 'STRING' },
  { name: 'strict', type: 'BOOLEAN', default: false },
  { name: 'rules', type: 'JSON', default: [] },
  { name: 'words', type: 'NUMBER', default: 200 },
] as const;

/** The declared defaults, as the baselines fill them in. */
export const promptDefaults = { strict: false, rules: [], words: 200 };

export const promptValues = {
  language: 'TypeScript',
  project: 'GenPod',
  strict: true,
  rules: ['no any', 'small files'],
};
