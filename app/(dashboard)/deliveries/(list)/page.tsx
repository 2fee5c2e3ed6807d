import type { Metadata } from "next";
import { ListResults } from "@/components/data-table/list-results";
import { ListTransitionProvider } from "@/components/data-table/list-transition";
import { DeliveriesFilters } from "@/components/deliveries/deliveries-filters";
import { DeliveriesTable } from "@/components/deliveries/deliveries-table";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { deliveriesList, deliveryEventTypes } from "@/lib/queries/deliveries";
import { hasFilters, parseListQuery } from "@/lib/queries/list-query";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage(props: PageProps<"/deliveries">) {
  const staff = await requireStaffPage("/deliveries");
  const searchParams = await props.searchParams;
  const query = parseListQuery(deliveriesList.schema, searchParams);
  const loaded = await unlessDatabaseUnavailable(() => Promise.all([deliveriesList.find(staff, query), deliveryEventTypes(staff)]));
  return (
    <ListTransitionProvider>
      <PageHeader
        title="Deliveries"
        description="Every authenticated webhook received from both senders, exactly as it arrived: projected, kept in the inbox only, recognised as a duplicate, or quarantined with the reason."
      />
      {loaded.available ? (
        <>
          <DeliveriesFilters eventTypes={loaded.data[1]} />
          <ListResults
            path="/deliveries"
            searchParams={searchParams}
            result={loaded.data[0]}
            filtered={hasFilters(query)}
            nothingYet="Nothing received yet. Each verified webhook appears here the moment it is stored."
          >
            <DeliveriesTable rows={loaded.data[0].rows} />
          </ListResults>
        </>
      ) : (
        <DatabaseUnavailable />
      )}
    </ListTransitionProvider>
  );
}
