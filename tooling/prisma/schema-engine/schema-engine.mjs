#!/usr/bin/env node
// @ts-check
// A drop-in for Prisma's native `schema-engine` binary, selected with PRISMA_SCHEMA_ENGINE_BINARY.
// It speaks the engine's command line and JSON-RPC-over-stdio protocol and does the work with
// @prisma/schema-engine-wasm, so the standard Prisma CLI runs without downloading anything.
import { readFile } from "node:fs/promises";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { runCliCommand } from "./cli-commands.mjs";
import { errorResponse, logLine } from "./protocol.mjs";
import { createWasmSchemaEngine, lastPanicMessage, wasmEngineVersion } from "./wasm-engine.mjs";

// Whatever goes wrong, the CLI shows the engine's last ERROR log line as the reason. A wasm panic
// surfaces as "RuntimeError: unreachable"; its real message is in the panic registry.
function dieWith(/** @type {unknown} */ error) {
  const panic = lastPanicMessage();
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${logLine("ERROR", panic ? `${panic}\n${detail}` : detail)}\n`);
  process.exit(101);
}
process.on("uncaughtException", dieWith);
process.on("unhandledRejection", dieWith);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    version: { type: "boolean", short: "V" },
    datamodels: { type: "string", multiple: true },
    datasource: { type: "string" },
    "enabled-preview-features": { type: "string" },
    "extension-types": { type: "string" },
  },
});

if (values.version) {
  process.stdout.write(`schema-engine-cli ${await wasmEngineVersion()} (wasm bridge)\n`);
  process.exit(0);
}

/** @type {{ url?: string; shadowDatabaseUrl?: string }} */
const datasource = typeof values.datasource === "string" ? JSON.parse(values.datasource) : {};

if (positionals[0] === "cli") {
  process.exitCode = await runCliCommand(positionals[1], datasource);
} else {
  await serveJsonRpc();
}

async function serveJsonRpc() {
  const files = /** @type {string[]} */ (values.datamodels ?? []);
  /** @type {[string, string][]} */
  const datamodels = await Promise.all(files.map(async (file) => /** @type {[string, string]} */ ([file, await readFile(file, "utf8")])));
  if (!datasource.url) {
    process.stderr.write(
      `${logLine("ERROR", "No datasource URL was given to the schema engine (set datasource.url in prisma.config.ts).")}\n`,
    );
    process.exit(1);
  }
  /** @type {Awaited<ReturnType<typeof createWasmSchemaEngine>> | undefined} */
  let engineInstance;
  // One engine for the session, as with the native binary. Some commands (`migrate diff`) start
  // it without --datamodels and pass the schema in the request, so it is built on first use.
  const engineFor = async (/** @type {unknown} */ params) => {
    engineInstance ??= await createWasmSchemaEngine({
      url: /** @type {string} */ (datasource.url),
      shadowDatabaseUrl: datasource.shadowDatabaseUrl,
      datamodels: datamodels.length > 0 ? datamodels : schemaFilesIn(params),
      log: (/** @type {unknown} */ line) => process.stderr.write(`${typeof line === "string" ? line : JSON.stringify(line)}\n`),
    });
    return engineInstance;
  };
  // evaluateDataLoss and createMigration take the schema of the migration history from a cache
  // that only devDiagnostic/diagnoseMigrationHistory fill (they hold the shadow-database
  // factory). When the cache misses — `migrate dev` applying a --create-only migration — they fail
  // with this message; replaying the history into a shadow database fills it, then we retry once.
  const shadowCacheMiss = "shadow DB must be provided through an external factory";
  const usesHistoryCache = new Set(["evaluateDataLoss", "createMigration"]);
  const methods = /** @type {Record<string, (params: unknown) => Promise<unknown>>} */ ({
    getDatabaseVersion: async (params) => (await engineFor(params)).version(/** @type {any} */ (params) ?? null),
    createDatabase: async () => {
      await runCliCommand("create-database", datasource);
      return { databaseName: new URL(/** @type {string} */ (datasource.url)).pathname.slice(1) };
    },
  });

  // The engine is not re-entrant: requests are answered one at a time, in the order received.
  // Lines without a method are the CLI's answers to our own requests (`print`), handled at once.
  let queue = Promise.resolve();
  let nextOwnRequestId = 1;
  /** @type {Map<unknown, () => void>} */
  const awaitingCli = new Map();
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  input.on("line", (line) => {
    if (line.trim() === "") return;
    const reply = parseJson(line);
    if (reply && reply.method === undefined && awaitingCli.has(reply.id)) {
      awaitingCli.get(reply.id)?.();
      awaitingCli.delete(reply.id);
      return;
    }
    queue = queue.then(() => answer(line));
  });
  await new Promise((resolve) => input.once("close", resolve));
  await queue;
  process.exit(0);

  /**
   * The native engine prints `migrate diff` output by asking the CLI to print it.
   * @param {string} content
   */
  function printThroughCli(content) {
    const id = nextOwnRequestId++;
    return new Promise((resolve) => {
      awaitingCli.set(id, () => resolve(undefined));
      write({ jsonrpc: "2.0", id, method: "print", params: { content } });
    });
  }

  /** @param {string} line */
  async function answer(line) {
    const request = parseJson(line);
    if (!request) {
      write({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    const { id, method = "", params } = request;
    try {
      const own = methods[method];
      const engine = own ? undefined : await engineFor(params);
      const wasmMethod = /** @type {any} */ (engine)?.[method];
      /** @type {any} */
      let result;
      if (own) result = await own(params);
      else if (engine && typeof wasmMethod === "function") {
        try {
          result = await wasmMethod.call(engine, params ?? {});
        } catch (error) {
          if (!(usesHistoryCache.has(method) && error instanceof Error && error.message.includes(shadowCacheMiss))) throw error;
          const { migrationsList, filters } = /** @type {any} */ (params);
          await engine.diagnoseMigrationHistory({ migrationsList, filters, optInToShadowDatabase: true });
          result = await wasmMethod.call(engine, params ?? {});
        }
      } else {
        write({ jsonrpc: "2.0", id, error: { code: -32601, message: `Method not found: ${method}` } });
        return;
      }
      if (method === "diff" && result && typeof result.stdout === "string") {
        if (result.stdout.length > 0) await printThroughCli(result.stdout.replace(/\n$/, ""));
        result = { ...result, stdout: null };
      }
      write({ jsonrpc: "2.0", id, result: result === undefined ? null : result });
    } catch (error) {
      write({ jsonrpc: "2.0", id, error: errorResponse(error) });
    }
  }
}

/**
 * Schema files carried by a request (`diff` sources of tag schemaDatasource / schemaDatamodel).
 * @param {unknown} params
 * @returns {[string, string][]}
 */
function schemaFilesIn(params) {
  const sources = [/** @type {any} */ (params)?.from, /** @type {any} */ (params)?.to];
  for (const source of sources) {
    if (source && Array.isArray(source.files) && source.files.length > 0) {
      return source.files.map((/** @type {{ path: string; content: string }} */ file) => [file.path, file.content]);
    }
  }
  return [];
}

/**
 * @param {string} line
 * @returns {{ id?: unknown; method?: string; params?: unknown } | undefined}
 */
function parseJson(line) {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** @param {unknown} message */
function write(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}
