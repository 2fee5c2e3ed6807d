// Run by session.ts in a process of its own (the app's settings are read once per process): makes
// sure the benchmark's staff account exists in DATABASE_URL's database with BENCH_PASSWORD.

import { createStaffAccount, findStaffAccountByEmail, resetStaffPassword } from "@/lib/auth/staff-accounts";
import { systemActor } from "@/lib/auth/staff-session";

const email = process.env.BENCH_EMAIL ?? "";
const password = process.env.BENCH_PASSWORD ?? "";
const actor = systemActor("npm run bench");
const existing = await findStaffAccountByEmail(actor, email);
if (existing) await resetStaffPassword(actor, existing.id, password);
else await createStaffAccount(actor, { email, role: "admin", password });
process.exit(0);
