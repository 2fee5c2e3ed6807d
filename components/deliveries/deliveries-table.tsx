"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type ListFeatures } from "@/components/data-table/data-table";
import { useListQuery } from "@/components/data-table/use-list-query";
import { DeliverySubjectLinks } from "@/components/deliveries/delivery-subject";
import { formatBytes } from "@/components/format";
import { OutcomeBadge } from "@/components/status-badge";
import { Time, ZoneHeader } from "@/components/time";
import type { DeliveryRow } from "@/lib/queries/deliveries";
import { deliveriesQuery } from "@/lib/queries/deliveries-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";

const parsers = nuqsParsersFor(deliveriesQuery);
const column = createColumnHelper<ListFeatures, DeliveryRow>();
const unsorted = { enableSorting: false };

const columns = column.columns([
  column.accessor("receivedAt", { header: () => <ZoneHeader label="Received" />, cell: (info) => <Time iso={info.getValue()} bare /> }),
  column.accessor("id", {
    ...unsorted,
    header: "Delivery",
    cell: (info) => (
      <>
        #{info.getValue()}
        {info.row.original.callbackId ? (
          <span
            title={`Callback Id ${info.row.original.callbackId}`}
            className="block max-w-[9rem] truncate font-mono text-[11px] font-normal text-slate-500"
          >
            {info.row.original.callbackId}
          </span>
        ) : null}
      </>
    ),
  }),
  column.accessor("sender", { ...unsorted, header: "Sender", cell: (info) => (info.getValue() === "crm" ? "Broker CRM" : "Banking") }),
  column.accessor("eventType", {
    ...unsorted,
    header: "Event type",
    // The CRM's slugs share a long prefix; the rest is what tells them apart.
    cell: (info) => (
      <span title={info.getValue()} className="inline-block max-w-[16rem] truncate align-bottom">
        {info.getValue().replace(/^crm\.webhooks\.requests\./, "")}
      </span>
    ),
  }),
  column.accessor("about", { ...unsorted, header: "About", cell: (info) => <DeliverySubjectLinks subject={info.getValue()} /> }),
  column.accessor("outcome", {
    ...unsorted,
    header: "Outcome",
    cell: (info) => (
      <span className="inline-flex items-center gap-1">
        <OutcomeBadge outcome={info.getValue()} />
        {info.row.original.duplicateOfId ? <span className="text-xs text-slate-500">of #{info.row.original.duplicateOfId}</span> : null}
      </span>
    ),
  }),
  column.accessor("quarantineReason", {
    ...unsorted,
    header: "Reason / note",
    cell: (info) => {
      const text = info.getValue() ?? info.row.original.note;
      return text ? (
        <span title={text} className="inline-block max-w-[18rem] truncate align-bottom text-slate-600">
          {text}
        </span>
      ) : null;
    },
  }),
  column.accessor("bytes", { ...unsorted, header: "Size", cell: (info) => formatBytes(info.getValue()), meta: { numeric: true } }),
]);

export function DeliveriesTable({ rows }: { rows: DeliveryRow[] }) {
  const [query, setQuery] = useListQuery(parsers);
  return (
    <DataTable
      caption="Deliveries"
      rows={rows}
      columns={columns}
      getRowId={(row) => row.id}
      sort={query.sort}
      onSortChange={(sort) => void setQuery({ sort: sort as typeof query.sort, page: null, cursor: null })}
      rowHref={(row) => `/deliveries/${row.id}`}
    />
  );
}
