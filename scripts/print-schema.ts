// `npm run schema:print`: writes schema.graphql from the Pothos schema.
import { writeFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from '../src/schema/index.ts';

await writeFile(
  new URL('../schema.graphql', import.meta.url),
  printSchema(lexicographicSortSchema(schema)) + '\n',
);
console.log('wrote schema.graphql');
