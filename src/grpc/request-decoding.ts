// What a request that is not a valid message of its type gets: INVALID_ARGUMENT,
// like any other bad input, instead of grpc-js's INTERNAL ("Error deserializing
// request"). Each method's deserializer is wrapped: the bytes are first read
// with a reader that also refuses a `string` field holding invalid UTF-8 (proto3
// requires valid UTF-8 there; decoding would silently turn it into U+FFFD, so
// binary file content must come in a `bytes` field). A refused request reaches
// the handler as a MalformedRequest, which `malformedRequestInterceptor` answers.
import { isUtf8 } from 'node:buffer';
import {
  ServerInterceptingCall,
  type ServerInterceptor,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { InvalidInput } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { agentProtoPath } from './proto.ts';
import { toGrpcStatus } from './status.ts';

/** Stands in for a request whose bytes could not be read as its message type. */
export class MalformedRequest {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

class InvalidUtf8 extends Error {}

/** protobufjs's own reader, except that a string must be valid UTF-8. */
class Utf8CheckingReader extends protobuf.BufferReader {
  override string(): string {
    const bytes = this.bytes();
    if (!isUtf8(bytes)) throw new InvalidUtf8();
    return '';
  }
}

const root = protobuf.loadSync(agentProtoPath).resolveAll();

function checkerFor(path: string): protobuf.Type | undefined {
  // Paths read `/genpod.agent.v1.AgentService/WriteFile`.
  const [, serviceName, methodName] = /^\/(.+)\/([^/]+)$/.exec(path) ?? [];
  if (!serviceName || !methodName) return undefined;
  const method = root.lookupService(serviceName).methods[methodName];
  method?.resolve();
  return method?.resolvedRequestType ?? undefined;
}

function reasonFor(error: unknown, typeName: string): string {
  if (error instanceof InvalidUtf8) {
    return `a string field of ${typeName} is not valid UTF-8 (send binary content in a bytes field, e.g. WriteFileRequest.data with binary set)`;
  }
  return `the request is not a valid ${typeName} protobuf message`;
}

/** `definition` with every request read as described in the file comment. */
export function withCheckedRequests<T extends ServiceDefinition>(definition: T): T {
  const checked: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(definition)) {
    const type = checkerFor(method.path);
    if (!type) {
      checked[name] = method;
      continue;
    }
    const original = method.requestDeserialize;
    checked[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          type.decode(new Utf8CheckingReader(bytes));
        } catch (error) {
          return new MalformedRequest(reasonFor(error, type.name));
        }
        return original(bytes);
      },
    };
  }
  return checked as T;
}

/** Answers a MalformedRequest with INVALID_ARGUMENT before any handler sees it. */
export function malformedRequestInterceptor(logger: Logger): ServerInterceptor {
  return (_descriptor, call) =>
    new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMessage(message, passOn) {
            if (message instanceof MalformedRequest) {
              call.sendStatus(toGrpcStatus(new InvalidInput(message.reason), logger));
              return;
            }
            passOn(message);
          },
        });
      },
    });
}
