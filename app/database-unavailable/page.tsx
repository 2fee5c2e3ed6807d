import type { Metadata } from "next";
import { DatabaseUnavailable } from "@/components/page-states";

export const metadata: Metadata = { title: "Database unavailable" };

/** Shown (with status 503) instead of any page while the database cannot be reached. */
export default function DatabaseUnavailablePage() {
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <h1 className="mb-4 text-xl font-semibold">Webhook operations</h1>
      <DatabaseUnavailable />
    </main>
  );
}
