"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type ListFeatures } from "@/components/data-table/data-table";
import { useListQuery } from "@/components/data-table/use-list-query";
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
  column.accessor("id", { ...unsorted, header: "Delivery", cell: (info) => `#${info.getValue()}` }),
  column.accessor("sender", { ...unsorted, header: "Sender", cell: (info) => (info.getValue() === "crm" ? "Broker CRM" : "Banking") }),
  column.accessor("eventType", { ...unsorted, header: "Event type" }),
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
        <span title={text} className="inline-block max-w-[26rem] truncate align-bottom text-slate-600">
          {text}
        </span>
      ) : null;
    },
  }),
  column.accessor("callbackId", {
    ...unsorted,
    header: "Callback Id",
    cell: (info) => <span className="font-mono text-xs">{info.getValue() ?? ""}</span>,
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
