import type { Metadata } from "next";
import { AuditFilters } from "@/components/admin/audit-filters";
import { ListPage } from "@/components/data-table/list-page";
import { ScrollFrame } from "@/components/data-table/scroll-frame";
import { Time } from "@/components/time";
import { requireStaffPage } from "@/lib/auth/session";
import { type AuditRow, auditLogList } from "@/lib/queries/audit-log";

export const metadata: Metadata = { title: "Audit log" };

function summarise(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`)
    .join(" · ");
}

function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <ScrollFrame className="rounded border border-slate-200 bg-white">
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
          {rows.map((row) => (
            <tr key={row.id} className="align-top">
              <td className="whitespace-nowrap px-2 py-1.5">
                <Time iso={row.at} />
              </td>
              <td className="px-2 py-1.5 font-medium">{row.action}</td>
              <td className="px-2 py-1.5">{row.actorEmail ?? "—"}</td>
              <td className="px-2 py-1.5 font-mono text-xs">{row.ipAddress ?? ""}</td>
              <td className="min-w-[20rem] break-all px-2 py-1.5 text-slate-700">{summarise(row.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollFrame>
  );
}

export default async function AuditLogPage(props: PageProps<"/admin/audit">) {
  const staff = await requireStaffPage("/admin/audit", "admin");
  return (
    <ListPage
      title="Audit log"
      description="Logins and failed logins, exports (who, which list, which filters, how many rows), reprocessing, dismissals and user changes. Entries are never changed or removed by the application."
      path="/admin/audit"
      list={auditLogList}
      staff={staff}
      searchParams={await props.searchParams}
      filters={() => <AuditFilters />}
      table={(rows) => <AuditTable rows={rows} />}
      nothingYet="Nothing audited yet."
    />
  );
}
