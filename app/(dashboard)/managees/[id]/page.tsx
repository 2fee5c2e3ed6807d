import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/data-table/filter-controls";
import { ScrollFrame } from "@/components/data-table/scroll-frame";
import { FieldList } from "@/components/field-list";
import { currenciesOf, formatAmount, formatCount } from "@/components/format";
import { LiveRefresh } from "@/components/live/live-refresh";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { NOT_FINAL_EXCHANGE_STATUSES } from "@/lib/ingest/banking/statuses";
import { findManagee, LATEST } from "@/lib/queries/managee";

export const metadata: Metadata = { title: "Managee" };

/** One managee (a client on the banking platform's side): their exchanges, open ones and RFIs, volume by asset pair. */
export default async function ManageePage(props: PageProps<"/managees/[id]">) {
  const { id } = await props.params;
  const staff = await requireStaffPage(`/managees/${id}`);
  const loaded = await unlessDatabaseUnavailable(() => findManagee(staff, id));
  if (!loaded.available) return <DatabaseUnavailable />;
  const managee = loaded.data;
  if (!managee) notFound();
  return (
    <article className="space-y-5">
      <LiveRefresh />
      <PageHeader title={`Managee ${managee.manageeId}`} description="Every exchange the banking platform reported for this managee.">
        <Link href={`/exchanges?user=${managee.manageeId}`} className={buttonClass}>
          All their exchanges in the list
        </Link>
      </PageHeader>
      <FieldList
        fields={[
          ["Exchanges", formatCount(managee.exchanges)],
          [
            "Not final",
            managee.open > 0 ? (
              <Link
                key="o"
                className="text-sky-800 hover:underline"
                href={`/exchanges?user=${managee.manageeId}&status=${NOT_FINAL_EXCHANGE_STATUSES.join(",")}`}
              >
                {formatCount(managee.open)} ({formatCount(managee.openRfis)} with an open RFI)
              </Link>
            ) : (
              "none"
            ),
          ],
          [
            "First seen / last update",
            managee.firstSeenAt && managee.lastUpdateAt ? (
              <span key="t">
                <Time iso={managee.firstSeenAt} /> / <Time iso={managee.lastUpdateAt} />
              </span>
            ) : (
              "—"
            ),
          ],
          [
            "By current status",
            <span key="s" className="flex flex-wrap gap-2">
              {managee.byStatus.map((row) => (
                <span key={row.status}>
                  <StatusBadge status={row.status} /> {formatCount(row.exchanges)}
                </span>
              ))}
            </span>,
          ],
        ]}
      />
      <section aria-labelledby="volume">
        <h2 id="volume" className="mb-2 text-base font-semibold">
          Volume by asset pair
        </h2>
        <ScrollFrame className="rounded border border-slate-200 bg-white">
          <table className="min-w-full text-left text-[13px]">
            <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="px-2 py-2">Pair</th>
                <th className="px-2 text-right">Exchanges</th>
                <th className="px-2 text-right">Requested</th>
                <th className="px-2 text-right">Executed</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {managee.byPair.map((row) => {
                const base = currenciesOf(row.assetPair)?.base;
                return (
                  <tr key={row.assetPair ?? "none"}>
                    <td className="px-2 py-1.5">{row.assetPair ?? "—"}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{formatCount(row.exchanges)}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{formatAmount(row.requested, base)}</td>
                    <td className="px-2 py-1.5 text-right tabular-nums">{formatAmount(row.executed, base)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollFrame>
      </section>
      <section aria-labelledby="latest">
        <h2 id="latest" className="mb-2 text-base font-semibold">
          {managee.exchanges > LATEST ? `The latest ${LATEST} exchanges` : "Exchanges"}, newest update first
        </h2>
        <ScrollFrame className="rounded border border-slate-200 bg-white">
          <table className="min-w-full text-left text-[13px]">
            <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
              <tr>
                <th className="px-2 py-2">Exchange</th>
                <th className="px-2">Status</th>
                <th className="px-2">Type</th>
                <th className="px-2">Pair</th>
                <th className="px-2 text-right">Requested</th>
                <th className="px-2">Open RFI</th>
                <th className="px-2">Last update</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {managee.latest.map((row) => (
                <tr key={row.exchangeId}>
                  <td className="px-2 py-1.5">
                    <Link className="font-medium text-sky-800 hover:underline" href={`/exchanges/${row.exchangeId}`}>
                      #{row.exchangeId}
                    </Link>
                  </td>
                  <td className="px-2 py-1.5">
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="px-2 py-1.5">{row.exchangeType ?? "—"}</td>
                  <td className="px-2 py-1.5">{row.assetPair ?? "—"}</td>
                  <td className="px-2 py-1.5 text-right tabular-nums">
                    {formatAmount(row.requestAmount, currenciesOf(row.assetPair)?.base)}
                  </td>
                  <td className="px-2 py-1.5">
                    {row.hasOpenRfi ? <span className="font-medium text-amber-800">open</span> : row.hasOpenRfi === false ? "no" : "—"}
                  </td>
                  <td className="px-2 py-1.5 whitespace-nowrap">
                    <Time iso={row.lastUpdateAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollFrame>
      </section>
    </article>
  );
}
