import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DismissForm, RestoreButton } from "@/components/admin/dismiss-form";
import { ReprocessButton } from "@/components/admin/reprocess-button";
import { buttonClass } from "@/components/data-table/filter-controls";
import { DeliveryActionResultBanner } from "@/components/deliveries/delivery-action-result";
import { DeliverySubjectLinks } from "@/components/deliveries/delivery-subject";
import { FieldList } from "@/components/field-list";
import { formatBytes } from "@/components/format";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { RawPayload } from "@/components/raw-payload";
import { OutcomeBadge } from "@/components/status-badge";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { findDelivery } from "@/lib/queries/deliveries";
import { backToList } from "@/lib/queries/list-query";

export const metadata: Metadata = { title: "Delivery" };

export default async function DeliveryPage(props: PageProps<"/deliveries/[id]">) {
  const { id } = await props.params;
  const { back, done } = await props.searchParams;
  const staff = await requireStaffPage(`/deliveries/${id}`);
  const loaded = await unlessDatabaseUnavailable(() => findDelivery(staff, id));
  if (!loaded.available) return <DatabaseUnavailable />;
  const delivery = loaded.data;
  if (!delivery) notFound();
  return (
    <article className="space-y-4">
      <PageHeader
        title={`Delivery #${delivery.id}`}
        description={`${delivery.sender === "crm" ? "Broker CRM" : "Banking platform"} · ${delivery.eventType}`}
      >
        <Link href={backToList("/deliveries", back)} className={buttonClass}>
          ← Back to the deliveries
        </Link>
      </PageHeader>
      <DeliveryActionResultBanner done={done} />
      {delivery.outcome === "quarantined" ? (
        <section role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900">
          <p className="font-semibold">Quarantined: {delivery.quarantineReason}</p>
          {delivery.validationErrors && delivery.validationErrors.length > 0 ? (
            <ul className="mt-2 list-disc pl-5">
              {delivery.validationErrors.map((error) => (
                <li key={`${error.path}:${error.message}`}>
                  <code className="font-mono">{error.path}</code>
                  {error.value === undefined ? null : (
                    <>
                      {" = "}
                      <code className="break-all font-mono">{error.value}</code>
                    </>
                  )}
                  : {error.message}
                </li>
              ))}
            </ul>
          ) : null}
          {staff.user.role === "admin" ? (
            <>
              <div className="mt-3">
                <ReprocessButton deliveryId={delivery.id} />
              </div>
              <DismissForm deliveryId={delivery.id} />
            </>
          ) : null}
        </section>
      ) : null}
      {delivery.outcome === "dismissed" && delivery.dismissal ? (
        <section className="rounded border border-slate-300 bg-slate-50 p-4 text-sm text-slate-800">
          <p className="font-semibold">
            Dismissed by {delivery.dismissal.by} at <Time iso={delivery.dismissal.at} />: {delivery.dismissal.reason}
          </p>
          <p className="mt-1 text-slate-600">It was quarantined: {delivery.quarantineReason}</p>
          {staff.user.role === "admin" ? <RestoreButton deliveryId={delivery.id} /> : null}
        </section>
      ) : null}
      <FieldList
        fields={[
          ["Outcome", <OutcomeBadge key="o" outcome={delivery.outcome} />],
          ["About", <DeliverySubjectLinks key="about" subject={delivery.about} />],
          [
            "Duplicate of",
            delivery.duplicateOfId ? (
              <Link key="dup" className="text-sky-800 hover:underline" href={`/deliveries/${delivery.duplicateOfId}`}>
                #{delivery.duplicateOfId}
              </Link>
            ) : null,
          ],
          [
            "Projected into",
            delivery.projection?.kind === "prop-trading-request" ? (
              <Link key="req" className="text-sky-800 hover:underline" href={`/prop-trading/rejected/${delivery.projection.id}`}>
                Rejected prop-trading request
              </Link>
            ) : delivery.projection?.kind === "exchange" ? (
              <Link key="ex" className="text-sky-800 hover:underline" href={`/exchanges/${delivery.projection.exchangeId}`}>
                Exchange #{delivery.projection.exchangeId}
              </Link>
            ) : null,
          ],
          ["Note", delivery.note],
          ["Received", <Time key="r" iso={delivery.receivedAt} />],
          ["Callback Id", delivery.callbackId],
          ["Signature", delivery.signatureForm],
          ["Size", formatBytes(delivery.bytes)],
          [
            "Body SHA-256",
            <code key="h" className="font-mono text-xs">
              {delivery.bodySha256}
            </code>,
          ],
          [
            "Headers",
            <ul key="hd" className="font-mono text-xs">
              {Object.entries(delivery.headers).map(([name, value]) => (
                <li key={name}>
                  {name}: {value}
                </li>
              ))}
            </ul>,
          ],
          [
            "Repeats received",
            delivery.duplicates.length > 0 ? (
              <ul key="repeats">
                {delivery.duplicates.map((duplicate) => (
                  <li key={duplicate.id}>
                    <Link className="text-sky-800 hover:underline" href={`/deliveries/${duplicate.id}`}>
                      #{duplicate.id}
                    </Link>{" "}
                    at <Time iso={duplicate.receivedAt} />
                  </li>
                ))}
              </ul>
            ) : (
              "none"
            ),
          ],
        ]}
      />
      <section>
        <h2 className="mb-2 text-base font-semibold">Payload</h2>
        <RawPayload body={delivery.rawBody} notUtf8={delivery.bodyNotUtf8} />
      </section>
    </article>
  );
}
