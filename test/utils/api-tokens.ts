// API tokens made the way a client makes them: `createApiToken` over GraphQL,
// with the admin token of a started test server.
import { gql } from './graphql.ts';
import type { TestServer } from './tserver.ts';

/** Creates a token (`CreateApiTokenInput`) and returns its secret, shown this once. */
export async function createApiToken(
  t: Pick<TestServer, 'graphqlUrl' | 'authHeaders'>,
  input: Record<string, unknown>,
): Promise<string> {
  const result = await gql<{ createApiToken: { secret: string } }>(
    t.graphqlUrl,
    'mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret } }',
    { input },
    t.authHeaders,
  );
  const secret = result.data?.createApiToken.secret;
  if (result.errors || !secret) throw new Error(`no token: ${JSON.stringify(result.errors)}`);
  return secret;
}
