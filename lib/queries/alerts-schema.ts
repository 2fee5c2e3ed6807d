// The URL of /alerts, its JSON route and its CSV export: one schema for all three.
import { z } from "zod";
import { RULE_IDS } from "@/lib/alerts/rules";
import { cursorField, dayFilter, multiChoiceFilter, pageField, sortField, textFilter } from "./list-query";

export const ALERT_STATES = ["firing", "acknowledged", "resolved"] as const;

export const alertsQuery = z.object({
  state: multiChoiceFilter(z.enum(ALERT_STATES)),
  rule: multiChoiceFilter(z.enum(RULE_IDS as [string, ...string[]])),
  /** Part of the subject: an exchange id, a sender, a CRM user id, a reason. */
  subject: textFilter(),
  from: dayFilter(),
  to: dayFilter(),
  sort: sortField(["firedAt"], "firedAt.desc"),
  page: pageField(),
  cursor: cursorField(),
});

export type AlertsQuery = z.output<typeof alertsQuery>;
