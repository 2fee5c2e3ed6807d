import "server-only";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createStaffAccount, staffAccountCount } from "./staff-accounts";
import { systemActor } from "./staff-session";

const STARTUP = systemActor("system:start-up");

/**
 * With no staff account yet: ADMIN_EMAIL/ADMIN_PASSWORD become the first administrator; on the
 * embedded (local) database without them, admin@dashboard.local gets a generated password, printed once
 * and kept in the data folder. A deployment on DATABASE_URL never gets a default password.
 */
export async function ensureFirstAdmin(options: {
  email?: string;
  password?: string;
  embeddedDir?: string;
  say: (line: string) => void;
}): Promise<void> {
  if ((await staffAccountCount()) > 0) return;
  if (options.email && options.password) {
    await createStaffAccount(STARTUP, { email: options.email, password: options.password, role: "admin" });
    options.say(`Created the first administrator ${options.email} (from ADMIN_EMAIL / ADMIN_PASSWORD).`);
    return;
  }
  if (!options.embeddedDir) {
    options.say(
      "No staff account exists yet. Create the first administrator with: npm run users -- create --email you@example.com --role admin (or set ADMIN_EMAIL and ADMIN_PASSWORD and restart).",
    );
    return;
  }
  const email = options.email ?? "admin@dashboard.local";
  const { password } = await createStaffAccount(STARTUP, { email, role: "admin" });
  const file = path.join(options.embeddedDir, "first-admin.txt");
  await writeFile(file, `${email}\n${password}\n`, { mode: 0o600 });
  const line = "─".repeat(64);
  options.say(
    `\n${line}\n  First login (local embedded database only):\n    e-mail:   ${email}\n    password: ${password}\n  Also saved in ${file}. Change it, or create your own accounts\n  under Users once logged in.\n${line}\n`,
  );
}
