// @ts-check
// Loads Prisma's schema engine compiled to WebAssembly and connects it to PostgreSQL through
// @prisma/adapter-pg. Node 20 cannot import the package's `.wasm` entry directly, so the module is
// compiled and wired up by hand (see docs in ../../../README.md#offline-prisma-cli).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import * as bindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import { parse as parseConnectionString } from "pg-connection-string";

/** PostgreSQL's internal single-byte `"char"` type, used by catalog columns the engine introspects. */
const PG_INTERNAL_CHAR_OID = 18;
/** The pg type the adapter understands for the same text value. */
const PG_TEXT_OID = 25;

let wasmReady = /** @type {Promise<void> | null} */ (null);

/** Where the wasm engine writes its panic message before aborting (the CLI installs the same). */
class PanicRegistry {
  message = "";
  get() {
    return this.message;
  }
  /** @param {string} message */
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  }
}
const panicRegistry = new PanicRegistry();
/** @type {any} */ (globalThis).PRISMA_WASM_PANIC_REGISTRY = panicRegistry;

/** The message of the engine's last panic, if any. */
export function lastPanicMessage() {
  return panicRegistry.message;
}

export function loadWasm() {
  wasmReady ??= (async () => {
    const packageDir = path.dirname(fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")));
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const module = await WebAssembly.compile(bytes);
    const instance = await WebAssembly.instantiate(module, { "./schema_engine_bg.js": bindings });
    bindings.__wbg_set_wasm(instance.exports);
    /** @type {any} */ (instance.exports).__wbindgen_start();
  })();
  return wasmReady;
}

export async function wasmEngineVersion() {
  await loadWasm();
  return bindings.version();
}

/**
 * Turns a connection string into discrete pg settings. pg lets a `connectionString` win over a
 * `database` field, so keeping the string would point the "shadow" pool at the main database.
 * @param {string} url
 * @returns {pg.PoolConfig}
 */
export function poolConfigFromUrl(url) {
  const parsed = parseConnectionString(url);
  /** @type {pg.PoolConfig} */
  const config = {
    host: parsed.host ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user,
    password: parsed.password,
    database: parsed.database ?? undefined,
    max: 4,
  };
  if (parsed.ssl !== undefined && parsed.ssl !== false) {
    config.ssl = /** @type {pg.PoolConfig["ssl"]} */ (parsed.ssl);
  }
  if (parsed.options) config.options = parsed.options;
  return config;
}

/**
 * `executeScript` of @prisma/adapter-pg splits a migration on every ";", which cuts functions with
 * dollar-quoted bodies (`$$ … ; … $$`) apart. PostgreSQL runs a multi-statement script itself, as the
 * native engine lets it: send the script whole, in one simple-protocol query.
 * @template {object} T
 * @param {T} adapter
 * @returns {T}
 */
function executeScriptsWhole(adapter) {
  const target = /** @type {any} */ (adapter);
  if (typeof target.executeScript !== "function") return adapter;
  target.executeScript = async (/** @type {string} */ script) => {
    try {
      await target.underlyingDriver().query(script);
    } catch (error) {
      target.onError(error);
    }
  };
  return adapter;
}

/**
 * The adapter rejects columns of PostgreSQL's `"char"` type; the engine reads catalog columns of
 * that type and expects them as `Character`. Patch one adapter (or transaction) instance so such
 * fields are read as text and reported as `Character`.
 * @template {object} T
 * @param {T} queryable
 * @returns {T}
 */
function acceptInternalCharColumns(queryable) {
  const target = /** @type {any} */ (queryable);
  const charColumnsByQuery = new WeakMap();
  const performIO = target.performIO.bind(target);
  target.performIO = async (/** @type {any} */ query) => {
    const result = await performIO(query);
    const charColumns = [];
    for (const [index, field] of (result.fields ?? []).entries()) {
      if (field.dataTypeID === PG_INTERNAL_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    }
    if (charColumns.length > 0) charColumnsByQuery.set(query, charColumns);
    return result;
  };
  const queryRaw = target.queryRaw.bind(target);
  target.queryRaw = async (/** @type {any} */ query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumnsByQuery.get(query) ?? []) {
      resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return resultSet;
  };
  if (typeof target.startTransaction === "function") {
    const startTransaction = target.startTransaction.bind(target);
    target.startTransaction = async (/** @type {any[]} */ ...args) => acceptInternalCharColumns(await startTransaction(...args));
  }
  return queryable;
}

/**
 * A migration-aware adapter factory over PrismaPg, fixed for migrations: `"char"` columns, the
 * shadow database's connection and its cleanup order.
 * @param {string} url
 * @param {string | undefined} shadowDatabaseUrl
 */
export function migrationAdapterFactory(url, shadowDatabaseUrl) {
  const config = poolConfigFromUrl(url);
  const base = new PrismaPg(config);
  return {
    provider: /** @type {const} */ ("postgres"),
    adapterName: base.adapterName,
    connect: async () => executeScriptsWhole(acceptInternalCharColumns(await base.connect())),
    connectToShadowDb: async () => {
      if (shadowDatabaseUrl) {
        // A configured shadow database is reset before use, as the native engine does.
        const shadowConfig = poolConfigFromUrl(shadowDatabaseUrl);
        const pool = new pg.Pool(shadowConfig);
        await pool.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public");
        await pool.end();
        return executeScriptsWhole(acceptInternalCharColumns(await new PrismaPg(shadowConfig).connect()));
      }
      const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
      await withAdminClient(config, (client) => client.query(`CREATE DATABASE "${database}"`));
      const adapter = await new PrismaPg({ ...config, database }).connect();
      const dispose = adapter.dispose.bind(adapter);
      // Close the shadow pool before dropping its database, or the drop fails as "being accessed".
      adapter.dispose = async () => {
        await dispose();
        await withAdminClient(config, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
      };
      return executeScriptsWhole(acceptInternalCharColumns(adapter));
    },
  };
}

/**
 * @param {pg.ClientConfig} config
 * @param {(client: pg.Client) => Promise<unknown>} work
 */
async function withAdminClient(config, work) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/**
 * @param {{ url: string; shadowDatabaseUrl?: string; datamodels: [string, string][]; log: (line: string) => void }} options
 */
export async function createWasmSchemaEngine({ url, shadowDatabaseUrl, datamodels, log }) {
  await loadWasm();
  const factory = bindMigrationAwareSqlAdapterFactory(migrationAdapterFactory(url, shadowDatabaseUrl));
  return bindings.SchemaEngine.new({ datamodels }, log, factory);
}
