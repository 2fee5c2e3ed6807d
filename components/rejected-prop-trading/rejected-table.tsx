"use client";
import { type CellContext, createColumnHelper } from "@tanstack/react-table";
import { DataTable, type ListFeatures } from "@/components/data-table/data-table";
import { useListQuery } from "@/components/data-table/use-list-query";
import { formatDecimal, scaleOf } from "@/components/format";
import { Time, ZoneHeader } from "@/components/time";
import { nuqsParsersFor } from "@/lib/queries/list-query";
import type { RejectedPropTradingRow } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

const parsers = nuqsParsersFor(rejectedPropTradingQuery);
const column = createColumnHelper<ListFeatures, RejectedPropTradingRow>();
const numeric = { meta: { numeric: true } };
/** Only columns the server can sort (and has an index for) offer sorting. */
const unsorted = { enableSorting: false };

function allLocales(names: Record<string, string> | null): string | undefined {
  return names
    ? Object.entries(names)
        .map(([locale, name]) => `${locale || "name"}: ${name}`)
        .join("\n")
    : undefined;
}

type DecimalKey = "leverage" | "initialBalance" | "maxDailyLossPercent" | "maxLossPercent" | "profitTargetPercent";

/** A decimal at its column's scale on this page, so the points line up; the exact value on hover. */
function decimalCell(info: CellContext<ListFeatures, RejectedPropTradingRow, unknown>, key: DecimalKey, suffix = "") {
  const value = info.row.original[key];
  const scale = scaleOf(info.table.getCoreRowModel().rows.map((row) => row.original[key]));
  return value === null ? "—" : <span title={value}>{`${formatDecimal(value, scale)}${suffix}`}</span>;
}

const columns = column.columns([
  column.accessor("requestId", {
    ...unsorted,
    header: "Request",
    cell: (info) => <span className="font-mono text-xs">{info.getValue()}</span>,
  }),
  column.accessor("requestTime", { header: () => <ZoneHeader label="Requested" />, cell: (info) => <Time iso={info.getValue()} bare /> }),
  column.accessor("userId", { ...unsorted, header: "User" }),
  column.accessor("packageName", {
    ...unsorted,
    header: "Package",
    cell: (info) => (
      <span title={allLocales(info.row.original.packageNames)} className="inline-block max-w-[10rem] truncate align-bottom">
        {info.getValue() ?? "—"}
      </span>
    ),
  }),
  column.accessor("stage", { ...unsorted, header: "Stage", cell: (info) => (info.getValue() === "live" ? "Live" : "Challenge") }),
  column.accessor("platform", { ...unsorted, header: "Platform", cell: (info) => info.getValue() ?? "—" }),
  column.accessor("connectionId", { ...unsorted, header: "Server", cell: (info) => info.getValue() ?? "—" }),
  column.accessor("groupName", {
    ...unsorted,
    header: "Group",
    cell: (info) => (
      <span title={info.getValue() ?? undefined} className="inline-block max-w-[9rem] truncate align-bottom">
        {info.getValue() ?? "—"}
      </span>
    ),
  }),
  column.accessor("leverage", { ...unsorted, header: "Leverage", cell: (info) => decimalCell(info, "leverage"), ...numeric }),
  column.accessor("initialBalance", { header: "Balance", cell: (info) => decimalCell(info, "initialBalance"), ...numeric }),
  column.accessor("maxDailyLossPercent", {
    ...unsorted,
    header: "Daily loss",
    cell: (info) => decimalCell(info, "maxDailyLossPercent", " %"),
    ...numeric,
  }),
  column.accessor("maxLossPercent", {
    ...unsorted,
    header: "Max loss",
    cell: (info) => decimalCell(info, "maxLossPercent", " %"),
    ...numeric,
  }),
  column.accessor("profitTargetPercent", {
    ...unsorted,
    header: "Target",
    cell: (info) => decimalCell(info, "profitTargetPercent", " %"),
    ...numeric,
  }),
  column.accessor("receivedAt", { header: () => <ZoneHeader label="Received" />, cell: (info) => <Time iso={info.getValue()} bare /> }),
]);

export function RejectedPropTradingTable({ rows }: { rows: RejectedPropTradingRow[] }) {
  const [query, setQuery] = useListQuery(parsers);
  return (
    <DataTable
      caption="Rejected prop-trading requests"
      rows={rows}
      columns={columns}
      getRowId={(row) => row.id}
      sort={query.sort}
      onSortChange={(sort) => void setQuery({ sort: sort as typeof query.sort, page: null, cursor: null })}
      rowHref={(row) => `/prop-trading/rejected/${row.id}`}
    />
  );
}
