// Loads protos/agent.proto once; the loader options match the generated types
// in src/grpc/generated (npm run grpc:types).
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/agent.ts';

export const agentProtoPath = fileURLToPath(new URL('../../protos/agent.proto', import.meta.url));

export const protoLoaderOptions: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

export const agentPackageDefinition = protoLoader.loadSync(agentProtoPath, protoLoaderOptions);

export const agentProto = (
  grpc.loadPackageDefinition(agentPackageDefinition) as unknown as ProtoGrpcType
).genpod.agent.v1;
