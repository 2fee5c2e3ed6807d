import type { ReactNode } from "react";
import { EmptyList } from "@/components/page-states";
import type { Page } from "@/lib/queries/keyset-page";
import type { RawSearchParams } from "@/lib/queries/list-query";
import { Pagination } from "./pagination";

/** A list page's rows (the table given as children), or why there are none, then its pagination. */
export function ListResults(props: {
  path: string;
  searchParams: RawSearchParams;
  result: Page<unknown>;
  filtered: boolean;
  nothingYet: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      {props.result.rows.length === 0 ? (
        <EmptyList filtered={props.filtered} resetHref={props.path} nothingYet={props.nothingYet} />
      ) : (
        props.children
      )}
      <Pagination path={props.path} searchParams={props.searchParams} result={props.result} />
    </>
  );
}
