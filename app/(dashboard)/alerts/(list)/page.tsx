import type { Metadata } from "next";
import Link from "next/link";
import { AlertsChanged } from "@/components/alerts/alerts-changed";
import { AlertsFilters } from "@/components/alerts/alerts-filters";
import { AlertsTable } from "@/components/alerts/alerts-table";
import { ListPage } from "@/components/data-table/list-page";
import { requireStaffPage } from "@/lib/auth/session";
import { alertsList } from "@/lib/queries/alerts";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage(props: PageProps<"/alerts">) {
  const staff = await requireStaffPage("/alerts");
  return (
    <ListPage
      title="Alerts"
      description={
        <>
          Stuck exchanges, failed ones, silent senders, refused signatures, quarantines and repeated rejections, as the rules see them
          (checked every few seconds, and at once when a delivery arrives). Acknowledge one to say you are on it; it resolves by itself when
          its condition clears, or by hand with a note.
          {staff.user.role === "admin" ? (
            <>
              {" "}
              <Link className="text-sky-800 underline" href="/admin/alerts">
                Rules and channels
              </Link>
            </>
          ) : null}
        </>
      }
      path="/alerts"
      list={alertsList}
      staff={staff}
      searchParams={await props.searchParams}
      filters={() => (
        <>
          <AlertsFilters />
          <AlertsChanged />
        </>
      )}
      table={(rows) => <AlertsTable rows={rows} />}
      nothingYet="No alerts yet. Rules are checked every few seconds; an alert appears here when one holds."
    />
  );
}
