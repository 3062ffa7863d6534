// Loads Prisma's schema engine compiled to WebAssembly (an npm package, so no
// binary download) and binds it to a driver adapter. The package's entry point
// imports the .wasm file as an ES module, which Node flags as experimental and
// test runners do not load; instantiating it by hand from its JS glue avoids both.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';

type Glue = typeof glue & {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
};

let loading: Promise<typeof glue> | undefined;

function loadEngineModule(): Promise<typeof glue> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    // The package's exports map does not expose the .wasm file; it sits beside the entry.
    const entry = require.resolve('@prisma/schema-engine-wasm');
    const wasmPath = join(dirname(entry), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports,
    });
    (glue as Glue).__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return loading;
}

/** The engine's log callback receives JSON lines; we keep only errors. */
type EngineLog = (line: string) => void;

export async function openSchemaEngine(
  schema: { path: string; content: string },
  adapter: SqlMigrationAwareDriverAdapterFactory,
  log: EngineLog = () => {},
): Promise<SchemaEngine> {
  const engine = await loadEngineModule();
  return engine.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
}

/**
 * The adapter factory as the engine sees it, remembering each connection it
 * opens: the engine's free() leaves them open (a SQLite file stays held after
 * the migrations), so `closeAll` closes them once the engine is done.
 */
export function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory): {
  factory: SqlMigrationAwareDriverAdapterFactory;
  closeAll(): Promise<void>;
} {
  const opened: SqlDriverAdapter[] = [];
  const remember = async (connection: Promise<SqlDriverAdapter>) => {
    const adapter = await connection;
    opened.push(adapter);
    return adapter;
  };
  const tracked = Object.create(factory) as SqlMigrationAwareDriverAdapterFactory;
  tracked.connect = () => remember(factory.connect());
  tracked.connectToShadowDb = () => remember(factory.connectToShadowDb());
  return {
    factory: tracked,
    closeAll: async () => {
      await Promise.allSettled(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}
