// The URL of /exchanges, its JSON route and its CSV export: one schema for all three.
import { z } from "zod";
import { booleanFilter, cursorField, dayFilter, multiChoiceFilter, pageField, sortField, textFilter } from "./list-query";

// Only columns with an index that serves the order: sorting a million rows without one is slow.
export const EXCHANGE_SORT_COLUMNS = ["lastUpdate", "firstSeen", "exchangeId", "requestAmount"] as const;
export type ExchangeSortColumn = (typeof EXCHANGE_SORT_COLUMNS)[number];

export const exchangesQuery = z.object({
  pair: textFilter(),
  // Statuses are open-ended (unknown future ones are shown too), so any short word is accepted.
  status: multiChoiceFilter(z.string().regex(/^[A-Za-z][A-Za-z0-9_ -]{0,49}$/)),
  user: z
    .string()
    .trim()
    .regex(/^\d{1,18}$/, "expected a managee id (digits)")
    .optional(),
  rfi: booleanFilter(),
  /** `attention=true`: not final, and with an open RFI or no news for longer than STUCK_EXCHANGE_MINUTES. */
  attention: booleanFilter(),
  from: dayFilter(),
  to: dayFilter(),
  sort: sortField(EXCHANGE_SORT_COLUMNS, "lastUpdate.desc"),
  page: pageField(),
  cursor: cursorField(),
});

export type ExchangesQuery = z.output<typeof exchangesQuery>;
