import type { Metadata } from "next";
import { ListPage } from "@/components/data-table/list-page";
import { DeliveriesFilters } from "@/components/deliveries/deliveries-filters";
import { DeliveriesTable } from "@/components/deliveries/deliveries-table";
import { requireStaffPage } from "@/lib/auth/session";
import { deliveriesList, deliveryEventTypes } from "@/lib/queries/deliveries";

export const metadata: Metadata = { title: "Deliveries" };

export default async function DeliveriesPage(props: PageProps<"/deliveries">) {
  const staff = await requireStaffPage("/deliveries");
  return (
    <ListPage
      title="Deliveries"
      description="Every authenticated webhook received from both senders, exactly as it arrived: projected, kept in the inbox only, recognised as a duplicate, or quarantined with the reason."
      path="/deliveries"
      list={deliveriesList}
      staff={staff}
      searchParams={await props.searchParams}
      choices={deliveryEventTypes}
      filters={(eventTypes) => <DeliveriesFilters eventTypes={eventTypes} />}
      table={(rows) => <DeliveriesTable rows={rows} />}
      nothingYet="Nothing received yet. Each verified webhook appears here the moment it is stored."
    />
  );
}
