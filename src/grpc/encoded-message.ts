// A response a handler has already encoded to protobuf bytes. grpc-js
// serialises a plain object by building a protobufjs message of it first
// (`fromObject`) and encoding that; for a ListTree answer of 100,000 entries
// that is two more trees of 100,000 objects (the plain one and the message
// one) for the garbage collector, where encoding the walk's own nodes needs
// none (docs/performance.md, "tree").
import type { handleUnaryCall, ServiceDefinition } from '@grpc/grpc-js';

export class EncodedMessage {
  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }
}

/** A service's handlers, the unary ones named `K` answering an EncodedMessage. */
export type WithEncodedAnswers<Handlers, K extends keyof Handlers> = Omit<Handlers, K> & {
  [P in K]: Handlers[P] extends handleUnaryCall<infer Request, unknown>
    ? handleUnaryCall<Request, EncodedMessage>
    : never;
};

/** The service, its responses serialised as before unless already encoded. */
export function withEncodedResponses<T extends ServiceDefinition>(definition: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(definition)) {
    const original = method.responseSerialize;
    wrapped[name] = {
      ...method,
      responseSerialize: (value: unknown): Buffer =>
        value instanceof EncodedMessage ? value.bytes : original(value),
    };
  }
  return wrapped as T;
}
