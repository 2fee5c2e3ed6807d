"use client";
import { type CellContext, createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable, type ListFeatures } from "@/components/data-table/data-table";
import { useListQuery } from "@/components/data-table/use-list-query";
import { currenciesOf, formatAmount, scaleOf } from "@/components/format";
import { StatusBadge } from "@/components/status-badge";
import { Time, ZoneHeader } from "@/components/time";
import type { ExchangeRow } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";

const parsers = nuqsParsersFor(exchangesQuery);
const column = createColumnHelper<ListFeatures, ExchangeRow>();
const numeric = { meta: { numeric: true } };
const unsorted = { enableSorting: false };

type DecimalKey = "requestAmount" | "requestPrice" | "executedAmount" | "executedPrice" | "commissionFee";

/**
 * An amount at its column's scale on this page (so the points line up), with the currency its pair
 * names: amounts in the base currency, prices in the quote currency per unit of the base.
 */
function amountCell(info: CellContext<ListFeatures, ExchangeRow, unknown>, key: DecimalKey, currency?: "base" | "quote") {
  const scale = scaleOf(info.table.getCoreRowModel().rows.map((row) => row.original[key]));
  const pair = currenciesOf(info.row.original.assetPair);
  return (
    <span title={info.row.original[key] ?? undefined}>
      {formatAmount(info.row.original[key], currency && pair ? pair[currency] : undefined, scale)}
    </span>
  );
}

const columns = column.columns([
  column.accessor("exchangeId", { header: "Exchange", cell: (info) => `#${info.getValue()}` }),
  column.accessor("status", { ...unsorted, header: "Status", cell: (info) => <StatusBadge status={info.getValue()} /> }),
  column.accessor("exchangeType", { ...unsorted, header: "Type", cell: (info) => info.getValue() ?? "—" }),
  column.accessor("assetPair", { ...unsorted, header: "Pair", cell: (info) => info.getValue() ?? "—" }),
  column.accessor("manageesId", {
    ...unsorted,
    header: "Managee",
    cell: (info) => {
      const managee = info.getValue();
      return managee ? (
        <Link className="text-sky-800 hover:underline" href={`/managees/${managee}`}>
          {managee}
        </Link>
      ) : (
        "—"
      );
    },
  }),
  column.accessor("requestAmount", { header: "Req. amount", cell: (info) => amountCell(info, "requestAmount", "base"), ...numeric }),
  column.accessor("requestPrice", {
    ...unsorted,
    header: "Req. price",
    cell: (info) => amountCell(info, "requestPrice", "quote"),
    ...numeric,
  }),
  column.accessor("executedAmount", {
    ...unsorted,
    header: "Exec. amount",
    cell: (info) => amountCell(info, "executedAmount", "base"),
    ...numeric,
  }),
  column.accessor("executedPrice", {
    ...unsorted,
    header: "Exec. price",
    cell: (info) => amountCell(info, "executedPrice", "quote"),
    ...numeric,
  }),
  column.accessor("commissionFee", { ...unsorted, header: "Fee", cell: (info) => amountCell(info, "commissionFee"), ...numeric }),
  column.accessor("hasOpenRfi", {
    ...unsorted,
    header: "Open RFI",
    cell: (info) => (info.getValue() ? <span className="font-medium text-amber-800">yes</span> : info.getValue() === false ? "no" : "—"),
  }),
  column.accessor("firstSeenAt", {
    id: "firstSeen",
    header: () => <ZoneHeader label="First seen" />,
    cell: (info) => <Time iso={info.getValue()} bare />,
  }),
  column.accessor("lastUpdateAt", {
    id: "lastUpdate",
    header: () => <ZoneHeader label="Last update" />,
    cell: (info) => <Time iso={info.getValue()} bare />,
  }),
]);

export function ExchangesTable({ rows }: { rows: ExchangeRow[] }) {
  const [query, setQuery] = useListQuery(parsers);
  return (
    <DataTable
      caption="Exchanges"
      rows={rows}
      columns={columns}
      getRowId={(row) => row.exchangeId}
      sort={query.sort}
      onSortChange={(sort) => void setQuery({ sort: sort as typeof query.sort, page: null, cursor: null })}
      rowHref={(row) => `/exchanges/${row.exchangeId}`}
    />
  );
}
