import type { Metadata } from "next";
import { formatBytes, formatCount } from "@/components/format";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { loadRefusedRequests } from "@/lib/queries/refused-requests";
import { KEPT_PER_SENDER } from "@/lib/webhooks/signature-failures";

export const metadata: Metadata = { title: "Refused requests" };

const SENDER_LABELS = { crm: "Broker CRM", banking: "Banking platform" } as const;

const REASON_LABELS: Record<string, string> = {
  missing_signature: "no signature header",
  malformed_signature: "signature header malformed",
  signature_mismatch: "signature does not match",
};

export default async function RefusedRequestsPage() {
  const staff = await requireStaffPage("/refused-requests");
  const loaded = await unlessDatabaseUnavailable(() => loadRefusedRequests(staff));
  return (
    <div className="space-y-4">
      <PageHeader
        title="Refused requests"
        description="Requests to the webhook endpoints whose signature did not verify. They were answered 401 and nothing of them was stored: here are their counts per hour, and the latest few as examples (never their bodies) — enough to tell a sender that rotated its secret (every request refused, from its usual address, signature well-formed) from someone probing."
      />
      {!loaded.available ? (
        <DatabaseUnavailable />
      ) : (
        <>
          <section aria-label="Totals" className="grid gap-3 sm:grid-cols-2">
            {loaded.data.totals.map((total) => (
              <div key={total.sender} className="rounded border border-slate-200 bg-white p-3 text-sm">
                <p className="text-xs text-slate-500">{SENDER_LABELS[total.sender]}</p>
                <p className={`mt-1 text-2xl font-semibold tabular-nums ${total.lastHour > 0 ? "text-red-700" : "text-slate-900"}`}>
                  {formatCount(total.lastHour)} <span className="text-xs font-normal text-slate-500">this hour</span>
                </p>
                <p className="text-xs text-slate-600">
                  {formatCount(total.lastDay)} in the last 24 hours · last refused {total.lastAt ? <Time iso={total.lastAt} /> : "never"}
                </p>
              </div>
            ))}
          </section>

          <section className="rounded border border-slate-200 bg-white">
            <h2 className="border-b border-slate-100 px-3 py-2 text-sm font-semibold">Per hour, last 48 hours</h2>
            {loaded.data.perHour.length === 0 ? (
              <p className="p-3 text-sm text-slate-600">No request was refused in the last 48 hours.</p>
            ) : (
              <div className="overflow-x-auto">
                <table className="min-w-full text-left text-[13px]">
                  <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                    <tr>
                      <th className="px-3 py-1.5">Hour starting</th>
                      <th className="px-3 text-right">Broker CRM</th>
                      <th className="px-3 text-right">Banking platform</th>
                      <th className="px-3">Last reason</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {loaded.data.perHour.map((row) => (
                      <tr key={row.hour}>
                        <td className="px-3 py-1">
                          <Time iso={row.hour} precision="minutes" />
                        </td>
                        <td className="px-3 text-right tabular-nums">{formatCount(row.crm)}</td>
                        <td className="px-3 text-right tabular-nums">{formatCount(row.banking)}</td>
                        <td className="px-3">{REASON_LABELS[row.lastReason] ?? row.lastReason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>

          <section className="rounded border border-slate-200 bg-white">
            <h2 className="border-b border-slate-100 px-3 py-2 text-sm font-semibold">
              Latest refusals <span className="font-normal text-slate-500">(the newest {KEPT_PER_SENDER} per sender are kept)</span>
            </h2>
            {loaded.data.recent.length === 0 ? (
              <p className="p-3 text-sm text-slate-600">None kept yet.</p>
            ) : (
              <div className="overflow-x-auto" data-testid="recent-refusals">
                <table className="min-w-full text-left text-[13px]">
                  <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
                    <tr>
                      <th className="px-3 py-1.5">When</th>
                      <th className="px-3">Endpoint</th>
                      <th className="px-3">From</th>
                      <th className="px-3">Reason</th>
                      <th className="px-3">Signature header</th>
                      <th className="px-3 text-right">Body</th>
                      <th className="px-3">Body SHA-256</th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-slate-100">
                    {loaded.data.recent.map((row) => (
                      <tr key={row.id}>
                        <td className="px-3 py-1">
                          <Time iso={row.at} />
                        </td>
                        <td className="px-3">{SENDER_LABELS[row.sender]}</td>
                        <td className="px-3 font-mono text-xs">{row.sourceAddress ?? "unknown"}</td>
                        <td className="px-3">{REASON_LABELS[row.reason] ?? row.reason}</td>
                        <td className="px-3 font-mono text-xs">{row.headerForm}</td>
                        <td className="px-3 text-right tabular-nums">{formatBytes(row.bodyBytes)}</td>
                        <td className="px-3 font-mono text-xs" title={row.bodySha256}>
                          {row.bodySha256.slice(0, 16)}…
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
