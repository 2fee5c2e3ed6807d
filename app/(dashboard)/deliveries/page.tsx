import type { Metadata } from "next";
import { ListTransitionProvider } from "@/components/data-table/list-transition";
import { Pagination } from "@/components/data-table/pagination";
import { DeliveriesFilters } from "@/components/deliveries/deliveries-filters";
import { DeliveriesTable } from "@/components/deliveries/deliveries-table";
import { DatabaseUnavailable, EmptyList, PageHeader } from "@/components/page-states";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { deliveryEventTypes, findDeliveries } from "@/lib/queries/deliveries";
import { deliveriesQuery } from "@/lib/queries/deliveries-schema";
import { hasFilters, PAGE_SIZE, parseListQuery } from "@/lib/queries/list-query";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage(props: PageProps<"/deliveries">) {
  const searchParams = await props.searchParams;
  const query = parseListQuery(deliveriesQuery, searchParams);
  const loaded = await unlessDatabaseUnavailable(() => Promise.all([findDeliveries(query), deliveryEventTypes()]));
  return (
    <ListTransitionProvider>
      <PageHeader
        title="Deliveries"
        description="Every authenticated webhook received from both senders, exactly as it arrived: projected, kept in the inbox only, recognised as a duplicate, or quarantined with the reason."
      />
      {loaded.available ? (
        <>
          <DeliveriesFilters eventTypes={loaded.data[1]} />
          {loaded.data[0].rows.length === 0 ? (
            <EmptyList
              filtered={hasFilters(query)}
              resetHref="/deliveries"
              nothingYet="Nothing received yet. Each verified webhook appears here the moment it is stored."
            />
          ) : (
            <DeliveriesTable rows={loaded.data[0].rows} />
          )}
          <Pagination
            path="/deliveries"
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
