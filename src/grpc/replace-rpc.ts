// genpod.agent.v1.AgentService/ReplaceInFiles: GraphQL's replaceInFiles, from
// the same resolver, so limits, statuses and errors agree.
import * as replace from '../resolvers/file-replace.ts';
import type { Services } from '../resolvers/context.ts';
import { unaryCall } from './call-handlers.ts';
import type { AgentServiceHandlers } from './generated/genpod/agent/v1/AgentService.ts';
import type { FileReplacement } from './generated/genpod/agent/v1/FileReplacement.ts';

function fileOf(file: replace.FileReplacement): FileReplacement {
  return {
    path: file.path,
    status: file.status,
    matchCount: file.matchCount,
    matches: file.matches,
    diff: file.diff ?? '',
    previousVersion: file.previousVersion,
    version: file.version ?? '',
    reason: file.reason ?? '',
  };
}

export function createReplaceRpcHandler(
  services: Services,
): AgentServiceHandlers['ReplaceInFiles'] {
  return unaryCall(services, async (ctx, request) => {
    const result = await replace.replaceInFiles(ctx, {
      path: request.path,
      pattern: request.pattern,
      regex: request.regex,
      caseSensitive: request.caseSensitive ?? true,
      replacement: request.replacement,
      include: request.include,
      exclude: request.exclude,
      respectGitignore: request.respectGitignore ?? true,
      dryRun: request.dryRun,
    });
    return {
      dryRun: result.dryRun,
      files: result.files.map(fileOf),
      filesScanned: result.filesScanned,
      filesChanged: result.filesChanged,
      matchCount: result.matchCount,
    };
  });
}
