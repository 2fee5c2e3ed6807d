import type { Metadata } from "next";
import { ListTransitionProvider } from "@/components/data-table/list-transition";
import { Pagination } from "@/components/data-table/pagination";
import { DatabaseUnavailable, EmptyList, PageHeader } from "@/components/page-states";
import { RejectedPropTradingFilters } from "@/components/rejected-prop-trading/rejected-filters";
import { RejectedPropTradingTable } from "@/components/rejected-prop-trading/rejected-table";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { hasFilters, PAGE_SIZE, parseListQuery } from "@/lib/queries/list-query";
import { findRejectedPropTradingRequests, rejectedPropTradingFilterChoices } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export const metadata: Metadata = { title: "Rejected prop trading" };

export default async function RejectedPropTradingPage(props: PageProps<"/prop-trading/rejected">) {
  const searchParams = await props.searchParams;
  const query = parseListQuery(rejectedPropTradingQuery, searchParams);
  const loaded = await unlessDatabaseUnavailable(() =>
    Promise.all([findRejectedPropTradingRequests(query), rejectedPropTradingFilterChoices()]),
  );
  return (
    <ListTransitionProvider>
      <PageHeader
        title="Rejected prop-trading requests"
        description="Challenge and live-step requests the broker CRM rejected, newest request first. Times are UTC, amounts exactly as sent."
      />
      {loaded.available ? (
        <>
          <RejectedPropTradingFilters platforms={loaded.data[1].platforms} packages={loaded.data[1].packages} />
          {loaded.data[0].rows.length === 0 ? (
            <EmptyList
              filtered={hasFilters(query)}
              resetHref="/prop-trading/rejected"
              nothingYet="No rejected prop-trading requests have been received yet. They appear here as soon as the CRM sends a propTrading or propTradingLive reject event."
            />
          ) : (
            <RejectedPropTradingTable rows={loaded.data[0].rows} />
          )}
          <Pagination
            path="/prop-trading/rejected"
            searchParams={searchParams}
            pageSize={PAGE_SIZE}
            shown={loaded.data[0].rows.length}
            {...loaded.data[0]}
          />
        </>
      ) : (
        <DatabaseUnavailable />
      )}
    </ListTransitionProvider>
  );
}
