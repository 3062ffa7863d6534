// The live file example: shows one project file and follows it as it changes
// on disk. It uses only the published GraphQL API: the `fileContent`
// subscription over graphql-sse, typed by the code GraphQL Code Generator
// wrote into ./generated (`npm run codegen`).
import { createClient } from 'graphql-sse';
import { graphql } from './generated/gql.ts';
import { FileView } from './file-view.ts';
import { GraphQLResponseError, subscribeTyped } from './typed-subscription.ts';
import { bearerToken } from './bearer-token.ts';

const liveFileDocument = graphql(`
  subscription LiveFile($path: String!) {
    fileContent(path: $path) {
      sequence
      path
      deleted
      content
      version
    }
  }
`);

function start(): void {
  const view = new FileView(document);
  // Taken before anything else, so a token given with no path survives the
  // path form's navigation (which drops the fragment).
  const token = bearerToken();
  const path = new URLSearchParams(location.search).get('path');
  if (!path) {
    view.askForPath();
    return;
  }
  view.showPath(path);

  const client = createClient({
    // graphql-sse's distinct connections mode: one SSE response per subscription.
    url: new URL('/graphql/stream', location.href).toString(),
    headers: (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {}),
    // Reconnects resubscribe, and fileContent starts again with the current content.
    retryAttempts: 20,
  });

  const dispose = subscribeTyped(
    client,
    liveFileDocument,
    { path },
    {
      next: ({ fileContent }) => {
        if (fileContent.deleted) view.showDeleted(fileContent.sequence);
        else if (fileContent.content === null) view.showBinary(fileContent);
        else view.showContent({ ...fileContent, content: fileContent.content });
      },
      error: (error) =>
        error instanceof GraphQLResponseError
          ? view.showError(error.message, error.code)
          : view.showError(error instanceof Error ? error.message : String(error)),
      complete: () => view.showEnded(),
    },
    { connecting: (reconnecting) => view.showConnecting(reconnecting) },
  );
  addEventListener('pagehide', () => {
    dispose();
    client.dispose();
  });
}

start();
