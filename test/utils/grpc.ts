// gRPC clients for tests: the agent services from the same proto agents use,
// and the standard health and reflection services from their own protos.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { agentProto } from '../../src/grpc/proto.ts';

const require = createRequire(import.meta.url);
const insecure = () => grpc.credentials.createInsecure();

/**
 * A client interceptor that sends `authorization: Bearer <token>` metadata on
 * every call, as an agent configured with a token does.
 */
export function bearerInterceptor(token: string): grpc.Interceptor {
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set('authorization', `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}

/** Client options for `new Service(target, insecure(), …)`: the token, when given. */
export function clientOptions(token: string | undefined): grpc.ClientOptions {
  return token === undefined ? {} : { interceptors: [bearerInterceptor(token)] };
}

/** The agent services' clients; every call carries `token`. */
export function agentClients(target: string, token: string) {
  const options = clientOptions(token);
  return {
    agent: new agentProto.AgentService(target, insecure(), options),
    chat: new agentProto.ChatService(target, insecure(), options),
  };
}

function loadService(protoFile: string, servicePath: string): grpc.ServiceClientConstructor {
  const definition = grpc.loadPackageDefinition(
    protoLoader.loadSync(protoFile, {
      keepCase: true,
      longs: String,
      enums: String,
      defaults: true,
    }),
  );
  let node: unknown = definition;
  for (const part of servicePath.split('.')) node = (node as Record<string, unknown>)[part];
  return node as grpc.ServiceClientConstructor;
}

type Unary<Req, Res> = (
  request: Req,
  callback: (error: grpc.ServiceError | null, response: Res) => void,
) => grpc.ClientUnaryCall;

/** grpc.health.v1.Health/Check, promisified. */
export function checkHealth(target: string, service = ''): Promise<string> {
  const Health = loadService(healthProtoPath, 'grpc.health.v1.Health');
  const client = new Health(target, insecure()) as unknown as grpc.Client & {
    Check: Unary<{ service: string }, { status: string }>;
  };
  return new Promise((resolve, reject) => {
    client.Check({ service }, (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response.status);
    });
  });
}

/**
 * The service names grpc.reflection.v1 lists, as grpcurl's `list -H
 * 'authorization: Bearer …'` shows them: reflection needs a token too.
 */
export function listServicesByReflection(target: string, token: string): Promise<string[]> {
  const reflectionProto = join(
    dirname(require.resolve('@grpc/reflection')),
    '../proto/grpc/reflection/v1/reflection.proto',
  );
  const Reflection = loadService(reflectionProto, 'grpc.reflection.v1.ServerReflection');
  const client = new Reflection(
    target,
    insecure(),
    clientOptions(token),
  ) as unknown as grpc.Client & {
    ServerReflectionInfo(): grpc.ClientDuplexStream<
      { list_services: string },
      { list_services_response?: { service: Array<{ name: string }> } }
    >;
  };
  return new Promise((resolve, reject) => {
    const call = client.ServerReflectionInfo();
    call.on(
      'data',
      (response: { list_services_response?: { service: Array<{ name: string }> } }) => {
        resolve(response.list_services_response?.service.map((s) => s.name) ?? []);
        call.end();
        client.close();
      },
    );
    call.on('error', reject);
    call.write({ list_services: '' });
  });
}
