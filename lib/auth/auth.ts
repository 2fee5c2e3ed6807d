import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { nextCookies } from "better-auth/next-js";
import { admin } from "better-auth/plugins";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env.mjs";
import { log } from "@/lib/log";

export const ROLES = ["viewer", "admin"] as const;
export type Role = (typeof ROLES)[number];

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The dashboard's public URL: APP_URL, or where `npm start` listens. */
export function appUrl(): URL {
  const settings = env();
  return new URL(settings.APP_URL ?? `http://${settings.HOST === "0.0.0.0" ? "localhost" : settings.HOST}:${settings.PORT}`);
}

export function isLocalUrl(url: URL): boolean {
  return LOCAL_HOSTS.has(url.hostname);
}

function createAuth() {
  const settings = env();
  const base = appUrl();
  const local = isLocalUrl(base);
  // Reached as localhost or 127.0.0.1 alike on a developer's machine.
  const trustedOrigins = local
    ? ["localhost", "127.0.0.1"].map((host) => `${base.protocol}//${host}:${base.port || (base.protocol === "https:" ? 443 : 80)}`)
    : [];
  return betterAuth({
    appName: "Webhook operations",
    baseURL: base.origin,
    secret: settings.BETTER_AUTH_SECRET,
    database: prismaAdapter(db(), { provider: "postgresql" }),
    telemetry: { enabled: false },
    // Into our JSON log, message only: better-auth's own logger would print database errors whole,
    // and those can quote a session token from the query.
    logger: {
      level: "warn",
      log: (level, message) =>
        log[level === "debug" ? "debug" : level]({ component: "auth" }, String(message).split("\n")[0]?.slice(0, 300) ?? ""),
    },
    trustedOrigins,
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    // Read with the session (no extra query per page); changed only through our own account screen.
    user: { additionalFields: { timeDisplay: { type: "string", defaultValue: "utc", input: false } } },
    session: {
      // Idle expiry: each request within the window pushes it forward (refreshed at most every quarter of it).
      expiresIn: settings.SESSION_IDLE_MINUTES * 60,
      updateAge: Math.max(60, Math.floor((settings.SESSION_IDLE_MINUTES * 60) / 4)),
      cookieCache: { enabled: false },
    },
    // Login attempts are limited per account and per IP by our own PostgreSQL-backed limiter
    // (lib/auth/login-rate-limit.ts); better-auth's limiter only knows IPs.
    rateLimit: { enabled: false },
    advanced: {
      // Checked in every environment (better-auth skips it under test runners by default).
      disableOriginCheck: false,
      useSecureCookies: !local,
      defaultCookieAttributes: { sameSite: "lax", httpOnly: true },
    },
    plugins: [admin({ defaultRole: "viewer", adminRoles: ["admin"] }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { auth?: Auth };

/** Created on first use: `next build` imports this module without a secret and must not fail. */
export function auth(): Auth {
  globalForAuth.auth ??= createAuth();
  return globalForAuth.auth;
}
