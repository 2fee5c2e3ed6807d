import "server-only";
import { z } from "zod";
import type { StaffSession } from "@/lib/auth/staff-session";
import { csvSelect, type ExportQuery } from "./export-columns";
import { type ExportOutcome, streamCsvExport } from "./stream-csv-export";
import { streamXlsxExport } from "./stream-xlsx-export";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const formatParam = z.enum(EXPORT_FORMATS).default("csv");

/** `?format=csv|xlsx` (CSV when absent), or the 400 answer for anything else. */
export function exportFormatOf(params: URLSearchParams): ExportFormat | Response {
  const parsed = formatParam.safeParse(params.get("format") ?? undefined);
  if (parsed.success) return parsed.data;
  return Response.json(
    { error: "invalid_query", detail: "format: expected csv or xlsx", problems: [{ param: "format", message: "expected csv or xlsx" }] },
    { status: 400, headers: { "Cache-Control": "no-store" } },
  );
}

/** An export in the chosen format, from the one declaration of its columns and query. */
export function streamExport(options: {
  staff: StaffSession;
  query: ExportQuery;
  name: string;
  format: ExportFormat;
  onSettled: (outcome: ExportOutcome) => void | Promise<void>;
}): Promise<Response> {
  const { staff, query, name, format, onSettled } = options;
  return format === "xlsx"
    ? streamXlsxExport({ staff, query, name, onSettled })
    : streamCsvExport({ staff, select: csvSelect(query), name, onSettled });
}
