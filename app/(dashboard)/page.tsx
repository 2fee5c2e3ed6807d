import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "@/components/charts/bar-chart";
import { formatCount, formatDecimal, formatUtc } from "@/components/format";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { StatusBadge } from "@/components/status-badge";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { loadOverview, type WindowCounts } from "@/lib/queries/overview";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const STATUS_COLOURS: Record<string, string> = {
  Completed: "#059669",
  Failed: "#dc2626",
  Rejected: "#e11d48",
  Pending: "#0284c7",
  AwaitingRfi: "#d97706",
  WaitingForConfirmation: "#4f46e5",
  WaitingForApproval: "#64748b",
};

const COUNTERS: { key: keyof WindowCounts; label: string; href: string; warn?: boolean }[] = [
  { key: "rejections", label: "Rejected prop-trading requests", href: "/prop-trading/rejected" },
  { key: "exchangeCallbacks", label: "Exchange status callbacks", href: "/exchanges" },
  { key: "deliveries", label: "Deliveries received", href: "/deliveries" },
  { key: "duplicates", label: "Duplicates acknowledged", href: "/deliveries?outcome=duplicate" },
  { key: "quarantined", label: "Quarantined", href: "/deliveries?outcome=quarantined", warn: true },
  { key: "refusedSignatures", label: "Refused (bad signature, not stored)", href: "/deliveries?outcome=quarantined", warn: true },
];

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded border border-slate-200 bg-white p-4">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}

export default async function OverviewPage() {
  const staff = await requireStaffPage("/");
  const loaded = await unlessDatabaseUnavailable(() => loadOverview(staff));
  if (!loaded.available) {
    return (
      <>
        <PageHeader title="Overview" />
        <DatabaseUnavailable />
      </>
    );
  }
  const overview = loaded.data;
  return (
    <div className="space-y-5">
      <PageHeader
        title="Overview"
        description="What the broker CRM and the banking platform told us today and this week, and what needs an operator."
      />

      <section aria-label="Counts" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        {COUNTERS.map((counter) => (
          <Link
            key={counter.key}
            href={counter.href}
            className="rounded border border-slate-200 bg-white p-3 hover:border-sky-300 hover:shadow-sm"
          >
            <p className="text-xs text-slate-500">{counter.label}</p>
            <p
              className={`mt-1 text-2xl font-semibold tabular-nums ${counter.warn && overview.today[counter.key] > 0 ? "text-red-700" : "text-slate-900"}`}
            >
              {formatCount(overview.today[counter.key])}
              <span className="ml-1 text-xs font-normal text-slate-500">today</span>
            </p>
            <p className="text-xs text-slate-600 tabular-nums">{formatCount(overview.week[counter.key])} in 7 days</p>
          </Link>
        ))}
      </section>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Rejections per day (last 30 days, UTC)">
          <BarChart
            summary={`Rejections per day: ${overview.rejectionsPerDay.map((day) => `${day.day} ${day.challenge + day.live}`).join(", ")}`}
            labels={overview.rejectionsPerDay.map((day) => day.day.slice(5))}
            series={[
              { label: "Challenge", values: overview.rejectionsPerDay.map((day) => day.challenge), colour: "#0ea5e9" },
              { label: "Live", values: overview.rejectionsPerDay.map((day) => day.live), colour: "#6366f1" },
            ]}
            stacked
          />
        </Card>
        <Card title="Exchanges by current status (updated in the last 30 days)">
          <BarChart
            summary={`Exchanges by status: ${overview.exchangesByStatus.map((row) => `${row.status} ${row.count}`).join(", ")}`}
            labels={overview.exchangesByStatus.map((row) => row.status)}
            series={[
              {
                label: "Exchanges",
                values: overview.exchangesByStatus.map((row) => row.count),
                colour: overview.exchangesByStatus.map((row) => STATUS_COLOURS[row.status] ?? "#a21caf"),
              },
            ]}
            horizontal
          />
        </Card>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Card title="Requested volume by asset pair (exchanges updated in the last 30 days)">
          <BarChart
            summary={`Requested volume by pair: ${overview.volumeByPair.map((row) => `${row.pair} ${row.requested}`).join(", ")}`}
            labels={overview.volumeByPair.map((row) => row.pair)}
            series={[{ label: "Requested amount", values: overview.volumeByPair.map((row) => Number(row.requested)), colour: "#0f766e" }]}
          />
        </Card>
        <Card
          title={`Needs attention: ${formatCount(overview.stuck.total)} exchange${overview.stuck.total === 1 ? "" : "s"} with an open RFI or no news for over ${overview.stuck.thresholdMinutes} min`}
        >
          {overview.stuck.rows.length === 0 ? (
            <p className="text-sm text-slate-600">
              Nothing stuck: every exchange is final, or moving, with no open request for information.
            </p>
          ) : (
            <table className="w-full text-left text-[13px] [&_td]:px-1.5 [&_th]:px-1.5">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-1">Exchange</th>
                  <th>Status</th>
                  <th>Pair</th>
                  <th className="text-right">Amount</th>
                  <th>RFI</th>
                  <th>Last update (UTC)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {overview.stuck.rows.map((row) => (
                  <tr key={row.exchangeId}>
                    <td className="py-1">
                      <Link className="text-sky-800 hover:underline" href={`/exchanges/${row.exchangeId}`}>
                        #{row.exchangeId}
                      </Link>
                    </td>
                    <td>
                      <StatusBadge status={row.status} />
                    </td>
                    <td>{row.assetPair ?? "—"}</td>
                    <td className="text-right tabular-nums">{formatDecimal(row.requestAmount)}</td>
                    <td>{row.hasOpenRfi ? <span className="font-medium text-amber-800">open</span> : ""}</td>
                    <td>{formatUtc(row.lastUpdateAt, "minutes")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </div>
  );
}
