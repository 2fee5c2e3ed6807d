// Start-up concerns of access control: a secret for signing sessions, and a first administrator.
import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export class MissingSecretError extends Error {
  override name = "MissingSecretError";
}

/**
 * The session-signing secret: BETTER_AUTH_SECRET, or — for the embedded database on a developer's
 * machine only — one generated once and kept beside that database. A deployment on DATABASE_URL
 * must set its own.
 */
export async function ensureAuthSecret(options: { configured?: string; embeddedDir?: string }): Promise<string> {
  if (options.configured) return options.configured;
  if (!options.embeddedDir) {
    throw new MissingSecretError(
      "BETTER_AUTH_SECRET is not set. A deployment on DATABASE_URL needs its own session secret: set BETTER_AUTH_SECRET to a random value of at least 32 characters (openssl rand -base64 32).",
    );
  }
  const file = path.join(options.embeddedDir, "auth-secret");
  try {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored.length >= 32) return stored;
  } catch {
    // First start: create it below.
  }
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}
