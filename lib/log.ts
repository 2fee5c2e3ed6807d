import pino from "pino";
import { env } from "@/lib/env.mjs";

// One JSON line per event on stdout. Never log secrets, session tokens or whole payloads.
export const log = pino({
  level: env().LOG_LEVEL,
  base: { app: "webhook-ops" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ["*.password", "*.secret", "*.token", "*.authorization", "*.cookie"], censor: "[redacted]" },
});
