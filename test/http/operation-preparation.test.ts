// The fast path's operation preparation (src/http/operation-preparation.ts):
// a document that parsed and validated is kept by its query text, so a
// repeated query skips Envelop's parse and validate; an invalid one is
// answered with its errors every time and never kept; the cache is bounded.
// Runs on a real Envelop instance with graphql-js, counting the parses.
import { envelop, useEngine, useSchema, type Plugin } from '@envelop/core';
import { buildSchema, execute, GraphQLError, parse, subscribe, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createOperationPreparer } from '../../src/http/operation-preparation.ts';

const schema = buildSchema('type Query { hello(name: String): String }');
const hello = schema.getQueryType()?.getFields()['hello'];
if (hello) hello.resolve = (_root, args: { name?: string }) => `hello ${args.name ?? 'you'}`;

function countingEnvelop() {
  const counts = { parse: 0, validate: 0 };
  const counting: Plugin = {
    onParse: () => void counts.parse++,
    onValidate: () => void counts.validate++,
  };
  const getEnveloped = envelop({
    plugins: [useEngine({ parse, validate, execute, subscribe }), useSchema(schema), counting],
  });
  return { counts, getEnveloped };
}

async function runHello(
  prepare: ReturnType<typeof createOperationPreparer>,
  query: string,
  variables?: Record<string, unknown>,
) {
  const prepared = prepare({}, { query, variables });
  if (prepared.kind !== 'ready') throw new Error('expected a valid document');
  const result = await prepared.run();
  if (Symbol.asyncIterator in result) throw new Error('expected a single result');
  return result;
}

describe('operation preparation', () => {
  it('parses and validates a query text once, then runs it from the cache', async () => {
    const { counts, getEnveloped } = countingEnvelop();
    const prepare = createOperationPreparer({ getEnveloped });
    const query = 'query ($n: String) { hello(name: $n) }';
    expect((await runHello(prepare, query, { n: 'a' })).data).toEqual({ hello: 'hello a' });
    expect((await runHello(prepare, query, { n: 'b' })).data).toEqual({ hello: 'hello b' });
    expect(counts).toEqual({ parse: 1, validate: 1 });
  });

  it('answers an invalid document with its errors each time and keeps nothing', () => {
    const { counts, getEnveloped } = countingEnvelop();
    const prepare = createOperationPreparer({ getEnveloped });
    for (let i = 0; i < 2; i++) {
      const prepared = prepare({}, { query: '{ nope }' });
      expect(prepared.kind).toBe('invalid');
      if (prepared.kind === 'invalid') {
        expect(prepared.errors[0]?.message).toBe('Cannot query field "nope" on type "Query".');
      }
    }
    expect(counts).toEqual({ parse: 2, validate: 2 });
  });

  it('throws the parse error of a document that does not parse', () => {
    const { getEnveloped } = countingEnvelop();
    const prepare = createOperationPreparer({ getEnveloped });
    expect(() => prepare({}, { query: '{ hello' })).toThrow(GraphQLError);
  });

  it('names no operation when the operation name picks none', () => {
    const { getEnveloped } = countingEnvelop();
    const prepare = createOperationPreparer({ getEnveloped });
    const query = 'query A { hello } query B { hello }';
    const picked = prepare({}, { query, operationName: 'B' });
    const none = prepare({}, { query, operationName: 'C' });
    const unnamed = prepare({}, { query });
    expect(picked.kind === 'ready' && picked.operation?.name?.value).toBe('B');
    expect(none.kind === 'ready' && none.operation).toBeUndefined();
    expect(unnamed.kind === 'ready' && unnamed.operation).toBeUndefined();
  });

  it('keeps at most maxDocuments, and no text longer than maxCachedQueryChars', () => {
    const { counts, getEnveloped } = countingEnvelop();
    const prepare = createOperationPreparer({
      getEnveloped,
      maxDocuments: 2,
      maxCachedQueryChars: 40,
    });
    const queries = ['{ a: hello }', '{ b: hello }', '{ c: hello }'];
    for (const query of [...queries, ...queries]) prepare({}, { query });
    // Three texts through a cache of two, twice in the same order: every one was evicted.
    expect(counts.parse).toBe(6);
    const long = `{ hello ${' '.repeat(40)}}`;
    prepare({}, { query: long });
    prepare({}, { query: long });
    expect(counts.parse).toBe(8);
    prepare({}, { query: '{ c: hello }' });
    expect(counts.parse).toBe(8);
  });
});
