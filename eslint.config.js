import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Packages of the transports: only src/http, src/grpc, src/schema and server.ts use them. */
const transportPackages = [
  {
    regex: '^(graphql-yoga|@graphql-yoga/|@pothos/|@grpc/|graphql$|graphql-sse)',
    message: 'a transport package: only src/http, src/grpc, src/schema and server.ts import it.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'src/generated/',
      'src/grpc/generated/',
      'examples/*/generated/',
      'data/',
      'workspace/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  // Layering (docs/architecture.md): imports point down only. Core knows no
  // transport; resolvers know no HTTP, gRPC, Yoga or Pothos.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...transportPackages,
            {
              regex: '(^|/)(http|grpc|schema|resolvers)/',
              message: 'src/core imports no transport and no domain operation: imports point down.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/resolvers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...transportPackages,
            {
              regex: '(^|/)(http|grpc|schema)/',
              message:
                'src/resolvers is transport-free: GraphQL and gRPC call it, not the reverse.',
            },
          ],
        },
      ],
    },
  },
);
