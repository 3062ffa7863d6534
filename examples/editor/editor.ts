// The editor example: one project file in Monaco, kept live with the
// `fileContent(edits: true)` subscription (each change arrives as Monaco edits
// and goes through `model.applyEdits`), saved with `writeFile(ifVersion)` so
// a save over someone else's newer version is refused and shown as a conflict.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import { createClient } from 'graphql-sse';
import { graphql } from '../live-file/generated/gql.ts';
import { GraphQLResponseError, subscribeTyped } from '../live-file/typed-subscription.ts';
import { actorLabel } from './actor-label.ts';
import { EditorSync, type FileContentEvent } from './editor-sync.ts';
import { EditorView } from './editor-view.ts';
import { postTyped } from './post-typed.ts';
import { bearerToken } from '../live-file/bearer-token.ts';

const editorFileDocument = graphql(`
  subscription EditorFile($path: String!, $since: String, $edits: Boolean!) {
    fileContent(path: $path, edits: $edits, since: $since) {
      sequence
      kind
      version
      baseVersion
      content
      edits {
        range {
          startLineNumber
          startColumn
          endLineNumber
          endColumn
        }
        text
      }
      actor {
        kind
        principalId
        agentId
        chatSessionId
        chatMessageId
      }
    }
  }
`);

const saveDocument = graphql(`
  mutation SaveFile($path: String!, $content: String!, $ifVersion: String) {
    writeFile(input: { path: $path, content: $content, ifVersion: $ifVersion }) {
      version
    }
  }
`);

// Monaco starts its worker from the server's bundle: the page's CSP allows 'self' only.
self.MonacoEnvironment = {
  getWorker: () => new Worker('/examples/editor/editor.worker.js', { type: 'module' }),
};

function start(): void {
  const view = new EditorView(document);
  const token = bearerToken();
  const query = new URLSearchParams(location.search);
  const path = query.get('path');
  // `?edits=0` takes the whole content on every change, as before edit streams (for comparison).
  const edits = query.get('edits') !== '0';
  if (!path) {
    view.askForPath();
    return;
  }
  view.showPath(path);
  const headers = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

  const model = monaco.editor.createModel('', undefined, monaco.Uri.file(path));
  const editor = monaco.editor.create(view.editorElement, {
    model,
    automaticLayout: true,
    readOnly: true,
    minimap: { enabled: false },
  });
  const sync = new EditorSync(model);
  // For tests and the console: what the editor holds, without reaching into Monaco.
  Object.assign(window, {
    genpodEditor: { text: () => model.getValue(), version: () => sync.editingBase },
  });
  model.onDidChangeContent(() => view.showDirty(sync.dirty));

  const apply = (event: FileContentEvent) => {
    const outcome = sync.receive(event);
    if (event.actor) view.showLastChange(actorLabel(event.actor));
    if (outcome === 'deleted') {
      editor.updateOptions({ readOnly: true });
      view.showDeleted();
      return;
    }
    editor.updateOptions({ readOnly: false });
    view.showVersion(event.version, event.sequence);
    if (outcome === 'kept-local') view.showChangedUnderneath();
    else if (outcome !== 'echo') view.showLive(sync.dirty);
  };

  const client = createClient({
    url: new URL('/graphql/stream', location.href).toString(),
    headers,
    retryAttempts: 20,
  });
  let dispose = () => {};
  let generation = 0;
  const follow = () => {
    dispose();
    // A replaced subscription's late events and its completion are not this page's any more.
    const mine = ++generation;
    const current = () => mine === generation;
    // Resume from what the editor holds: the server sends only the edits since then.
    dispose = subscribeTyped(
      client,
      editorFileDocument,
      { path, since: edits ? sync.serverVersion : null, edits },
      {
        next: ({ fileContent }) => {
          if (!current()) return;
          if (fileContent.kind === 'EDITS' && fileContent.baseVersion !== sync.serverVersion) {
            // Edits for a version this page does not hold: ask again from the one it does.
            follow();
            return;
          }
          apply(fileContent);
        },
        error: (error) => {
          if (!current()) return;
          if (error instanceof GraphQLResponseError) view.showError(error.message, error.code);
          else view.showError(error instanceof Error ? error.message : String(error));
        },
        complete: () => {
          if (current()) view.showError('The server ended the stream. Reload to follow again.');
        },
      },
      { connecting: (reconnecting) => current() && view.showConnecting(reconnecting) },
    );
  };
  follow();

  view.onSave(async () => {
    const content = model.getValue();
    const savedAt = model.getAlternativeVersionId();
    view.showSaving();
    try {
      const { writeFile } = await postTyped(saveDocument, headers(), {
        path,
        content,
        ifVersion: sync.editingBase,
      });
      sync.saved(writeFile.version, savedAt);
      view.showSaved(sync.dirty);
    } catch (error) {
      if (error instanceof GraphQLResponseError && error.code === 'CONFLICT') {
        view.showConflict(sync.lastRemoteActor ? actorLabel(sync.lastRemoteActor) : undefined);
      } else if (error instanceof GraphQLResponseError) {
        view.showError(error.message, error.code);
      } else {
        view.showError(error instanceof Error ? error.message : String(error));
      }
    }
  });
  view.onTakeTheirs(() => {
    sync.takeServerVersion();
    view.showLive(false);
  });

  addEventListener('pagehide', () => {
    dispose();
    client.dispose();
    editor.dispose();
  });
}

start();
