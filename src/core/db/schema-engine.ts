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
