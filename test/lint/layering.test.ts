// The layering is held by lint (eslint.config.js, no-restricted-imports), not
// by memory: an import that runs back up, or a transport package in core or
// the resolvers, fails `npx eslint`.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The no-restricted-imports messages ESLint gives a file at `filePath` holding `code`. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const probe = x;\n`, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layering by lint', () => {
  it.each([
    ['src/core/probe.ts', "import { createYoga as x } from 'graphql-yoga';"],
    ['src/core/probe.ts', "import { Repeater as x } from '@graphql-yoga/subscription';"],
    ['src/core/files/probe.ts', "import { Server as x } from '@grpc/grpc-js';"],
    ['src/core/files/probe.ts', "import { files as x } from '../../resolvers/files.ts';"],
    ['src/core/probe.ts', "import { createGrpcServer as x } from '../grpc/server.ts';"],
    ['src/core/probe.ts', "import { builder as x } from '../schema/builder.ts';"],
    [
      'src/resolvers/probe.ts',
      "import SchemaBuilder from '@pothos/core'; const x = SchemaBuilder;",
    ],
    ['src/resolvers/probe.ts', "import { toGrpcStatus as x } from '../grpc/status.ts';"],
    ['src/resolvers/probe.ts', "import { createGraphQLServer as x } from '../http/yoga.ts';"],
  ])('refuses in %s: %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toHaveLength(1);
  });

  it.each([
    ['src/resolvers/probe.ts', "import { NotFound as x } from '../core/errors.ts';"],
    ['src/core/probe.ts', "import { NotFound as x } from './errors.ts';"],
    ['src/grpc/probe.ts', "import { Server as x } from '@grpc/grpc-js';"],
    ['src/schema/probe.ts', "import { file as x } from '../resolvers/files.ts';"],
  ])('allows in %s: %s', async (filePath, code) => {
    expect(await layeringErrors(filePath, code)).toEqual([]);
  });
});
