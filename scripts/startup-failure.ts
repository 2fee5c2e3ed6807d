import { MissingSecretError } from "@/lib/auth/bootstrap";
import { InvalidEnvironmentError } from "@/lib/env.mjs";
import { DatabaseUnreachableError, EmbeddedPostgresError } from "@/tooling/postgres/database-server";
import { MigrationError } from "@/tooling/prisma/prisma-cli";

const expected = [InvalidEnvironmentError, EmbeddedPostgresError, DatabaseUnreachableError, MigrationError, MissingSecretError];

/** One clear message for the failures a user can fix; a stack trace only for our own bugs. */
export function reportStartupFailure(error: unknown): void {
  if (error instanceof Error && (expected.some((kind) => error instanceof kind) || /already in use/.test(error.message))) {
    console.error(`\n✖ ${error.message}\n`);
    return;
  }
  console.error("\n✖ Start-up failed unexpectedly:", error);
}
