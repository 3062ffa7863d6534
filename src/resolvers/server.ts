// Operations about the server itself: liveness, identity, and a heartbeat
// stream that lets clients prove their subscription transport works.
import { setInterval as every } from 'node:timers/promises';
import { InvalidInput } from '../core/errors.ts';
import type { Context } from './context.ts';

export interface Health {
  ok: boolean;
  database: boolean;
}

export async function health(ctx: Context): Promise<Health> {
  const database = await ctx.services.db.$queryRaw`SELECT 1`.then(
    () => true,
    (error: unknown) => {
      ctx.services.logger.error({ err: error }, 'database health check failed');
      return false;
    },
  );
  return { ok: database, database };
}

export interface ServerInfo {
  version: string;
  startedAt: Date;
  uptimeSeconds: number;
  httpPort: number;
  grpcPort: number;
  projectRoot: string;
}

export function serverInfo(ctx: Context): ServerInfo {
  const { runtime, config } = ctx.services;
  return {
    version: runtime.version,
    startedAt: runtime.startedAt,
    uptimeSeconds: (Date.now() - runtime.startedAt.getTime()) / 1000,
    httpPort: runtime.ports.http,
    grpcPort: runtime.ports.grpc,
    projectRoot: config.projectRoot,
  };
}

export interface Heartbeat {
  beat: number;
  at: Date;
}

export const heartbeatLimits = { minMs: 10, maxMs: 60_000 };

/**
 * One beat at once, then one every `intervalMs` until the caller stops reading.
 * The interval is checked before the stream exists, so a bad one fails the
 * subscription itself rather than its first event.
 */
export function heartbeat(ctx: Context, intervalMs: number): AsyncIterable<Heartbeat> {
  if (
    !Number.isInteger(intervalMs) ||
    intervalMs < heartbeatLimits.minMs ||
    intervalMs > heartbeatLimits.maxMs
  ) {
    throw new InvalidInput(
      `intervalMs must be a whole number between ${heartbeatLimits.minMs} and ${heartbeatLimits.maxMs}`,
      { field: 'intervalMs' },
    );
  }
  return beats(ctx.services.shutdown, intervalMs);
}

async function* beats(shutdown: AbortSignal, intervalMs: number): AsyncGenerator<Heartbeat> {
  let beat = 0;
  yield { beat: beat++, at: new Date() };
  try {
    for await (const _ of every(intervalMs, undefined, { signal: shutdown })) {
      yield { beat: beat++, at: new Date() };
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}
