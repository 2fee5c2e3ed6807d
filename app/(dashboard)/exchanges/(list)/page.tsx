import type { Metadata } from "next";
import { ListResults } from "@/components/data-table/list-results";
import { ListTransitionProvider } from "@/components/data-table/list-transition";
import { ExchangesFilters } from "@/components/exchanges/exchanges-filters";
import { ExchangesTable } from "@/components/exchanges/exchanges-table";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import { requireStaffPage } from "@/lib/auth/session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { KNOWN_EXCHANGE_STATUSES } from "@/lib/ingest/banking/statuses";
import { exchangeFilterChoices, exchangesList } from "@/lib/queries/exchanges";
import { hasFilters, parseListQuery } from "@/lib/queries/list-query";

export const metadata: Metadata = { title: "Exchanges" };

export default async function ExchangesPage(props: PageProps<"/exchanges">) {
  const staff = await requireStaffPage("/exchanges");
  const searchParams = await props.searchParams;
  const query = parseListQuery(exchangesList.schema, searchParams);
  const loaded = await unlessDatabaseUnavailable(() => Promise.all([exchangesList.find(staff, query), exchangeFilterChoices(staff)]));
  return (
    <ListTransitionProvider>
      <PageHeader
        title="Exchanges"
        description="One row per currency exchange with its current status: the highest-ranked status the banking platform reported, whatever order the callbacks arrived in."
      />
      {loaded.available ? (
        <>
          <ExchangesFilters
            pairs={loaded.data[1].pairs}
            statuses={[
              ...KNOWN_EXCHANGE_STATUSES,
              ...loaded.data[1].statuses.filter((status) => !KNOWN_EXCHANGE_STATUSES.includes(status)),
            ]}
          />
          <ListResults
            path="/exchanges"
            searchParams={searchParams}
            result={loaded.data[0]}
            filtered={hasFilters(query)}
            nothingYet="No exchanges yet. They appear here with the banking platform's first EXCHANGE_STATUS_UPDATED callback."
          >
            <ExchangesTable rows={loaded.data[0].rows} />
          </ListResults>
        </>
      ) : (
        <DatabaseUnavailable />
      )}
    </ListTransitionProvider>
  );
}
