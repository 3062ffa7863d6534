// Preparing a GraphQL operation outside Yoga's request pipeline, for a door
// that reads requests itself (the fast path, src/http/graphql-door.ts; a lean
// SSE door could use it the same way): the document parsed and validated once
// per query text (a bounded LRU), through Yoga's own Envelop instance, so that
// every parse and validation rule of the Yoga plugins holds unchanged: the
// nesting, token, depth, cost, alias and directive limits (use-query-limits.ts),
// secret inputs never echoed (use-secret-input-errors.ts), introspection off
// when configured (use-no-introspection.ts). Executing through the same
// instance keeps the rate limit, the metrics and the error mask.
import type { GetEnvelopedFn } from '@envelop/core';
import {
  getOperationAST,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type OperationDefinitionNode,
} from 'graphql';
import { handleMaybePromise, type MaybePromise } from '@whatwg-node/promise-helpers';
import { LRUCache } from 'lru-cache';

export interface OperationParams {
  query: string;
  variables?: Record<string, unknown> | null | undefined;
  operationName?: string | null | undefined;
}

/** Yoga's Envelop instance for one request. */
export type Enveloped = ReturnType<GetEnvelopedFn<unknown>>;

export type PreparedOperation =
  /** Validation failed: the answer is these errors, as Yoga gives them. */
  | { kind: 'invalid'; errors: readonly GraphQLError[] }
  | {
      kind: 'ready';
      document: DocumentNode;
      /**
       * The operation `operationName` picks; undefined when none or several
       * match, which Yoga refuses (OPERATION_RESOLUTION_FAILURE, from a parse
       * hook that runs per request, so not on a document taken from the cache).
       */
      operation: OperationDefinitionNode | undefined;
      /** Builds the context (Yoga's context factory) and runs the operation. */
      run(): MaybePromise<ExecutionResult | AsyncIterable<ExecutionResult>>;
    };

export interface OperationPreparerOptions {
  /** Yoga's `getEnveloped`: its plugins' parse, validate, context and execute. */
  getEnveloped: GetEnvelopedFn<unknown>;
  /** Documents kept. @default 1000 */
  maxDocuments?: number;
  /** Characters of query text kept in all. @default 16 MiB */
  maxCachedChars?: number;
  /** Longest query text kept. @default 256 KiB */
  maxCachedQueryChars?: number;
}

export type PrepareOperation = (
  initialContext: Record<string, unknown>,
  params: OperationParams,
) => PreparedOperation;

/**
 * Returns `prepare(initialContext, params)`: the initial context is what
 * Yoga's context factory receives (`request`, `params`, the server context).
 * A document that does not parse (a syntax error, a parse-time limit) throws
 * the GraphQL error Envelop's parse threw; such documents are not cached here
 * (Yoga's own cache keeps parse errors).
 */
export function createOperationPreparer(options: OperationPreparerOptions): PrepareOperation {
  const maxQueryChars = options.maxCachedQueryChars ?? 256 * 1024;
  // Only documents that passed validation: its result depends on nothing but
  // the text, since the schema and the rules are fixed for a server's life.
  const valid = new LRUCache<string, DocumentNode>({
    max: options.maxDocuments ?? 1000,
    maxSize: options.maxCachedChars ?? 16 * 1024 * 1024,
    sizeCalculation: (_document, query) => Math.max(1, query.length),
  });
  return (initialContext, params) => {
    const enveloped: Enveloped = options.getEnveloped(initialContext);
    let prepared = valid.get(params.query);
    if (!prepared) {
      const document: DocumentNode = enveloped.parse(params.query);
      const errors = enveloped.validate(enveloped.schema, document);
      if (errors.length > 0) return { kind: 'invalid', errors };
      if (params.query.length <= maxQueryChars) valid.set(params.query, document);
      prepared = document;
    }
    const document = prepared;
    const operation = getOperationAST(document, params.operationName) ?? undefined;
    return {
      kind: 'ready',
      document,
      operation,
      run: () => runOperation(enveloped, document, params, operation),
    };
  };
}

/**
 * Builds the context (Yoga's context factory and the plugins' additions) and
 * executes, or subscribes for a subscription, as Yoga's processRequest does.
 * `operation`: the one `params.operationName` picks, when the caller found it already.
 */
export function runOperation(
  enveloped: Enveloped,
  document: DocumentNode,
  params: OperationParams,
  operation = getOperationAST(document, params.operationName) ?? undefined,
): MaybePromise<ExecutionResult | AsyncIterable<ExecutionResult>> {
  return handleMaybePromise(
    () => enveloped.contextFactory(),
    (contextValue) => {
      const args: ExecutionArgs = {
        schema: enveloped.schema,
        document,
        contextValue,
        variableValues: params.variables,
        operationName: params.operationName,
      };
      return operation?.operation === 'subscription'
        ? enveloped.subscribe(args)
        : enveloped.execute(args);
    },
  );
}
