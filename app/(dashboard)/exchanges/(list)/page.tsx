import type { Metadata } from "next";
import { ListPage } from "@/components/data-table/list-page";
import { ExchangesFilters } from "@/components/exchanges/exchanges-filters";
import { ExchangesTable } from "@/components/exchanges/exchanges-table";
import { requireStaffPage } from "@/lib/auth/session";
import { KNOWN_EXCHANGE_STATUSES } from "@/lib/ingest/banking/statuses";
import { exchangeFilterChoices, exchangesList } from "@/lib/queries/exchanges";

export const metadata: Metadata = { title: "Exchanges" };

export default async function ExchangesPage(props: PageProps<"/exchanges">) {
  const staff = await requireStaffPage("/exchanges");
  return (
    <ListPage
      title="Exchanges"
      description="One row per currency exchange with its current status: the highest-ranked status the banking platform reported, whatever order the callbacks arrived in."
      path="/exchanges"
      list={exchangesList}
      staff={staff}
      searchParams={await props.searchParams}
      choices={exchangeFilterChoices}
      filters={(choices) => (
        <ExchangesFilters
          pairs={choices.pairs}
          statuses={[...KNOWN_EXCHANGE_STATUSES, ...choices.statuses.filter((status) => !KNOWN_EXCHANGE_STATUSES.includes(status))]}
        />
      )}
      table={(rows) => <ExchangesTable rows={rows} />}
      nothingYet="No exchanges yet. They appear here with the banking platform's first EXCHANGE_STATUS_UPDATED callback."
    />
  );
}
