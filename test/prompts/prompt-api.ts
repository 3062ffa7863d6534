// GraphQL and gRPC calls the prompt tests share, made the way a client makes them.
import * as grpc from '@grpc/grpc-js';
import { agentProto } from '../../src/grpc/proto.ts';
import type { GetRenderedPromptRequest } from '../../src/grpc/generated/genpod/agent/v1/GetRenderedPromptRequest.ts';
import type { RenderedPrompt__Output } from '../../src/grpc/generated/genpod/agent/v1/RenderedPrompt.ts';
import { gql, type GraphQLResponse } from '../utils/graphql.ts';
import { clientOptions } from '../utils/grpc.ts';

export const promptFields = `
  name description tags latestVersion createdAt updatedAt
  labels { name version updatedBy }
`;

export const versionFields = `
  prompt number body message createdBy createdAt labels
  variables { name type default required description }
`;

export interface VariableInput {
  name: string;
  type: 'STRING' | 'NUMBER' | 'BOOLEAN' | 'JSON';
  default?: unknown;
  description?: string;
}

export interface CreateInput {
  name: string;
  body: string;
  variables?: VariableInput[];
  description?: string;
  tags?: string[];
  labels?: string[];
  message?: string;
}

export interface PromptView {
  name: string;
  description: string;
  tags: string[];
  latestVersion: number;
  labels: Array<{ name: string; version: number; updatedBy: string }>;
}

export function createPrompt(url: string, headers: Record<string, string>, input: CreateInput) {
  return gql<{ createPrompt: PromptView }>(
    url,
    `mutation($input: CreatePromptInput!) { createPrompt(input: $input) { ${promptFields} } }`,
    { input },
    headers,
  );
}

export function addVersion(
  url: string,
  headers: Record<string, string>,
  input: Omit<CreateInput, 'description' | 'tags'>,
): Promise<GraphQLResponse<{ addPromptVersion: { number: number; labels: string[] } }>> {
  return gql(
    url,
    `mutation($input: AddPromptVersionInput!) { addPromptVersion(input: $input) { ${versionFields} } }`,
    { input },
    headers,
  );
}

export function render(
  url: string,
  headers: Record<string, string>,
  args: { name: string; label?: string; version?: number; variables?: unknown },
) {
  return gql<{
    renderPrompt: {
      name: string;
      version: number;
      labels: string[];
      text: string;
      variables: unknown;
    };
  }>(
    url,
    `query($name: String!, $label: String, $version: Int, $variables: JSON) {
      renderPrompt(name: $name, label: $label, version: $version, variables: $variables) {
        name version labels text variables
      }
    }`,
    args,
    headers,
  );
}

/** The first error's code and message, for asserting on failures. */
export function firstError(result: GraphQLResponse<unknown>) {
  const error = result.errors?.[0];
  return {
    code: error?.extensions?.code,
    message: error?.message ?? '',
    extensions: error?.extensions,
  };
}

type PromptClient = grpc.Client & {
  GetRenderedPrompt(
    request: GetRenderedPromptRequest,
    callback: (error: grpc.ServiceError | null, response?: RenderedPrompt__Output) => void,
  ): grpc.ClientUnaryCall;
};

/** PromptService.GetRenderedPrompt over a real gRPC channel, sending `token`. */
export async function getRenderedPrompt(
  target: string,
  token: string,
  request: GetRenderedPromptRequest,
): Promise<RenderedPrompt__Output> {
  const client = new agentProto.PromptService(
    target,
    grpc.credentials.createInsecure(),
    clientOptions(token),
  ) as unknown as PromptClient;
  try {
    return await new Promise((resolve, reject) => {
      client.GetRenderedPrompt(request, (error, response) => {
        if (error) reject(error);
        else if (response) resolve(response);
        else reject(new Error('no response'));
      });
    });
  } finally {
    client.close();
  }
}
