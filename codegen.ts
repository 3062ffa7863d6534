// GraphQL Code Generator: TypeScript types for the operations the examples
// send, from the checked-in schema.graphql. `npm run codegen` rewrites them;
// test/examples/codegen.test.ts fails when they fall behind the schema.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  // One generated folder for every example's operations; the editor imports it too.
  documents: ['examples/**/*.ts', '!examples/*/generated/**'],
  // Relative imports as this repository writes them (NodeNext with .ts).
  importExtension: '.ts',
  generates: {
    'examples/live-file/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as plain strings (TypedDocumentString): graphql-sse sends
        // the query text, so the page needs no GraphQL parser at run time.
        documentMode: 'string',
        // String unions, not TS enums: tsconfig has erasableSyntaxOnly.
        enumsAsTypes: true,
        useTypeImports: true,
        onlyOperationTypes: true,
        // DateTime travels as an ISO 8601 string; scalars the examples do not
        // use stay `unknown` rather than `any`.
        scalars: { DateTime: 'string' },
        defaultScalarType: 'unknown',
      },
    },
  },
};

export default config;
