import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/data-table/filter-controls";
import { FieldList } from "@/components/field-list";
import { formatDecimal, formatDuration } from "@/components/format";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { RawPayload } from "@/components/raw-payload";
import { StatusBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { findExchangeTimeline } from "@/lib/queries/exchange-timeline";
import type { TimelineField } from "@/lib/queries/timeline-steps";

export const metadata: Metadata = { title: "Exchange timeline" };

const FIELD_LABELS: Record<TimelineField, string> = {
  exchangeType: "Type",
  assetPair: "Asset pair",
  manageesId: "Managee",
  requestAmount: "Requested amount",
  requestPrice: "Requested price",
  executedAmount: "Executed amount",
  executedPrice: "Executed price",
  commissionFee: "Commission",
  hasOpenRfi: "Open RFI",
  fromTransactionsId: "From transaction",
  toTransactionsId: "To transaction",
  payeesId: "Payee",
  transferType: "Transfer type",
  fromCustomerAssetAccountId: "From account",
  toCustomerAssetAccountId: "To account",
};

function show(value: string | boolean | null): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return /^-?\d+(\.\d+)?$/.test(value) ? formatDecimal(value) : value;
}

export default async function ExchangeTimelinePage(props: PageProps<"/exchanges/[id]">) {
  const { id } = await props.params;
  const staff = await requireStaffPage(`/exchanges/${id}`);
  const loaded = await unlessDatabaseUnavailable(() => findExchangeTimeline(staff, id));
  if (!loaded.available) return <DatabaseUnavailable />;
  if (!loaded.data) notFound();
  const { exchange, steps } = loaded.data;
  return (
    <article className="space-y-5">
      <PageHeader
        title={`Exchange #${exchange.exchangeId}`}
        description={
          <>
            {exchange.exchangeType ?? "—"} {exchange.assetPair ?? ""} for managee {exchange.manageesId ?? "—"} · current status{" "}
            <StatusBadge status={exchange.status} />
          </>
        }
      >
        <div className="flex gap-2">
          <Link href="/exchanges" className={buttonClass}>
            ← All exchanges
          </Link>
          <a href={`/api/exchanges/${exchange.exchangeId}/timeline/export`} className={buttonClass} download>
            ⤓ Export timeline CSV
          </a>
        </div>
      </PageHeader>

      <FieldList
        fields={[
          ["Current status", <StatusBadge key="s" status={exchange.status} />],
          ["Requested", `${formatDecimal(exchange.requestAmount)} at ${formatDecimal(exchange.requestPrice)}`],
          ["Executed", `${formatDecimal(exchange.executedAmount)} at ${formatDecimal(exchange.executedPrice)}`],
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
        <p className="mb-3 text-sm text-slate-600">
          Ordered by status rank, then by arrival: callbacks carry no timestamp, so a late callback is placed where its status belongs and
          marked.
        </p>
        <ol className="relative space-y-3 border-l-2 border-slate-200 pl-5">
          {steps.map((step) => (
            <li
              key={step.id}
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
                  <span className="rounded bg-amber-100 px-1.5 text-xs font-medium text-amber-900">arrived out of order</span>
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
                    <li key={change.field}>
                      <span className="text-slate-500">{FIELD_LABELS[change.field]}:</span>{" "}
                      <del className="text-slate-400">{show(change.from)}</del> →{" "}
                      <ins className="font-medium no-underline">{show(change.to)}</ins>
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
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}
