/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ActorKind =
  /** An agent: a gRPC write, or any write claiming an agentId. */
  | 'AGENT'
  /** Made outside the API; the watcher saw it. */
  | 'DISK'
  /** A user's client (a GraphQL write without an agentId claim). */
  | 'FRONTEND'
  /** A write for a Gemini reply: it claims an ASSISTANT message's id. */
  | 'GEMINI';

/** FULL: `content` is the whole file, replace what you hold. EDITS: apply `edits` to `baseVersion`. DELETED: the file is gone. */
export type FileContentKind =
  | 'DELETED'
  | 'EDITS'
  | 'FULL';

export type EditorFileSubscriptionVariables = Exact<{
  path: string;
  since?: string | null | undefined;
  edits: boolean;
}>;


export type EditorFileSubscription = { fileContent: { sequence: string, kind: FileContentKind, version: string | null, baseVersion: string | null, content: string | null, edits: Array<{ text: string, range: { startLineNumber: number, startColumn: number, endLineNumber: number, endColumn: number } }> | null, actor: { kind: ActorKind, principalId: string | null, agentId: string | null, chatSessionId: string | null, chatMessageId: string | null } | null } };

export type SaveFileMutationVariables = Exact<{
  path: string;
  content: string;
  ifVersion?: string | null | undefined;
}>;


export type SaveFileMutation = { writeFile: { version: string } };

export type LiveFileSubscriptionVariables = Exact<{
  path: string;
}>;


export type LiveFileSubscription = { fileContent: { sequence: string, path: string, deleted: boolean, content: string | null, version: string | null } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const EditorFileDocument = new TypedDocumentString(`
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
    `) as unknown as TypedDocumentString<EditorFileSubscription, EditorFileSubscriptionVariables>;
export const SaveFileDocument = new TypedDocumentString(`
    mutation SaveFile($path: String!, $content: String!, $ifVersion: String) {
  writeFile(input: {path: $path, content: $content, ifVersion: $ifVersion}) {
    version
  }
}
    `) as unknown as TypedDocumentString<SaveFileMutation, SaveFileMutationVariables>;
export const LiveFileDocument = new TypedDocumentString(`
    subscription LiveFile($path: String!) {
  fileContent(path: $path) {
    sequence
    path
    deleted
    content
    version
  }
}
    `) as unknown as TypedDocumentString<LiveFileSubscription, LiveFileSubscriptionVariables>;