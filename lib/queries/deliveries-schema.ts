// The URL of /deliveries and its JSON route: one schema for both.
import { z } from "zod";
import { choiceFilter, cursorField, dayFilter, multiChoiceFilter, pageField, sortField, textFilter } from "./list-query";

export const DELIVERY_OUTCOMES = ["projected", "duplicate", "quarantined", "stored_unprojected", "dismissed"] as const;
export type DeliveryOutcomeName = (typeof DELIVERY_OUTCOMES)[number];

export const deliveriesQuery = z.object({
  sender: choiceFilter(["crm", "banking"]),
  type: textFilter(),
  outcome: multiChoiceFilter(z.enum(DELIVERY_OUTCOMES)),
  from: dayFilter(),
  to: dayFilter(),
  q: textFilter(),
  sort: sortField(["receivedAt"], "receivedAt.desc"),
  page: pageField(),
  cursor: cursorField(),
});

export type DeliveriesQuery = z.output<typeof deliveriesQuery>;
