import { readFile } from 'node:fs/promises';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.ts';

describe('schema.graphql', () => {
  it('matches the schema the server builds (run `npm run schema:print` after a change)', async () => {
    const checkedIn = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(printSchema(lexicographicSortSchema(schema)) + '\n').toBe(checkedIn);
  });
});
