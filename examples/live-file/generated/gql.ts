/* eslint-disable */
import * as types from './graphql.ts';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  subscription EditorFile($path: String!, $since: String, $edits: Boolean!) {\n    fileContent(path: $path, edits: $edits, since: $since) {\n      sequence\n      kind\n      version\n      baseVersion\n      content\n      edits {\n        range {\n          startLineNumber\n          startColumn\n          endLineNumber\n          endColumn\n        }\n        text\n      }\n      actor {\n        kind\n        principalId\n        agentId\n        chatSessionId\n        chatMessageId\n      }\n    }\n  }\n": typeof types.EditorFileDocument,
    "\n  mutation SaveFile($path: String!, $content: String!, $ifVersion: String) {\n    writeFile(input: { path: $path, content: $content, ifVersion: $ifVersion }) {\n      version\n    }\n  }\n": typeof types.SaveFileDocument,
    "\n  subscription LiveFile($path: String!) {\n    fileContent(path: $path) {\n      sequence\n      path\n      deleted\n      content\n      version\n    }\n  }\n": typeof types.LiveFileDocument,
};
const documents: Documents = {
    "\n  subscription EditorFile($path: String!, $since: String, $edits: Boolean!) {\n    fileContent(path: $path, edits: $edits, since: $since) {\n      sequence\n      kind\n      version\n      baseVersion\n      content\n      edits {\n        range {\n          startLineNumber\n          startColumn\n          endLineNumber\n          endColumn\n        }\n        text\n      }\n      actor {\n        kind\n        principalId\n        agentId\n        chatSessionId\n        chatMessageId\n      }\n    }\n  }\n": types.EditorFileDocument,
    "\n  mutation SaveFile($path: String!, $content: String!, $ifVersion: String) {\n    writeFile(input: { path: $path, content: $content, ifVersion: $ifVersion }) {\n      version\n    }\n  }\n": types.SaveFileDocument,
    "\n  subscription LiveFile($path: String!) {\n    fileContent(path: $path) {\n      sequence\n      path\n      deleted\n      content\n      version\n    }\n  }\n": types.LiveFileDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription EditorFile($path: String!, $since: String, $edits: Boolean!) {\n    fileContent(path: $path, edits: $edits, since: $since) {\n      sequence\n      kind\n      version\n      baseVersion\n      content\n      edits {\n        range {\n          startLineNumber\n          startColumn\n          endLineNumber\n          endColumn\n        }\n        text\n      }\n      actor {\n        kind\n        principalId\n        agentId\n        chatSessionId\n        chatMessageId\n      }\n    }\n  }\n"): typeof import('./graphql.ts').EditorFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveFile($path: String!, $content: String!, $ifVersion: String) {\n    writeFile(input: { path: $path, content: $content, ifVersion: $ifVersion }) {\n      version\n    }\n  }\n"): typeof import('./graphql.ts').SaveFileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveFile($path: String!) {\n    fileContent(path: $path) {\n      sequence\n      path\n      deleted\n      content\n      version\n    }\n  }\n"): typeof import('./graphql.ts').LiveFileDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
