// Fan-out is the hot path (docs/architecture.md, "The event bus"): a hundred editors on one
// project all run `subscription { fileChanges { … } }`. Executing it once per
// subscriber per event costs a GraphQL execution and a JSON serialisation
// each. Subscribers with the same document, variables and access scope share
// one execution here; the SSE writer serialises each shared result once.
//
// Only streams where a late joiner needs nothing from before it joined may be
// shared (a live change feed, not a stream that opens with a snapshot or a
// replay), so sharing is opt-in per root field.
import { isAsyncIterable, type Plugin } from '@envelop/core';
import {
  print,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../../resolvers/context.ts';

export interface SharedSubscriptionsOptions {
  /** Whether a subscription to this root field, with these variables, may be shared. */
  shareable(field: FieldNode, variables: Record<string, unknown>): boolean;
  /** Results held for a slow subscriber before it is dropped. @default 1000 */
  queueLimit?: number;
}

type Result = ExecutionResult;

interface Sink {
  push(result: Result): void;
  end(error?: unknown): void;
}

interface SharedStream {
  sinks: Set<Sink>;
  source: AsyncIterator<Result>;
}

const printed = new WeakMap<DocumentNode, string>();

function rootField(document: DocumentNode, operationName?: string | null): FieldNode | undefined {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === 'OperationDefinition' && (!operationName || d.name?.value === operationName),
  );
  const selections = operation?.selectionSet.selections ?? [];
  if (operation?.operation !== 'subscription' || selections.length !== 1) return undefined;
  const [first] = selections;
  return first?.kind === 'Field' ? first : undefined;
}

export function useSharedSubscriptions(options: SharedSubscriptionsOptions): Plugin {
  const queueLimit = options.queueLimit ?? 1_000;
  const streams = new Map<string, SharedStream>();

  const join = (key: string, stream: SharedStream): SinkIterator => {
    const sink = new SinkIterator(queueLimit, () => {
      stream.sinks.delete(sink);
      if (stream.sinks.size === 0 && streams.get(key) === stream) {
        streams.delete(key);
        void stream.source.return?.();
      }
    });
    stream.sinks.add(sink);
    return sink;
  };

  const pump = async (key: string, stream: SharedStream) => {
    try {
      for (;;) {
        const next = await stream.source.next();
        if (next.done) break;
        for (const sink of stream.sinks) sink.push(next.value);
      }
      for (const sink of [...stream.sinks]) sink.end();
    } catch (error) {
      for (const sink of [...stream.sinks]) sink.end(error);
    } finally {
      if (streams.get(key) === stream) streams.delete(key);
    }
  };

  return {
    onSubscribe({ args, subscribeFn, setSubscribeFn }) {
      const ctx = args.contextValue as Partial<Context>;
      const variables = (args.variableValues ?? {}) as Record<string, unknown>;
      const field = rootField(args.document, args.operationName);
      if (!field || ctx.lastEventId || !ctx.principal || !options.shareable(field, variables)) {
        return;
      }
      let documentText = printed.get(args.document);
      if (documentText === undefined) {
        documentText = print(args.document);
        printed.set(args.document, documentText);
      }
      const scopes = [...ctx.principal.scopes].sort().join(',');
      const key = JSON.stringify([
        documentText,
        args.operationName ?? null,
        variables,
        ctx.principal.id,
        scopes,
        // Events are filtered by the path rules too: only equal rules share.
        ctx.principal.paths ?? null,
      ]);
      setSubscribeFn(async (subscribeArgs) => {
        // Same document, variables and principal: the checks the first
        // subscriber passed hold for this one too.
        const existing = streams.get(key);
        if (existing) return join(key, existing);
        const result = await subscribeFn(subscribeArgs);
        if (!isAsyncIterable(result)) return result;
        const source = (result as AsyncIterable<Result>)[Symbol.asyncIterator]();
        const raced = streams.get(key); // another subscriber started it meanwhile
        if (raced) {
          void source.return?.();
          return join(key, raced);
        }
        const stream: SharedStream = { sinks: new Set(), source };
        streams.set(key, stream);
        const sink = join(key, stream);
        void pump(key, stream);
        return sink;
      });
    },
  };
}

/**
 * One subscriber's view of a shared stream: a bounded queue. A subscriber
 * that falls `queueLimit` results behind is ended; an SSE client reconnects
 * with Last-Event-ID and resumes on a stream of its own.
 */
class SinkIterator implements AsyncIterableIterator<Result>, Sink {
  readonly #queue: Result[] = [];
  readonly #limit: number;
  readonly #detach: () => void;
  #wake: (() => void) | undefined;
  #done = false;
  #error: unknown;

  constructor(limit: number, detach: () => void) {
    this.#limit = limit;
    this.#detach = detach;
  }

  push(result: Result): void {
    if (this.#done) return;
    if (this.#queue.length >= this.#limit) {
      this.end();
      return;
    }
    this.#queue.push(result);
    this.#notify();
  }

  end(error?: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#error = error;
    this.#detach();
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async next(): Promise<IteratorResult<Result>> {
    for (;;) {
      const result = this.#queue.shift();
      if (result) return { done: false, value: result };
      if (this.#done) {
        if (this.#error) {
          const error = this.#error;
          this.#error = undefined;
          throw error;
        }
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<Result>> {
    this.#queue.length = 0;
    this.end();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Result> {
    return this;
  }
}

/** Whether the field is given `name` (literally, or by a variable that is set). */
export function hasArgument(
  field: FieldNode,
  name: string,
  variables: Record<string, unknown>,
): boolean {
  const argument = field.arguments?.find((a) => a.name.value === name);
  if (!argument) return false;
  if (argument.value.kind === 'NullValue') return false;
  if (argument.value.kind === 'Variable') return variables[argument.value.name.value] != null;
  return true;
}
