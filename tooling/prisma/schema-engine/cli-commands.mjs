// @ts-check
// The engine's one-shot commands: `schema-engine --datasource '{"url":…}' cli <command>`.
import pg from "pg";
import { logLine } from "./protocol.mjs";
import { poolConfigFromUrl } from "./wasm-engine.mjs";

/**
 * @param {string | undefined} command
 * @param {{ url?: string }} datasource
 * @returns {Promise<number>} the exit code
 */
export async function runCliCommand(command, datasource) {
  // The CLI skips the first stderr line (the native engine's start-up log) before reading errors.
  process.stderr.write(`${logLine("INFO", "Starting schema engine CLI (wasm bridge)")}\n`);
  if (!datasource.url) return fail("No datasource URL was given (--datasource).");
  const target = poolConfigFromUrl(datasource.url);
  const databaseName = target.database ?? "postgres";
  try {
    switch (command) {
      case "can-connect-to-database":
        await withClient(target, (client) => client.query("SELECT 1"));
        return 0;
      case "create-database":
        await withClient({ ...target, database: "postgres" }, async (client) => {
          const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
          if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(databaseName)}`);
        });
        return 0;
      case "drop-database":
        await withClient({ ...target, database: "postgres" }, (client) =>
          client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseName)} WITH (FORCE)`),
        );
        return 0;
      default:
        return fail(`Unknown cli command: ${command ?? "(none)"}`);
    }
  } catch (error) {
    return fail(describeConnectionError(error, target), connectionErrorCode(error));
  }
}

/**
 * @param {pg.ClientConfig} config
 * @param {(client: pg.Client) => Promise<unknown>} work
 */
async function withClient(config, work) {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

/** @param {unknown} error */
function connectionErrorCode(error) {
  const code = /** @type {any} */ (error)?.code;
  if (code === "3D000") return "P1003";
  if (code === "28P01" || code === "28000") return "P1000";
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT") return "P1001";
  return undefined;
}

/**
 * @param {unknown} error
 * @param {pg.ClientConfig} target
 */
function describeConnectionError(error, target) {
  const code = connectionErrorCode(error);
  const where = `${target.host ?? "localhost"}:${target.port ?? 5432}`;
  if (code === "P1001") return `Can't reach database server at \`${where}\``;
  if (code === "P1003") return `Database \`${target.database}\` does not exist on the database server at \`${where}\`.`;
  if (code === "P1000") return `Authentication failed against database server at \`${where}\`.`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * @param {string} message
 * @param {string} [errorCode]
 */
function fail(message, errorCode) {
  process.stderr.write(`${logLine("ERROR", message, errorCode)}\n`);
  return 1;
}
