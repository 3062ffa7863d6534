// genpod.agent.v1.GitService: git status, diff and log, read-only, and status
// followed live, from the same resolvers as GraphQL.
import type { Services } from '../resolvers/context.ts';
import * as git from '../resolvers/git.ts';
import { serverStream, unaryCall } from './call-handlers.ts';
import type { GitServiceHandlers } from './generated/genpod/agent/v1/GitService.ts';
import type { GitStatus } from './generated/genpod/agent/v1/GitStatus.ts';

export const gitServiceName = 'genpod.agent.v1.GitService';

function toStatus(status: git.GitStatus): GitStatus {
  return {
    branch: status.branch ?? '',
    commit: status.commit ?? '',
    upstream: status.upstream ?? '',
    ahead: status.ahead,
    behind: status.behind,
    files: status.files.map((file) => ({
      path: file.path,
      oldPath: file.oldPath ?? '',
      staged: file.staged ?? '',
      unstaged: file.unstaged ?? '',
      untracked: file.untracked,
    })),
  };
}

export function createGitServiceHandlers(services: Services): GitServiceHandlers {
  return {
    GetStatus: unaryCall(services, async (ctx) => toStatus(await git.gitStatus(ctx))),
    GetDiff: unaryCall(services, async (ctx, request) => ({
      diff: await git.gitDiff(ctx, { path: request.path, staged: request.staged }),
    })),
    GetLog: unaryCall(services, async (ctx, request) => ({
      commits: await git.gitLog(ctx, {
        path: request.path,
        // proto3 cannot tell 0 from unset: 0 takes the default.
        first: request.first === 0 ? undefined : request.first,
      }),
    })),
    WatchStatus: serverStream(services, (ctx) => git.gitStatusChanged(ctx), toStatus),
  };
}
