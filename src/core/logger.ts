// Structured logs: JSON lines for machines, pino-pretty when a person watches a terminal.
import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level: LevelWithSilent;
  format: 'auto' | 'json' | 'pretty';
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: NodeJS.WritableStream;
  /** Also receives every JSON line (the log files and live tails: src/core/logs). */
  files?: { write(line: string): unknown };
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
  // Config and environment objects, should one be logged whole: the Fernet
  // keys, the Gemini key and the admin token (src/config.ts, process env).
  'fernetSecret',
  '*.fernetSecret',
  'geminiApiKey',
  '*.geminiApiKey',
  'adminToken',
  '*.adminToken',
  'FERNET_SECRET',
  '*.FERNET_SECRET',
  'GEMINI_API_KEY',
  '*.GEMINI_API_KEY',
  'GENPOD_ADMIN_TOKEN',
  '*.GENPOD_ADMIN_TOKEN',
];

export function createLogger(options: LoggerOptions): Logger {
  const usePretty =
    options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const base = {
    level: options.level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  const console = usePretty
    ? pretty({ sync: true, destination: options.destination ?? process.stdout, colorize: true })
    : (options.destination ?? pino.destination({ sync: false }));
  if (!options.files) return pino(base, console);
  // Both get the same redacted JSON line; pino-pretty formats its copy for people.
  // The logger's own level decides what is written (and may change while
  // running), so the streams themselves let every level through.
  return pino(
    base,
    pino.multistream([
      { stream: console, level: 'trace' },
      { stream: options.files, level: 'trace' },
    ]),
  );
}
