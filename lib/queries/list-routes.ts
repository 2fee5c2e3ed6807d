import "server-only";
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { exportFormatOf, streamExport } from "@/lib/csv/stream-export";
import type { AnyListDeclaration } from "./list-declaration";
import { badQueryResponse, parseListQueryStrictly } from "./list-query";
import { listResponse } from "./list-response";

/** GET /api/<list>: the list as JSON, with the page's query parameters (a malformed one is 400). */
export function listJsonRoute(list: AnyListDeclaration) {
  return staffRoute(list.role, async (staff, request) => {
    const parsed = parseListQueryStrictly(list.schema, request.nextUrl.searchParams);
    if (!parsed.ok) return badQueryResponse(parsed.problems);
    return listResponse(() => list.find(staff, parsed.query));
  });
}

/** GET /api/<list>/export: every matching row as CSV, or with ?format=xlsx as a workbook; audited. */
export function listExportRoute(list: AnyListDeclaration) {
  const exportQuery = list.exportQuery;
  if (!exportQuery) throw new Error(`The list ${list.name} declares no export.`);
  return staffRoute(list.role, async (staff, request) => {
    const parsed = parseListQueryStrictly(list.schema, request.nextUrl.searchParams);
    if (!parsed.ok) return badQueryResponse(parsed.problems);
    const format = exportFormatOf(request.nextUrl.searchParams);
    if (format instanceof Response) return format;
    return streamExport({
      staff,
      format,
      name: list.name,
      query: exportQuery(parsed.query),
      onSettled: (outcome) => auditExport(staff, { list: list.name, format, filters: parsed.query, outcome }),
    });
  });
}
