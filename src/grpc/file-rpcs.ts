// The files RPCs of genpod.agent.v1.AgentService: ReadFile, WriteFile,
// ListTree, SearchFiles, DeletePath, MovePath, CreateDirectory. Each maps its
// request onto the same resolver GraphQL calls, so rules and errors agree.
import { NotFound } from '../core/errors.ts';
import * as files from '../resolvers/files.ts';
import type { Services } from '../resolvers/context.ts';
import { unaryCall } from './call-handlers.ts';
import type { WithEncodedAnswers } from './encoded-message.ts';
import { encodeTreeEntry } from './tree-encoding.ts';
import type { AgentServiceHandlers } from './generated/genpod/agent/v1/AgentService.ts';
import type { FileEntry } from './generated/genpod/agent/v1/FileEntry.ts';
import type { SearchFilesMatch } from './generated/genpod/agent/v1/SearchFilesMatch.ts';

type FileRpcs =
  | 'ReadFile'
  | 'WriteFile'
  | 'ListTree'
  | 'SearchFiles'
  | 'DeletePath'
  | 'MovePath'
  | 'CreateDirectory';

/** int64 fields arrive as strings (longs: String); the resolvers check the range. */
function toNumber(value: string | number | undefined): number {
  return value === undefined || value === '' ? 0 : Number(value);
}

function entryOf(view: files.FileView, withContent: boolean): FileEntry {
  const entry: FileEntry = {
    path: view.path,
    name: view.name,
    kind: view.kind,
    size: view.size,
    modifiedAt: view.modifiedAt.toISOString(),
    version: view.version,
    binary: view.binary,
    language: view.language ?? '',
    symlinkTarget: view.symlinkTarget ?? '',
  };
  if (!withContent || !view.body) return entry;
  // Text as a string, binary as bytes; TOO_LARGE past the size limit, as in GraphQL.
  if (view.binary)
    return { ...entry, data: files.rawContent(view) ?? Buffer.alloc(0), hasContent: true };
  return { ...entry, content: files.textContent(view) ?? '', hasContent: true };
}

function matchOf(match: files.SearchMatch): SearchFilesMatch {
  return {
    path: match.path,
    kind: files.fileKindOf(match.kind),
    line: match.line ?? 0,
    column: match.column ?? 0,
    lineText: match.lineText ?? '',
  };
}

export function createFileRpcHandlers(
  services: Services,
): WithEncodedAnswers<Pick<AgentServiceHandlers, FileRpcs>, 'ListTree'> {
  return {
    ReadFile: unaryCall(services, async (ctx, request) => {
      if (request.range) {
        const range = await files.readBytes(
          ctx,
          request.path,
          toNumber(request.range.offset),
          toNumber(request.range.length),
        );
        return {
          path: request.path,
          name: request.path.slice(request.path.lastIndexOf('/') + 1),
          kind: 'FILE',
          size: range.totalSize,
          data: range.bytes,
          hasContent: true,
          rangeOffset: range.offset,
          endOfFile: range.endOfFile,
        };
      }
      const view = await files.file(ctx, request.path);
      if (!view) throw new NotFound(`${request.path} does not exist`, { path: request.path });
      return entryOf(view, !request.metadataOnly);
    }),

    WriteFile: unaryCall(services, async (ctx, request) =>
      entryOf(
        await files.writeFile(ctx, {
          path: request.path,
          content: request.binary ? '' : request.content,
          ...(request.binary ? { data: request.data } : {}),
          ifVersion: request.ifVersion === '' ? undefined : request.ifVersion,
          createParents: request.createParents ?? true,
        }),
        false,
      ),
    ),

    // Encoded from the walk's nodes: no plain-object copy of a big tree (encoded-message.ts).
    ListTree: unaryCall(services, async (ctx, request) =>
      encodeTreeEntry(
        await files.tree(ctx, {
          path: request.path,
          // proto3 cannot tell 0 from unset: 0 takes the GraphQL default.
          depth: request.depth === 0 ? 1 : request.depth,
          limit: request.limit === 0 ? undefined : request.limit,
          includeIgnored: request.includeIgnored,
        }),
      ),
    ),

    SearchFiles: unaryCall(services, async (ctx, request) => {
      const result = await files.searchFiles(ctx, {
        path: request.path,
        glob: request.glob,
        content: request.content,
        regex: request.regex,
        caseSensitive: request.caseSensitive,
        limit: request.limit === 0 ? undefined : request.limit,
        includeIgnored: request.includeIgnored,
      });
      return {
        matches: result.matches.map(matchOf),
        truncated: result.truncated,
        filesScanned: result.filesScanned,
      };
    }),

    DeletePath: unaryCall(services, async (ctx, request) => ({
      deleted: await files.deletePath(ctx, request.path, request.recursive),
    })),

    MovePath: unaryCall(services, async (ctx, request) =>
      entryOf(
        await files.movePath(ctx, request.from, request.to, request.createParents ?? true),
        false,
      ),
    ),

    CreateDirectory: unaryCall(services, async (ctx, request) =>
      entryOf(await files.createDirectory(ctx, request.path), false),
    ),
  };
}
