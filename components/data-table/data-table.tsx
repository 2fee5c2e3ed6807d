"use client";
import {
  type ColumnDef,
  type RowData,
  rowSortingFeature,
  type SortingState,
  tableFeatures,
  type Updater,
  useTable,
} from "@tanstack/react-table";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { useLiveRows } from "@/components/live/live-list";
import { useListTransition } from "./list-transition";
import { ScrollFrame } from "./scroll-frame";

export const listFeatures = tableFeatures({ rowSortingFeature });
export type ListFeatures = typeof listFeatures;

interface DataTableProps<Row extends RowData> {
  caption: string;
  rows: Row[];
  columns: ColumnDef<ListFeatures, Row, unknown>[];
  getRowId: (row: Row) => string;
  /** `column.direction`; the server sorts. */
  sort: string;
  onSortChange: (sort: string) => void;
  /** Where a row leads (its first cell is that link, so the row is reachable by keyboard). */
  rowHref: (row: Row) => string;
}

function resolve<T>(updater: Updater<T>, old: T): T {
  return typeof updater === "function" ? (updater as (previous: T) => T)(old) : updater;
}

/** A dense, server-sorted table: sorting only changes the URL; rows arrive sorted and paged. */
export function DataTable<Row extends RowData>({ caption, rows, columns, getRowId, sort, onSortChange, rowHref }: DataTableProps<Row>) {
  const { pending } = useListTransition();
  // Row links carry the list's query, so the detail page's "back" returns to these very rows.
  const listQuery = useSearchParams().toString();
  const hrefOf = (row: Row) => (listQuery ? `${rowHref(row)}?back=${encodeURIComponent(listQuery)}` : rowHref(row));
  const [sortColumn = "", sortDirection] = sort.split(".");
  const sorting: SortingState = [{ id: sortColumn, desc: sortDirection === "desc" }];
  // On a live list, rows that changed while on screen show their new values, highlighted for a moment.
  const live = useLiveRows();
  const showing = live?.showing;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per set of rows from the server (getRowId is a new function each render).
  useEffect(() => showing?.(rows.map(getRowId)), [rows, showing]);
  const data = live && live.changed.size > 0 ? rows.map((row) => (live.changed.get(getRowId(row))?.row as Row | undefined) ?? row) : rows;
  const table = useTable({
    features: listFeatures,
    columns,
    data,
    getRowId,
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = resolve(updater, sorting)[0];
      if (next) onSortChange(`${next.id}.${next.desc ? "desc" : "asc"}`);
    },
  });

  return (
    <ScrollFrame className={`rounded border border-slate-200 bg-white transition-opacity ${pending ? "opacity-60" : ""}`}>
      <table className="min-w-full text-left text-[13px] leading-5">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const numeric = (header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className={`whitespace-nowrap px-1.5 py-2 font-semibold ${numeric ? "text-right" : ""}`}
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    {header.column.getCanSort() ? (
                      <button
                        type="button"
                        onClick={header.column.getToggleSortingHandler()}
                        className="inline-flex items-center gap-1 uppercase hover:text-slate-950 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
                        title="Sort by this column"
                      >
                        <table.FlexRender header={header} />
                        <span aria-hidden="true" className="text-[10px]">
                          {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}
                        </span>
                      </button>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              className={`transition-colors duration-700 ${live?.highlighted.has(row.id) ? "bg-amber-100" : "hover:bg-sky-50/60"} ${live?.changed.get(row.id)?.matches === false ? "opacity-50" : ""}`}
              data-live-changed={
                live?.changed.has(row.id) ? (live.changed.get(row.id)?.matches ? "matches" : "no-longer-matches") : undefined
              }
              title={live?.changed.get(row.id)?.matches === false ? "Changed just now; no longer matches your filters" : undefined}
            >
              {row.getAllCells().map((cell, index) => {
                const numeric = (cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric;
                return (
                  <td key={cell.id} className={`whitespace-nowrap px-1.5 py-1 align-top ${numeric ? "text-right tabular-nums" : ""}`}>
                    {index === 0 ? (
                      <>
                        <Link href={hrefOf(row.original)} className="font-medium text-sky-800 hover:underline">
                          <table.FlexRender cell={cell} />
                        </Link>
                        {live?.changed.get(row.id)?.matches === false ? (
                          <span className="ml-1 rounded bg-slate-200 px-1 text-[11px] text-slate-700">no longer matches</span>
                        ) : null}
                      </>
                    ) : (
                      <table.FlexRender cell={cell} />
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollFrame>
  );
}
