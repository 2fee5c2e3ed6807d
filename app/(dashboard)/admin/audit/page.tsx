import type { Metadata } from "next";
import Link from "next/link";
import { Pagination } from "@/components/data-table/pagination";
import { PageHeader } from "@/components/page-states";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { findAuditEntries } from "@/lib/queries/audit-log";
import { AUDIT_ACTIONS, auditLogQuery } from "@/lib/queries/audit-log-schema";
import { parseListQuery } from "@/lib/queries/list-query";

export const metadata: Metadata = { title: "Audit log" };

function summarise(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

export default async function AuditLogPage(props: PageProps<"/admin/audit">) {
  const staff = await requireStaffPage("/admin/audit", "admin");
  const searchParams = await props.searchParams;
  const query = parseListQuery(auditLogQuery, searchParams);
  const page = await findAuditEntries(staff, query);
  return (
    <div className="space-y-3">
      <PageHeader
        title="Audit log"
        description="Logins and failed logins, exports (who, which list, which filters, how many rows), reprocessing and user changes. Entries are never changed or removed by the application."
      />
      <nav aria-label="Audit actions" className="flex flex-wrap gap-1 text-xs">
        <Link href="/admin/audit" className={`rounded px-2 py-1 ${query.action ? "bg-white" : "bg-slate-900 text-white"}`}>
          all
        </Link>
        {AUDIT_ACTIONS.map((action) => (
          <Link
            key={action}
            href={`/admin/audit?action=${action}`}
            className={`rounded px-2 py-1 ${query.action === action ? "bg-slate-900 text-white" : "bg-white"}`}
          >
            {action}
          </Link>
        ))}
      </nav>
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="min-w-full text-left text-[13px]">
          <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th className="px-2 py-2">When</th>
              <th className="px-2">Action</th>
              <th className="px-2">Who</th>
              <th className="px-2">From</th>
              <th className="px-2">Details</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((row) => (
              <tr key={row.id} className="align-top">
                <td className="whitespace-nowrap px-2 py-1.5">
                  <Time iso={row.at} />
                </td>
                <td className="px-2 py-1.5 font-medium">{row.action}</td>
                <td className="px-2 py-1.5">{row.actorEmail ?? "—"}</td>
                <td className="px-2 py-1.5 font-mono text-xs">{row.ipAddress ?? ""}</td>
                <td className="px-2 py-1.5 break-all text-slate-700">{summarise(row.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination path="/admin/audit" searchParams={searchParams} result={page} />
    </div>
  );
}
