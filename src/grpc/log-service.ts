// genpod.agent.v1.LogService: agents push their log lines, and anyone with
// logs:read follows the log, through the same resolvers as GraphQL.
import { InvalidInput } from '../core/errors.ts';
import { logLevels } from '../core/logs/log-entry.ts';
import type { Services } from '../resolvers/context.ts';
import {
  logTail,
  pushAgentLogs,
  type LogFilter,
  type LogLevel,
  type LogTailEvent,
} from '../resolvers/logs.ts';
import { serverStream } from './call-handlers.ts';
import { grpcContext } from './context.ts';
import type { LogFilter__Output } from './generated/genpod/agent/v1/LogFilter.ts';
import type { LogServiceHandlers } from './generated/genpod/agent/v1/LogService.ts';
import type { PushLogLine__Output } from './generated/genpod/agent/v1/PushLogLine.ts';
import type { TailLogsEvent } from './generated/genpod/agent/v1/TailLogsEvent.ts';
import type { TailLogsRequest__Output } from './generated/genpod/agent/v1/TailLogsRequest.ts';
import { toGrpcStatus } from './status.ts';

export const logServiceName = 'genpod.agent.v1.LogService';

function level(value: string, field: string): LogLevel {
  const lower = value.toLowerCase();
  if (!(logLevels as readonly string[]).includes(lower)) {
    throw new InvalidInput(`${field} must be one of ${logLevels.join(', ')}`, { field });
  }
  return lower as LogLevel;
}

function date(value: string, field: string): Date | undefined {
  if (value === '') return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) {
    throw new InvalidInput(`${field} must be an RFC 3339 date-time`, { field });
  }
  return parsed;
}

/** proto3 has no "unset" for strings: empty means absent. */
export function toLogFilter(filter: LogFilter__Output | null | undefined): LogFilter {
  if (!filter) return {};
  if (filter.source !== '' && filter.source !== 'server' && filter.source !== 'agent') {
    throw new InvalidInput('filter.source must be server, agent or empty', {
      field: 'filter.source',
    });
  }
  return {
    levels: filter.levels.map((value, i) => level(value, `filter.levels[${i}]`)),
    minLevel: filter.minLevel === '' ? undefined : level(filter.minLevel, 'filter.min_level'),
    source: filter.source === '' ? undefined : filter.source,
    component: filter.component || undefined,
    agentId: filter.agentId || undefined,
    from: date(filter.from, 'filter.from'),
    to: date(filter.to, 'filter.to'),
    text: filter.text || undefined,
    regex: filter.regex || undefined,
  };
}

export function toTailLogsEvent(event: LogTailEvent): TailLogsEvent {
  if (event.kind === 'DROPPED' || !event.line) {
    return { dropped: { dropped: event.dropped, resumeCursor: event.sequence ?? '' } };
  }
  const line = event.line;
  return {
    line: {
      cursor: line.cursor,
      time: line.time.toISOString(),
      level: line.level,
      source: line.source,
      component: line.component ?? '',
      agentId: line.agentId ?? '',
      message: line.message,
      fieldsJson: JSON.stringify(line.fields),
    },
  };
}

export function createLogServiceHandlers(services: Services): LogServiceHandlers {
  return {
    PushLogs(call, callback) {
      const ctx = grpcContext(services, call);
      let accepted = 0;
      let answered = false;
      const answer: typeof callback = (...args) => {
        if (answered) return;
        answered = true;
        callback(...args);
      };
      call.on('data', (message: PushLogLine__Output) => {
        if (answered) return;
        try {
          accepted += pushAgentLogs(ctx, {
            agentId: message.agentId,
            firstIndex: accepted,
            lines: [
              {
                level: message.level,
                message: message.message,
                time: message.time || undefined,
                fields: message.fieldsJson || undefined,
              },
            ],
          });
        } catch (error) {
          // The lines before the bad one are stored; the status says which one failed.
          answer(toGrpcStatus(error, services.logger));
        }
      });
      call.on('end', () => answer(null, { accepted }));
      call.on('error', () => {
        // The client went away: what arrived is stored; there is no one to answer.
        answered = true;
      });
    },

    TailLogs: serverStream(
      services,
      (ctx, request: TailLogsRequest__Output) =>
        logTail(ctx, {
          filter: toLogFilter(request.filter),
          tail: request.tail,
          since: request.since === '' ? undefined : request.since,
        }),
      toTailLogsEvent,
    ),
  };
}
