// The URL of /prop-trading/rejected, its JSON route and its CSV export: one schema for all three.
import { z } from "zod";
import { choiceFilter, cursorField, dayFilter, pageField, sortField, textFilter } from "./list-query";

// Only columns with an index that serves the order: sorting a million rows without one is slow.
export const REJECTED_SORT_COLUMNS = ["requestTime", "receivedAt", "initialBalance"] as const;
export type RejectedSortColumn = (typeof REJECTED_SORT_COLUMNS)[number];

export const rejectedPropTradingQuery = z.object({
  user: textFilter(),
  platform: textFilter(),
  package: textFilter(),
  stage: choiceFilter(["challenge", "live"]),
  from: dayFilter(),
  to: dayFilter(),
  q: textFilter(),
  sort: sortField(REJECTED_SORT_COLUMNS, "requestTime.desc"),
  page: pageField(),
  cursor: cursorField(),
});

export type RejectedPropTradingQuery = z.output<typeof rejectedPropTradingQuery>;
