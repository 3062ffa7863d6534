// Performance figures for dashboards: the same registry `/metrics` serves,
// as typed figures and as raw families, once or every interval.
import { requireScopes } from '../core/auth/scope-check.ts';
import { setInterval as every } from 'node:timers/promises';
import { InvalidInput } from '../core/errors.ts';
import {
  readMetricFamilies,
  readMetricsDashboard,
  type MetricFamily,
  type MetricsDashboard,
} from '../core/metrics-dashboard.ts';
import type { Context } from './context.ts';

export type { MetricFamily, MetricsDashboard };

function requireMetricsScope(ctx: Context): void {
  // Figures tell how the server is used; readers of logs may see them.
  requireScopes(ctx.principal, 'logs:read');
}

export async function metrics(ctx: Context): Promise<MetricsDashboard> {
  requireMetricsScope(ctx);
  return readMetricsDashboard(ctx.services.metrics);
}

export async function metricFamilies(
  ctx: Context,
  names: readonly string[] | undefined,
): Promise<MetricFamily[]> {
  requireMetricsScope(ctx);
  return readMetricFamilies(ctx.services.metrics, names);
}

export const metricsUpdateLimits = { minMs: 250, maxMs: 60_000 };

/** A reading at once, then one every `intervalMs`; rates cover the time between readings. */
export function metricsUpdates(ctx: Context, intervalMs: number): AsyncIterable<MetricsDashboard> {
  requireMetricsScope(ctx);
  if (
    !Number.isInteger(intervalMs) ||
    intervalMs < metricsUpdateLimits.minMs ||
    intervalMs > metricsUpdateLimits.maxMs
  ) {
    throw new InvalidInput(
      `intervalMs must be a whole number between ${metricsUpdateLimits.minMs} and ${metricsUpdateLimits.maxMs}`,
      { field: 'intervalMs' },
    );
  }
  return readings(ctx, intervalMs);
}

async function* readings(ctx: Context, intervalMs: number): AsyncGenerator<MetricsDashboard> {
  yield await readMetricsDashboard(ctx.services.metrics);
  try {
    for await (const _ of every(intervalMs, undefined, { signal: ctx.services.shutdown })) {
      yield await readMetricsDashboard(ctx.services.metrics);
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}
