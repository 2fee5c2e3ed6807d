import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/data-table/filter-controls";
import { FieldList } from "@/components/field-list";
import { currenciesOf, formatAmount, formatDecimal, formatDuration } from "@/components/format";
import { LiveSince } from "@/components/live/live-feed";
import { LiveTimeline, TimelineStep } from "@/components/live/live-timeline";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { RawPayload } from "@/components/raw-payload";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { EXCHANGE_LABELS } from "@/lib/catalogue/exchange";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { changeFeed } from "@/lib/live/change-feed";
import { findExchangeTimeline } from "@/lib/queries/exchange-timeline";
import { backToList } from "@/lib/queries/list-query";
import type { TimelineOrder } from "@/lib/queries/timeline-steps";

export const metadata: Metadata = { title: "Exchange timeline" };

const FIELD_LABELS = EXCHANGE_LABELS;

function show(value: string | boolean | null): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return /^-?\d+(\.\d+)?$/.test(value) ? formatDecimal(value) : value;
}

export default async function ExchangeTimelinePage(props: PageProps<"/exchanges/[id]">) {
  const { id } = await props.params;
  const { order: orderParam, back } = await props.searchParams;
  const order: TimelineOrder = orderParam === "rank" ? "rank" : "arrival";
  const since = changeFeed().position();
  const staff = await requireStaffPage(`/exchanges/${id}`);
  const loaded = await unlessDatabaseUnavailable(() => findExchangeTimeline(staff, id, order));
  if (!loaded.available) return <DatabaseUnavailable />;
  if (!loaded.data) notFound();
  const { exchange, steps } = loaded.data;
  const pair = currenciesOf(exchange.assetPair);
  const orderHref = (to: TimelineOrder) => {
    const params = new URLSearchParams();
    if (to === "rank") params.set("order", "rank");
    if (typeof back === "string") params.set("back", back);
    const query = params.toString();
    return `/exchanges/${exchange.exchangeId}${query ? `?${query}` : ""}`;
  };
  const fixedChanges = steps.flatMap((step) => step.changes.filter((change) => change.fixed));
  return (
    <LiveTimeline exchangeId={exchange.exchangeId}>
      <LiveSince position={since} />
      <article className="space-y-5">
        <PageHeader
          title={`Exchange #${exchange.exchangeId}`}
          description={
            <>
              {exchange.exchangeType ?? "—"} {exchange.assetPair ?? ""} for managee{" "}
              {exchange.manageesId ? (
                <Link className="text-sky-800 hover:underline" href={`/managees/${exchange.manageesId}`}>
                  {exchange.manageesId}
                </Link>
              ) : (
                "—"
              )}{" "}
              · current status <StatusBadge status={exchange.status} />
            </>
          }
        >
          <div className="flex gap-2">
            <Link href={backToList("/exchanges", back)} className={buttonClass}>
              ← Back to the exchanges
            </Link>
            <a href={`/api/exchanges/${exchange.exchangeId}/timeline/export`} className={buttonClass} download>
              ⤓ Timeline CSV
            </a>
            <a href={`/api/exchanges/${exchange.exchangeId}/timeline/export?format=xlsx`} className={buttonClass} download>
              ⤓ Excel
            </a>
          </div>
        </PageHeader>

        <FieldList
          fields={[
            ["Current status", <StatusBadge key="s" status={exchange.status} />],
            ["Requested", `${formatAmount(exchange.requestAmount, pair?.base)} at ${formatAmount(exchange.requestPrice, pair?.quote)}`],
            ["Executed", `${formatAmount(exchange.executedAmount, pair?.base)} at ${formatAmount(exchange.executedPrice, pair?.quote)}`],
            ["Commission", formatDecimal(exchange.commissionFee)],
            ["Open RFI", exchange.hasOpenRfi === null ? "—" : exchange.hasOpenRfi ? "yes — information requested" : "no"],
            ["Transactions", `${exchange.fromTransactionsId ?? "—"} → ${exchange.toTransactionsId ?? "—"}`],
            ["Accounts", `${exchange.fromCustomerAssetAccountId ?? "—"} → ${exchange.toCustomerAssetAccountId ?? "—"}`],
            ["Payee", exchange.payeesId ? `${exchange.payeesId} (${exchange.transferType ?? "—"})` : "—"],
            [
              "First seen / last update",
              <span key="t">
                <Time iso={exchange.firstSeenAt} /> / <Time iso={exchange.lastUpdateAt} />
              </span>,
            ],
            ["Status callbacks", String(exchange.statusChanges)],
          ]}
        />

        <section aria-labelledby="timeline">
          <h2 id="timeline" className="mb-1 text-base font-semibold">
            Status timeline
          </h2>
          <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
            <nav aria-label="Order of the timeline" className="inline-flex rounded border border-slate-300 bg-white">
              {(["arrival", "rank"] as const).map((to) => (
                <Link
                  key={to}
                  href={orderHref(to)}
                  aria-current={order === to ? "true" : undefined}
                  className={`px-2.5 py-1 ${order === to ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-50"}`}
                >
                  {to === "arrival" ? "In order of arrival" : "By status rank"}
                </Link>
              ))}
            </nav>
            <p className="text-slate-600">
              {order === "arrival"
                ? "As we received the callbacks (they carry no time of their own). The current state is the highest-ranked status, whatever its arrival."
                : "By the status each callback reports, then by arrival: times may jump back where a callback came late."}{" "}
              <span className="rounded bg-amber-100 px-1 text-xs font-medium text-amber-900">arrived after a later status</span> marks a
              callback that came after one reporting a later status.
            </p>
          </div>
          {fixedChanges.length > 0 ? (
            <p role="alert" className="mb-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
              {fixedChanges.length === 1
                ? "A field that should never change for one exchange changed"
                : `${fixedChanges.length} changes to fields that should never change for one exchange`}{" "}
              ({[...new Set(fixedChanges.map((change) => FIELD_LABELS[change.field]))].join(", ")}): a sender error or two exchanges mixed
              up. Marked below.
            </p>
          ) : null}
          <ol className="relative space-y-3 border-l-2 border-slate-200 pl-5">
            {steps.map((step) => (
              <TimelineStep
                key={step.id}
                stepId={step.id}
                className={`relative rounded border bg-white p-3 ${step.current ? "border-sky-400 shadow-sm" : "border-slate-200"}`}
              >
                <span
                  aria-hidden="true"
                  className={`absolute -left-[27px] top-4 h-3 w-3 rounded-full border-2 border-white ${step.current ? "bg-sky-500" : "bg-slate-400"}`}
                />
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <StatusBadge status={step.status} />
                  <span className="text-slate-700">
                    received <Time iso={step.receivedAt} />
                  </span>
                  {step.sincePreviousMs !== null ? (
                    <span className="text-slate-500">
                      {step.sincePreviousMs >= 0
                        ? `+${formatDuration(step.sincePreviousMs)} after the previous step`
                        : `arrived ${formatDuration(-step.sincePreviousMs)} before the previous step`}
                    </span>
                  ) : null}
                  {step.current ? (
                    <span className="rounded bg-sky-100 px-1.5 text-xs font-medium text-sky-800">sets current state</span>
                  ) : null}
                  {step.arrivedOutOfOrder ? (
                    <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">arrived after a later status</span>
                  ) : null}
                  {step.repeatsEarlierStatus ? (
                    <span className="rounded bg-slate-100 px-1.5 text-xs font-medium text-slate-700">status repeated</span>
                  ) : null}
                  {step.repeats > 0 ? (
                    <span className="rounded bg-amber-50 px-1.5 text-xs font-medium text-amber-900">
                      {step.repeats} duplicate{step.repeats === 1 ? "" : "s"} of this callback
                    </span>
                  ) : null}
                  {step.unknownStatus ? (
                    <span className="rounded bg-fuchsia-50 px-1.5 text-xs font-medium text-fuchsia-800">undocumented status</span>
                  ) : null}
                </div>
                {step.changes.length > 0 ? (
                  <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
                    {step.changes.map((change) => (
                      <li
                        key={change.field}
                        className={change.fixed ? "rounded bg-red-50 px-1 text-red-900 ring-1 ring-red-300" : undefined}
                      >
                        <span className={change.fixed ? "font-medium" : "text-slate-500"}>{FIELD_LABELS[change.field]}:</span>{" "}
                        <del className="text-slate-400">{show(change.from)}</del> →{" "}
                        <ins className="font-medium no-underline">{show(change.to)}</ins>
                        {change.fixed ? <span className="ml-1 text-xs font-semibold uppercase">should not change</span> : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {step.deliveryId && step.rawBody !== null ? (
                  <details className="mt-2">
                    <summary className="cursor-pointer text-xs text-slate-600">
                      Callback {step.callbackId ?? "(no Id)"} · delivery{" "}
                      <Link className="text-sky-800 hover:underline" href={`/deliveries/${step.deliveryId}`}>
                        #{step.deliveryId}
                      </Link>
                    </summary>
                    <div className="mt-2">
                      <RawPayload body={step.rawBody} />
                    </div>
                  </details>
                ) : (
                  <p className="mt-2 text-xs text-slate-500">
                    Callback {step.callbackId ?? "(no Id)"} · raw payload removed by the retention policy
                  </p>
                )}
              </TimelineStep>
            ))}
          </ol>
        </section>
      </article>
    </LiveTimeline>
  );
}
