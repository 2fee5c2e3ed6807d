import type { Metadata } from "next";
import { ListTransitionProvider } from "@/components/data-table/list-transition";
import { Pagination } from "@/components/data-table/pagination";
import { ExchangesFilters } from "@/components/exchanges/exchanges-filters";
import { ExchangesTable } from "@/components/exchanges/exchanges-table";
import { DatabaseUnavailable, EmptyList, PageHeader } from "@/components/page-states";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { exchangeFilterChoices, findExchanges } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { hasFilters, PAGE_SIZE, parseListQuery } from "@/lib/queries/list-query";
import { KNOWN_EXCHANGE_STATUSES } from "@/lib/webhooks/banking/statuses";

export const metadata: Metadata = { title: "Exchanges" };

export default async function ExchangesPage(props: PageProps<"/exchanges">) {
  const searchParams = await props.searchParams;
  const query = parseListQuery(exchangesQuery, searchParams);
  const loaded = await unlessDatabaseUnavailable(() => Promise.all([findExchanges(query), exchangeFilterChoices()]));
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
          {loaded.data[0].rows.length === 0 ? (
            <EmptyList
              filtered={hasFilters(query)}
              resetHref="/exchanges"
              nothingYet="No exchanges yet. They appear here with the banking platform's first EXCHANGE_STATUS_UPDATED callback."
            />
          ) : (
            <ExchangesTable rows={loaded.data[0].rows} />
          )}
          <Pagination
            path="/exchanges"
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
