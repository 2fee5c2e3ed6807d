import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  const database = await checkDatabase();
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">Overview</h1>
      <p className="max-w-2xl text-sm text-slate-600">
        This dashboard shows what the broker CRM and the banking platform sent us: rejected prop-trading requests, currency exchanges and
        their status timelines, and every delivery received.
      </p>
      <dl className="inline-grid grid-cols-[auto_auto] gap-x-6 gap-y-1 rounded border border-slate-200 bg-white px-4 py-3 text-sm">
        <dt className="text-slate-500">Database</dt>
        <dd className={database.status === "up" ? "text-emerald-700" : "font-medium text-red-700"}>
          {database.status === "up" ? `reachable (${database.latencyMs} ms)` : "unavailable"}
        </dd>
      </dl>
    </section>
  );
}
