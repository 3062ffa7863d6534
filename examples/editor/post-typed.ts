// A typed GraphQL request over plain fetch (POST /graphql): data typed by the
// generated document; GraphQL errors thrown as one GraphQLResponseError, as
// the subscription wrapper does, so `.code` tells CONFLICT from the rest.
import type { TypedDocumentString } from '../live-file/generated/graphql.ts';
import { GraphQLResponseError, type GraphQLErrorPayload } from '../live-file/typed-subscription.ts';

interface Response<TResult> {
  data?: TResult | null;
  errors?: GraphQLErrorPayload[];
}

export async function postTyped<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  headers: Record<string, string>,
  variables: TVariables,
): Promise<TResult> {
  const response = await fetch(new URL('/graphql', location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  const body = (await response.json()) as Response<TResult>;
  if (body.errors?.length) throw new GraphQLResponseError(body.errors);
  if (!body.data) throw new Error(`the server answered ${response.status} without data`);
  return body.data;
}
