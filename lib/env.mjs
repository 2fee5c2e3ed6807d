// @ts-check
// Every setting the app reads, validated once. Plain JavaScript so next.config.mjs and the
// start-up scripts can import it; TypeScript code gets the same types through `allowJs`.
import proxyaddr from "proxy-addr";
import { z } from "zod";

/**
 * TRUSTED_PROXIES: how many reverse proxies stand in front (a hop count), or which addresses they
 * send from. Undefined when the value is neither.
 * @param {string} value
 * @returns {{ hops: number } | { addresses: string[] } | undefined}
 */
export function parseTrustedProxies(value) {
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? { hops } : undefined;
  }
  const addresses = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (addresses.length === 0) return undefined;
  try {
    proxyaddr.compile(addresses);
    return { addresses };
  } catch {
    return undefined;
  }
}

/** A comma-separated list of secrets: more than one is allowed while a secret is being rotated. */
const secretList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((secret) => secret.trim())
      .filter((secret) => secret.length > 0),
  )
  .refine((secrets) => secrets.every((secret) => secret.length >= 16), {
    message: "expected one or more comma-separated secrets of at least 16 characters each",
  });

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), {
    message: "expected a PostgreSQL connection URL such as postgresql://user:password@host:5432/database",
  });

const port = z.coerce
  .number({ message: "expected a TCP port number" })
  .int()
  .min(1, "expected a TCP port number between 1 and 65535")
  .max(65535, "expected a TCP port number between 1 and 65535");

/** Treat `VAR=` (empty) like an unset variable, as shells and .env files commonly produce it. */
const optional = (/** @type {z.ZodType} */ schema) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.preprocess((value) => (value === "" ? undefined : value), port.default(3000)),
    HOST: z.preprocess((value) => (value === "" ? undefined : value), z.string().default("127.0.0.1")),
    DATABASE_URL: optional(postgresUrl),
    DATABASE_POOL_SIZE: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(200).default(10)),
    EMBEDDED_PG_DIR: z.preprocess((value) => (value === "" ? undefined : value), z.string().default(".data/postgres")),
    EMBEDDED_PG_PORT: z.preprocess((value) => (value === "" ? undefined : value), port.default(54329)),
    EMBEDDED_PG_BIN_DIR: optional(z.string().trim().min(1)),
    CRM_WEBHOOK_SECRET: optional(secretList),
    BANKING_WEBHOOK_SECRET: optional(secretList),
    WEBHOOK_MAX_BODY_BYTES: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce
        .number()
        .int()
        .min(1024)
        .max(64 * 1024 * 1024)
        .default(1024 * 1024),
    ),
    STUCK_EXCHANGE_MINUTES: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce
        .number({ message: "expected a number of minutes" })
        .int()
        .min(1)
        .max(60 * 24 * 30)
        .default(60),
    ),
    APP_URL: optional(
      z
        .string()
        .trim()
        .url({ message: "expected the dashboard's public URL, e.g. https://ops.example.com" })
        .refine((value) => /^https?:\/\//.test(value), { message: "expected an http:// or https:// URL" }),
    ),
    BETTER_AUTH_SECRET: optional(z.string().min(32, "expected a random secret of at least 32 characters (openssl rand -base64 32)")),
    ADMIN_EMAIL: optional(z.string().trim().toLowerCase().email({ message: "expected an e-mail address" })),
    ADMIN_PASSWORD: optional(z.string().min(12, "expected at least 12 characters")),
    SESSION_IDLE_MINUTES: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce
        .number()
        .int()
        .min(5)
        .max(24 * 60)
        .default(60),
    ),
    SESSION_MAX_HOURS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(12),
    ),
    TRUSTED_PROXIES: optional(
      z
        .string()
        .trim()
        .transform((value, ctx) => {
          const trust = parseTrustedProxies(value);
          if (trust === undefined) {
            ctx.addIssue({
              code: "custom",
              message:
                "expected a number of proxy hops (1-10), or comma-separated addresses and CIDR ranges (e.g. 10.0.0.0/8,::1), or loopback, linklocal, uniquelocal",
            });
            return z.NEVER;
          }
          return trust;
        }),
    ),
    LOGIN_RATE_WINDOW_SECONDS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(86_400).default(900),
    ),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(1000).default(5),
    ),
    LOGIN_MAX_ATTEMPTS_PER_IP: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(10_000).default(30),
    ),
    RETENTION_DELIVERY_DAYS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(36_500).default(365),
    ),
    RETENTION_TIMELINE_DAYS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(36_500).default(730),
    ),
    RETENTION_REJECTION_DAYS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(36_500).default(730),
    ),
    RETENTION_AUDIT_DAYS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(36_500).default(2555),
    ),
    // The live console (lib/live): "off" stops the intake publishing changes (the benchmark's baseline).
    LIVE_FEED: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["on", "off"]).default("on")),
    // The change feed's LISTEN needs a session of its own: behind a transaction pooler, point it past the pooler.
    LIVE_FEED_DATABASE_URL: optional(postgresUrl),
    LIVE_STREAMS_PER_USER: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(10_000).default(12),
    ),
    LIVE_STREAMS_PER_INSTANCE: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(100_000).default(1000),
    ),
    LIVE_HEARTBEAT_SECONDS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(300).default(15),
    ),
    // Alerts (lib/alerts): the evaluator's period, how often a notification is tried, and e-mail.
    ALERTS: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["on", "off"]).default("on")),
    ALERTS_EVALUATION_SECONDS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(3600).default(30),
    ),
    ALERTS_RETRY_BASE_SECONDS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.coerce.number().int().min(1).max(3600).default(15),
    ),
    ALERTS_MAX_ATTEMPTS: z.preprocess((value) => (value === "" ? undefined : value), z.coerce.number().int().min(1).max(50).default(8)),
    SMTP_HOST: optional(z.string().trim().min(1)),
    SMTP_PORT: z.preprocess((value) => (value === "" ? undefined : value), port.default(587)),
    SMTP_SECURE: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"]).default("false")),
    SMTP_USER: optional(z.string()),
    SMTP_PASSWORD: optional(z.string()),
    SMTP_FROM: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().trim().min(3).default("Webhook operations <alerts@localhost>"),
    ),
    SMTP_TLS_REJECT_UNAUTHORIZED: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"]).default("true")),
    // The Prometheus endpoint (/api/metrics) stays closed unless one of these is set.
    METRICS_TOKEN: optional(z.string().min(16, "expected at least 16 characters")),
    METRICS_ALLOW_FROM: optional(z.string().trim().min(1)),
    LOG_LEVEL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
  })
  .superRefine((settings, ctx) => {
    const longest = Math.max(settings.RETENTION_DELIVERY_DAYS, settings.RETENTION_TIMELINE_DAYS, settings.RETENTION_REJECTION_DAYS);
    if (settings.RETENTION_AUDIT_DAYS < longest) {
      ctx.addIssue({
        code: "custom",
        path: ["RETENTION_AUDIT_DAYS"],
        message: `expected at least as many days as the longest other retention (${longest}): the audit log is kept longest`,
      });
    }
  });

/** @typedef {z.infer<typeof envSchema>} Env */

export class InvalidEnvironmentError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(`Invalid environment settings:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nSee .env.example for every setting.`);
    this.name = "InvalidEnvironmentError";
    this.problems = problems;
  }
}

/**
 * Parses settings; the error names each bad variable and what it expects, never its value
 * (it may be a secret).
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new InvalidEnvironmentError(result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`));
}

/** @type {Env | undefined} */
let cached;

/**
 * The validated settings of this process, parsed on first use.
 * @returns {Env}
 */
export function env() {
  cached ??= parseEnv(process.env);
  return cached;
}
