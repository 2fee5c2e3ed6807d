import "server-only";
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { exportFormatOf, streamExport } from "@/lib/csv/stream-export";
import { CHANGED_ROWS_LIMIT } from "./keyset-page";
import type { AnyListDeclaration } from "./list-declaration";
import { badQueryResponse, parseListQuery, parseListQueryStrictly } from "./list-query";
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

/**
 * GET /api/<list>/changes?ids=…&<the page's own query>: the rows the live console heard changed,
 * each with whether it matches the page's filters — evaluated here with the list's own schema and
 * where-builder, read as leniently as the page reads its URL.
 */
export function listChangesRoute(list: AnyListDeclaration) {
  const live = list.live;
  if (!live) throw new Error(`The list ${list.name} does not update live.`);
  return staffRoute(list.role, async (staff, request) => {
    const params = request.nextUrl.searchParams;
    const ids = (params.get("ids") ?? "").split(",").filter((id) => id !== "");
    if (ids.length === 0 || ids.length > CHANGED_ROWS_LIMIT || !ids.every((id) => /^\d{1,18}$/.test(id)))
      return badQueryResponse([{ param: "ids", message: `expected 1 to ${CHANGED_ROWS_LIMIT} comma-separated row ids` }]);
    const query = parseListQuery(list.schema, params);
    return listResponse(async () => ({ rows: await live.findByIds(staff, query, ids) }));
  });
}
