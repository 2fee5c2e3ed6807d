"use client";
import { createSerializer, type ParserMap, useQueryStates } from "nuqs";
import { buttonClass } from "./filter-controls";

/**
 * Downloads every row matching the current filters (not just this page), as CSV or as an Excel
 * workbook. The links are written from the filters as the list read them — a URL value the list
 * ignored as malformed is left out, so the file holds exactly the rows on screen rather than an error.
 */
export function ExportLink<P extends ParserMap>({ endpoint, parsers }: { endpoint: string; parsers: P }) {
  const [query] = useQueryStates(parsers);
  const filters: Record<string, unknown> = { ...query, page: null, cursor: null };
  const href = createSerializer(parsers)(endpoint, filters as Parameters<ReturnType<typeof createSerializer<P>>>[1]);
  const xlsx = `${href}${href.includes("?") ? "&" : "?"}format=xlsx`;
  return (
    <>
      <a className={buttonClass} href={href} download title="Every matching row, as CSV (UTF-8, formula-safe)">
        ⤓ Export CSV
      </a>
      <a className={buttonClass} href={xlsx} download title="Every matching row, as an Excel workbook: ids as text, times as dates">
        ⤓ Excel
      </a>
    </>
  );
}
