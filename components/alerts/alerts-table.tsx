"use client";
import { createColumnHelper } from "@tanstack/react-table";
import { DataTable, type ListFeatures } from "@/components/data-table/data-table";
import { useListQuery } from "@/components/data-table/use-list-query";
import { Time, ZoneHeader } from "@/components/time";
import type { AlertRow } from "@/lib/queries/alerts";
import { alertsQuery } from "@/lib/queries/alerts-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";
import { AlertStateBadge } from "./alert-state-badge";

const parsers = nuqsParsersFor(alertsQuery);
const column = createColumnHelper<ListFeatures, AlertRow>();
const unsorted = { enableSorting: false };

const columns = column.columns([
  column.accessor("firedAt", { header: () => <ZoneHeader label="Fired" />, cell: (info) => <Time iso={info.getValue()} bare /> }),
  column.accessor("state", { ...unsorted, header: "State", cell: (info) => <AlertStateBadge state={info.getValue()} /> }),
  column.accessor("ruleTitle", { ...unsorted, header: "Rule" }),
  column.accessor("summary", {
    ...unsorted,
    header: "What",
    cell: (info) => <span className="block min-w-[20rem] max-w-[40rem] whitespace-normal">{info.getValue()}</span>,
  }),
  column.accessor("occurrences", { ...unsorted, header: "Count", meta: { numeric: true } }),
  column.accessor("lastSeenAt", {
    ...unsorted,
    header: () => <ZoneHeader label="Last seen" />,
    cell: (info) => <Time iso={info.getValue()} bare />,
  }),
  column.accessor((row) => row.assignedTo ?? row.acknowledgedBy ?? row.resolvedBy, {
    id: "who",
    ...unsorted,
    header: "Who",
    cell: (info) => info.getValue() ?? "—",
  }),
]);

export function AlertsTable({ rows }: { rows: AlertRow[] }) {
  const [query, setQuery] = useListQuery(parsers);
  return (
    <DataTable
      caption="Alerts"
      rows={rows}
      columns={columns}
      getRowId={(row) => row.id}
      sort={query.sort}
      onSortChange={(sort) => void setQuery({ sort: sort as typeof query.sort, page: null, cursor: null })}
      rowHref={(row) => `/alerts/${row.id}`}
    />
  );
}
