import type { ReactNode } from "react";
import { LiveSince } from "@/components/live/live-feed";
import { LiveList } from "@/components/live/live-list";
import { DatabaseUnavailable, PageHeader } from "@/components/page-states";
import type { StaffSession } from "@/lib/auth/staff-session";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";
import { changeFeed } from "@/lib/live/change-feed";
import type { LiveRowKey } from "@/lib/live/live-change";
import type { ListDeclaration } from "@/lib/queries/list-declaration";
import { hasFilters, parseListQuery, type RawSearchParams } from "@/lib/queries/list-query";
import { ListResults } from "./list-results";
import { ListTransitionProvider } from "./list-transition";

/**
 * A list's page, from its declaration: the URL read with the list's schema, its rows (and the
 * filter bar's choices) loaded for the staff member, then the filter bar, the table or why it is
 * empty, and the pages — or "Database unavailable", never an empty list.
 */
export async function ListPage<Row, Choices = undefined>(props: {
  title: string;
  description: ReactNode;
  path: string;
  // biome-ignore lint/suspicious/noExplicitAny: any list's schema.
  list: ListDeclaration<any, Row>;
  staff: StaffSession;
  searchParams: RawSearchParams;
  /** What the filter bar offers (e.g. the platforms present). */
  choices?: (staff: StaffSession) => Promise<Choices>;
  filters: (choices: Choices) => ReactNode;
  table: (rows: Row[]) => ReactNode;
  nothingYet: ReactNode;
}) {
  const query = parseListQuery(props.list.schema, props.searchParams);
  // Before the rows are read, so the live stream replays anything committed after that.
  const since = props.list.live ? changeFeed().position() : null;
  const loaded = await unlessDatabaseUnavailable(() =>
    Promise.all([props.list.find(props.staff, query), props.choices ? props.choices(props.staff) : (undefined as Choices)]),
  );
  return (
    <ListTransitionProvider>
      {since ? <LiveSince position={since} /> : null}
      <PageHeader title={props.title} description={props.description} />
      {loaded.available ? (
        <>
          {props.filters(loaded.data[1])}
          <LiveResults path={props.path} live={props.list.live?.key}>
            <ListResults
              path={props.path}
              searchParams={props.searchParams}
              result={loaded.data[0]}
              filtered={hasFilters(query)}
              nothingYet={props.nothingYet}
            >
              {props.table(loaded.data[0].rows)}
            </ListResults>
          </LiveResults>
        </>
      ) : (
        <DatabaseUnavailable />
      )}
    </ListTransitionProvider>
  );
}

/** A live list's results (its JSON route lives at /api + its path, the changes beside it). */
function LiveResults({ path, live, children }: { path: string; live: LiveRowKey | undefined; children: ReactNode }) {
  return live ? (
    <LiveList changesUrl={`/api${path}/changes`} rowKey={live}>
      {children}
    </LiveList>
  ) : (
    children
  );
}
