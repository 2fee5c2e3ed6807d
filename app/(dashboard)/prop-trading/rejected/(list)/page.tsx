import type { Metadata } from "next";
import { ListPage } from "@/components/data-table/list-page";
import { RejectedPropTradingFilters } from "@/components/rejected-prop-trading/rejected-filters";
import { RejectedPropTradingTable } from "@/components/rejected-prop-trading/rejected-table";
import { requireStaffPage } from "@/lib/auth/session";
import { rejectedPropTradingFilterChoices, rejectedPropTradingList } from "@/lib/queries/rejected-prop-trading";

export const metadata: Metadata = { title: "Rejected prop trading" };

export default async function RejectedPropTradingPage(props: PageProps<"/prop-trading/rejected">) {
  const staff = await requireStaffPage("/prop-trading/rejected");
  return (
    <ListPage
      title="Rejected prop-trading requests"
      description="Challenge and live-step requests the broker CRM rejected. Sorted by the time the request was made (the CRM's request_time), newest first, unless you choose otherwise: a request made long ago that we received today sorts by its request time — sort by “Received” to see the newest arrivals first. Amounts exactly as sent."
      path="/prop-trading/rejected"
      list={rejectedPropTradingList}
      staff={staff}
      searchParams={await props.searchParams}
      choices={rejectedPropTradingFilterChoices}
      filters={(choices) => <RejectedPropTradingFilters platforms={choices.platforms} packages={choices.packages} />}
      table={(rows) => <RejectedPropTradingTable rows={rows} />}
      nothingYet="No rejected prop-trading requests have been received yet. They appear here as soon as the CRM sends a propTrading or propTradingLive reject event."
    />
  );
}
