import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertActions } from "@/components/alerts/alert-actions";
import { AlertStateBadge } from "@/components/alerts/alert-state-badge";
import { buttonClass } from "@/components/data-table/filter-controls";
import { ScrollFrame } from "@/components/data-table/scroll-frame";
import { FieldList } from "@/components/field-list";
import { LiveRefresh } from "@/components/live/live-refresh";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { Time } from "@/components/time";
import { subjectPath } from "@/lib/alerts/outbox";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { findAlert } from "@/lib/queries/alerts";
import { backToList } from "@/lib/queries/list-query";

export const metadata: Metadata = { title: "Alert" };

const DONE: Record<string, string> = {
  acknowledged: "Acknowledged: the alert says you are on it, and no reminders are sent.",
  assigned: "Assignment saved.",
  resolved: "Resolved. It stays resolved while its condition holds; if the condition clears and comes back, that is a new alert.",
};

const SUBJECT_LABELS: Record<string, string> = {
  exchangeId: "Exchange",
  status: "Status",
  assetPair: "Asset pair",
  manageeId: "Managee",
  since: "Since",
  at: "At",
  sender: "Sender",
  lastDeliveryAt: "Last delivery",
  commonestReason: "Commonest reason",
  reason: "Reason",
  latestDeliveryId: "Latest delivery",
  crmUserId: "CRM user",
};

export default async function AlertPage(props: PageProps<"/alerts/[id]">) {
  const { id } = await props.params;
  const { back, done } = await props.searchParams;
  const staff = await requireStaffPage(`/alerts/${id}`);
  const loaded = await unlessDatabaseUnavailable(() => findAlert(staff, id));
  if (!loaded.available) return <DatabaseUnavailable />;
  const alert = loaded.data;
  if (!alert) notFound();
  const subjectHref = subjectPath(alert.subject);
  return (
    <article className="space-y-5">
      <LiveRefresh on="alerts" />
      <PageHeader title={`Alert #${alert.id}: ${alert.ruleTitle}`} description={alert.summary}>
        <Link href={backToList("/alerts", back)} className={buttonClass}>
          ← Back to the alerts
        </Link>
      </PageHeader>
      {typeof done === "string" && DONE[done] ? (
        <p role="status" className="rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
          {DONE[done]}
        </p>
      ) : null}
      <FieldList
        fields={[
          ["State", <AlertStateBadge key="s" state={alert.state} />],
          ["Rule", alert.ruleTitle],
          [
            "About",
            subjectHref ? (
              <Link key="a" className="text-sky-800 hover:underline" href={subjectHref}>
                {alert.subject.exchangeId ? `Exchange #${alert.subject.exchangeId}` : subjectHref}
              </Link>
            ) : (
              "—"
            ),
          ],
          ...Object.entries(alert.subject)
            .filter(([key, value]) => value !== null && value !== "" && key !== "exchangeId")
            .map(
              ([key, value]) =>
                [SUBJECT_LABELS[key] ?? key, /At$|^since$|^at$/.test(key) ? <Time key={key} iso={String(value)} /> : String(value)] as [
                  string,
                  React.ReactNode,
                ],
            ),
          ["Occurrences", String(alert.occurrences)],
          [
            "Fired / last seen",
            <span key="f">
              <Time iso={alert.firedAt} /> / <Time iso={alert.lastSeenAt} />
            </span>,
          ],
          [
            "Acknowledged",
            alert.acknowledgedBy ? (
              <span key="k">
                {alert.acknowledgedBy}
                {alert.acknowledgedAt ? (
                  <>
                    {" "}
                    at <Time iso={alert.acknowledgedAt} />
                  </>
                ) : null}
              </span>
            ) : (
              "—"
            ),
          ],
          ["Assigned to", alert.assignedTo ?? "—"],
          [
            "Resolved",
            alert.resolvedAt ? (
              <span key="r">
                {alert.resolvedBy ?? "automatically (the condition cleared)"} at <Time iso={alert.resolvedAt} />
              </span>
            ) : (
              "—"
            ),
          ],
        ]}
      />
      {alert.state !== "resolved" ? (
        <AlertActions alertId={alert.id} state={alert.state} assignable={alert.assignable} assignedTo={alert.assignedTo} />
      ) : null}

      <section aria-labelledby="history">
        <h2 id="history" className="mb-2 text-base font-semibold">
          History
        </h2>
        <ol className="space-y-1 text-sm">
          {alert.events.map((event) => (
            <li key={event.id} className="flex flex-wrap gap-2">
              <Time iso={event.at} /> <span className="font-medium">{event.kind}</span>{" "}
              {event.actor ? <span className="text-slate-600">by {event.actor}</span> : null}{" "}
              {event.note ? <span className="text-slate-800">— {event.note}</span> : null}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="notifications">
        <h2 id="notifications" className="mb-2 text-base font-semibold">
          Notifications
        </h2>
        {alert.notifications.length === 0 ? (
          <p className="text-sm text-slate-600">
            None: no channel is routed to this rule
            {staff.user.role === "admin" ? (
              <>
                {" "}
                (
                <Link className="text-sky-800 underline" href="/admin/alerts">
                  route one
                </Link>
                )
              </>
            ) : null}
            .
          </p>
        ) : (
          <ScrollFrame className="rounded border border-slate-200 bg-white">
            <table className="min-w-full text-left text-[13px]">
              <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
                <tr>
                  <th className="px-2 py-2">Channel</th>
                  <th className="px-2">For</th>
                  <th className="px-2">State</th>
                  <th className="px-2">Attempts (result, latency)</th>
                  <th className="px-2">Idempotency key</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {alert.notifications.map((notification) => (
                  <tr key={notification.id} className="align-top">
                    <td className="px-2 py-1.5">
                      {notification.channel.name} <span className="text-slate-500">({notification.channel.kind})</span>
                    </td>
                    <td className="px-2 py-1.5">{notification.transition}</td>
                    <td className="px-2 py-1.5">
                      {notification.state === "pending" ? (
                        <>
                          pending, next try <Time iso={notification.nextAttemptAt} />
                        </>
                      ) : notification.state === "gave_up" ? (
                        <span className="font-medium text-red-800">gave up</span>
                      ) : (
                        "delivered"
                      )}
                    </td>
                    <td className="px-2 py-1.5">
                      <ol className="space-y-0.5">
                        {notification.attempts.map((attempt) => (
                          <li key={attempt.id}>
                            <Time iso={attempt.at} /> {attempt.ok ? "ok" : "failed"} {attempt.status ?? ""} · {attempt.latencyMs} ms
                            {attempt.error ? <span className="text-red-800"> · {attempt.error}</span> : null}
                          </li>
                        ))}
                      </ol>
                    </td>
                    <td className="px-2 py-1.5 font-mono text-xs">{notification.idempotencyKey}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollFrame>
        )}
      </section>
    </article>
  );
}
