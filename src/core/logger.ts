// Structured logs: JSON lines for machines, pino-pretty when a person watches a terminal.
import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level: LevelWithSilent;
  format: 'auto' | 'json' | 'pretty';
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
}

/** Field paths whose values never reach a log line. */
export const redactedPaths = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'apiKey',
  '*.apiKey',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'password',
  '*.password',
  'value.secret',
];

export function createLogger(options: LoggerOptions): Logger {
  const usePretty =
    options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const base = {
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  if (usePretty) {
    return pino(
      base,
      pretty({ sync: true, destination: options.destination ?? process.stdout, colorize: true }),
    );
  }
  return pino(base, options.destination ?? pino.destination({ sync: false }));
}
