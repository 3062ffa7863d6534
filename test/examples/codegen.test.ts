// The typed client example's generated code is checked in; it must be what
// GraphQL Code Generator writes today from schema.graphql and the examples'
// operations, or a schema change has left the frontend types behind.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const generatedDir = join(repoRoot, 'examples', 'live-file', 'generated');

describe('generated client types', () => {
  it('match what `npm run codegen` writes from the current schema', async () => {
    // Not saved: generate hands back each file it would write.
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...config, cwd: repoRoot, silent: true },
      false,
    );
    const expected = new Map(
      outputs.map((output) => [
        relative(repoRoot, join(repoRoot, output.filename)),
        output.content,
      ]),
    );
    expect(expected.size).toBeGreaterThan(0);

    const checkedIn = (await readdir(generatedDir)).map((name) =>
      relative(repoRoot, join(generatedDir, name)),
    );
    expect(checkedIn.sort(), 'run `npm run codegen`').toEqual([...expected.keys()].sort());
    for (const [file, content] of expected) {
      const onDisk = await readFile(join(repoRoot, file), 'utf8');
      expect(onDisk, `${file} is stale: run \`npm run codegen\``).toBe(content);
    }
  });
});
