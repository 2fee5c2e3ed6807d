import type { Metadata } from "next";
import { ListResults } from "@/components/data-table/list-results";
import { ListTransitionProvider } from "@/components/data-table/list-transition";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { RejectedPropTradingFilters } from "@/components/rejected-prop-trading/rejected-filters";
import { RejectedPropTradingTable } from "@/components/rejected-prop-trading/rejected-table";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { hasFilters, parseListQuery } from "@/lib/queries/list-query";
import { rejectedPropTradingFilterChoices, rejectedPropTradingList } from "@/lib/queries/rejected-prop-trading";

export const metadata: Metadata = { title: "Rejected prop trading" };

export default async function RejectedPropTradingPage(props: PageProps<"/prop-trading/rejected">) {
  const staff = await requireStaffPage("/prop-trading/rejected");
  const searchParams = await props.searchParams;
  const query = parseListQuery(rejectedPropTradingList.schema, searchParams);
  const loaded = await unlessDatabaseUnavailable(() =>
    Promise.all([rejectedPropTradingList.find(staff, query), rejectedPropTradingFilterChoices(staff)]),
  );
  return (
    <ListTransitionProvider>
      <PageHeader
        title="Rejected prop-trading requests"
        description="Challenge and live-step requests the broker CRM rejected. Sorted by the time the request was made (the CRM's request_time), newest first, unless you choose otherwise: a request made long ago that we received today sorts by its request time — sort by “Received” to see the newest arrivals first. Amounts exactly as sent."
      />
      {loaded.available ? (
        <>
          <RejectedPropTradingFilters platforms={loaded.data[1].platforms} packages={loaded.data[1].packages} />
          <ListResults
            path="/prop-trading/rejected"
            searchParams={searchParams}
            result={loaded.data[0]}
            filtered={hasFilters(query)}
            nothingYet="No rejected prop-trading requests have been received yet. They appear here as soon as the CRM sends a propTrading or propTradingLive reject event."
          >
            <RejectedPropTradingTable rows={loaded.data[0].rows} />
          </ListResults>
        </>
      ) : (
        <DatabaseUnavailable />
      )}
    </ListTransitionProvider>
  );
}
