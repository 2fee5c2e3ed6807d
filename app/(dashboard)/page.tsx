import type { Metadata } from "next";
import Link from "next/link";
import { BarChart } from "@/components/charts/bar-chart";
import { LabelledBars } from "@/components/charts/labelled-bars";
import { currenciesOf, formatAmount, formatCount, formatDuration } from "@/components/format";
import { LiveSince } from "@/components/live/live-feed";
import { LiveRefresh } from "@/components/live/live-refresh";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { StatusBadge } from "@/components/status-badge";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { changeFeed } from "@/lib/live/change-feed";
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
  { key: "refusedSignatures", label: "Refused (bad signature, not stored)", href: "/refused-requests", warn: true },
];

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    // min-w-0: a grid cell may shrink below its content, which then scrolls inside (never the page).
    <section className="min-w-0 rounded border border-slate-200 bg-white p-4">
      <h2 className="mb-3 text-sm font-semibold text-slate-700">{title}</h2>
      {children}
    </section>
  );
}

export default async function OverviewPage() {
  const since = changeFeed().position();
  const staff = await requireStaffPage("/");
  const loaded = await unlessDatabaseUnavailable(() => loadOverview(staff));
  if (!loaded.available) {
    return (
      <>
        <PageHeader title="Overview" />
        <DatabaseUnavailable />
        <LiveRefresh />
      </>
    );
  }
  const overview = loaded.data;
  return (
    <div className="space-y-5">
      <LiveSince position={since} />
      <LiveRefresh />
      <PageHeader
        title="Overview"
        description={`What the broker CRM and the banking platform told us today (the UTC day ${overview.day}) and in the last 7 days, and what needs an operator.`}
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
              <span className="ml-1 text-xs font-normal text-slate-500" title={`The UTC day ${overview.day}, from 00:00 UTC`}>
                today
              </span>
            </p>
            <p className="text-xs text-slate-600 tabular-nums">{formatCount(overview.week[counter.key])} in 7 days</p>
          </Link>
        ))}
      </section>

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Rejections per day (last 30 UTC days)">
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

      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <Card title="Exchanges by asset pair (updated in the last 30 days)">
          {overview.volumeByPair.length === 0 ? (
            <p className="text-sm text-slate-600">No exchange was updated in the last 30 days.</p>
          ) : (
            <LabelledBars
              caption="Exchanges by asset pair, with the amount requested in each"
              detailHeader="Requested"
              bars={overview.volumeByPair.map((row) => ({
                label: row.pair,
                value: row.exchanges,
                shown: `${formatCount(row.exchanges)} exchange${row.exchanges === 1 ? "" : "s"}`,
                // Summed within a pair only: amounts of different pairs are in different currencies.
                detail: formatAmount(row.requested, currenciesOf(row.pair)?.base),
                href: `/exchanges?pair=${encodeURIComponent(row.pair)}`,
              }))}
            />
          )}
          <p className="mt-2 text-xs text-slate-500">Requested amounts are in each pair&apos;s first (base) currency.</p>
        </Card>
        <Card
          title={`Needs attention: ${formatCount(overview.stuck.total)} exchange${overview.stuck.total === 1 ? "" : "s"} with an open RFI or no news for over ${overview.stuck.thresholdMinutes} min`}
        >
          {overview.stuck.rows.length === 0 ? (
            <p className="text-sm text-slate-600">
              Nothing stuck: every exchange is final, or moving, with no open request for information.
            </p>
          ) : (
            <>
              <div className="overflow-x-auto">
                <table className="w-full text-left text-[13px] [&_td]:px-1.5 [&_th]:px-1.5">
                  <thead className="text-xs uppercase text-slate-500">
                    <tr>
                      <th className="py-1">Exchange</th>
                      <th>Status</th>
                      <th>Pair</th>
                      <th className="text-right">Amount</th>
                      <th>RFI</th>
                      <th className="text-right">Silent for</th>
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
                        <td className="whitespace-nowrap text-right tabular-nums">
                          {formatAmount(row.requestAmount, currenciesOf(row.assetPair)?.base)}
                        </td>
                        <td>{row.hasOpenRfi ? <span className="font-medium text-amber-800">open</span> : ""}</td>
                        <td className="whitespace-nowrap text-right tabular-nums">
                          <span title={row.lastUpdateAt}>{formatDuration(overview.now - Date.parse(row.lastUpdateAt))}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <p className="mt-2 text-sm">
                Open RFIs first, then the longest silence.{" "}
                <Link className="font-medium text-sky-800 hover:underline" href="/exchanges?attention=true&sort=lastUpdate.asc">
                  All {formatCount(overview.stuck.total)} in the exchanges list →
                </Link>
              </p>
            </>
          )}
        </Card>
      </div>
    </div>
  );
}
