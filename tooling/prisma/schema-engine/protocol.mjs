// @ts-check
// How the Prisma CLI expects its schema engine to report errors and logs.

/**
 * One JSON log line on stderr, in the shape the CLI scans for `level: "ERROR"`.
 * @param {"INFO" | "ERROR"} level
 * @param {string} message
 * @param {string} [errorCode]
 */
export function logLine(level, message, errorCode) {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level,
    target: "schema_engine::logger",
    fields: errorCode ? { message, error_code: errorCode } : { message },
  });
}

/**
 * The JSON-RPC error object for a rejected engine call. The wasm engine rejects with an Error
 * (named e.g. SchemaConnectorError) carrying the user-facing code (`P3005`) in `code` and details
 * in `meta`; the CLI wants the native engine's shape: `data: { error_code, message, meta }`.
 * @param {unknown} error
 */
export function errorResponse(error) {
  const value = /** @type {any} */ (error);
  const message = value instanceof Error ? value.message : typeof value === "string" ? value : JSON.stringify(value);
  const candidate = value?.error_code ?? value?.code;
  const errorCode = typeof candidate === "string" && /^P\d{4}$/.test(candidate) ? candidate : null;
  const isPanic = value instanceof Error && value.name === "RuntimeError";
  return {
    code: 4466,
    message: "An error happened. Check the data field for details.",
    data: { is_panic: isPanic, message, meta: value?.meta ?? null, error_code: errorCode },
  };
}
