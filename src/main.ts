// `npm start`: reads `.env` and the environment, starts the server, and stops
// it cleanly on SIGTERM or SIGINT. Start-up problems print one line and exit 1.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError } from './config.ts';
import { scheduleMarkingForServer } from './gc-schedule.ts';
import { startServer } from './server.ts';

// V8 reads these flags each time it decides whether to start marking, so set
// after the imports they still govern the server's whole life (src/gc-schedule.ts).
scheduleMarkingForServer();

// The environment wins over .env, as with every dotenv-style tool.
const fileEnv = existsSync('.env') ? parse(readFileSync('.env')) : {};

try {
  const server = await startServer({ env: { ...fileEnv, ...process.env } });
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    server.services.logger.info({ signal }, 'signal received');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.services.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} catch (error) {
  const message =
    error instanceof ConfigError
      ? error.message
      : `failed to start: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
  process.stderr.write(`genpod: ${message}\n`);
  process.exit(1);
}
