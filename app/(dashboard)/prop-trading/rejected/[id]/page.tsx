import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buttonClass } from "@/components/data-table/filter-controls";
import { FieldList } from "@/components/field-list";
import { formatDecimal, formatPercent } from "@/components/format";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { RawPayload } from "@/components/raw-payload";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { PROP_TRADING_REQUEST_LABELS } from "@/lib/catalogue/prop-trading-request";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { findDelivery } from "@/lib/queries/deliveries";
import { backToList } from "@/lib/queries/list-query";
import { findRejectedPropTradingRequest } from "@/lib/queries/rejected-prop-trading";

export const metadata: Metadata = { title: "Rejected request" };

const LABEL = PROP_TRADING_REQUEST_LABELS;

export default async function RejectedPropTradingRequestPage(props: PageProps<"/prop-trading/rejected/[id]">) {
  const { id } = await props.params;
  const { back } = await props.searchParams;
  const staff = await requireStaffPage(`/prop-trading/rejected/${id}`);
  const loaded = await unlessDatabaseUnavailable(async () => {
    const request = await findRejectedPropTradingRequest(staff, id);
    return { request, delivery: request?.deliveryId ? await findDelivery(staff, request.deliveryId) : undefined };
  });
  if (!loaded.available) return <DatabaseUnavailable />;
  const { request, delivery } = loaded.data;
  if (!request) notFound();
  return (
    <article className="space-y-4">
      <PageHeader
        title={`Rejected request ${request.requestId}`}
        description={`${request.stage === "live" ? "Live step" : "Challenge"} · user ${request.userId}`}
      >
        <Link href={backToList("/prop-trading/rejected", back)} className={buttonClass}>
          ← Back to the rejected requests
        </Link>
      </PageHeader>
      <FieldList
        fields={[
          [LABEL.requestId, request.requestId],
          ["Status", `${request.status} (the CRM sent "${request.sentStatus ?? "—"}"; a reject event means rejected)`],
          [LABEL.stage, request.stage === "live" ? "Live" : "Challenge"],
          [LABEL.requestType, request.requestType],
          [
            LABEL.userId,
            <Link
              key="u"
              className="text-sky-800 hover:underline"
              href={`/prop-trading/rejected?user=${encodeURIComponent(request.userId)}`}
            >
              {request.userId}
            </Link>,
          ],
          [LABEL.requestTime, <Time key="rt" iso={request.requestTime} />],
          [LABEL.packageName, request.packageName],
          [
            LABEL.packageNames,
            request.packageNames ? (
              <ul key="names">
                {Object.entries(request.packageNames).map(([locale, name]) => (
                  <li key={locale}>
                    <span className="text-slate-500">{locale || "name"}:</span> {name}
                  </li>
                ))}
              </ul>
            ) : null,
          ],
          [LABEL.platform, request.platform],
          [LABEL.connectionId, request.connectionId],
          [LABEL.groupName, request.groupName],
          [LABEL.leverage, formatDecimal(request.leverage)],
          [LABEL.initialBalance, formatDecimal(request.initialBalance)],
          [LABEL.maxDailyLossPercent, formatPercent(request.maxDailyLossPercent)],
          [LABEL.maxLossPercent, formatPercent(request.maxLossPercent)],
          [LABEL.profitTargetPercent, formatPercent(request.profitTargetPercent)],
          [LABEL.eventSlug, request.eventSlug],
          [LABEL.targetName, request.targetName],
          ["Received", <Time key="rc" iso={request.receivedAt} />],
          [
            "Delivery",
            <Link key="d" className="text-sky-800 hover:underline" href={`/deliveries/${request.deliveryId}`}>
              #{request.deliveryId}
            </Link>,
          ],
        ]}
      />
      {delivery ? (
        <section>
          <h2 className="mb-2 text-base font-semibold">Delivery as received</h2>
          <RawPayload body={delivery.rawBody} notUtf8={delivery.bodyNotUtf8} />
        </section>
      ) : null}
    </article>
  );
}
