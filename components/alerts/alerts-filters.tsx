"use client";
import Link from "next/link";
import { ExportLink } from "@/components/data-table/export-link";
import { buttonClass, DateFilter, FilterBar, MultiChoiceFilter, TextFilter } from "@/components/data-table/filter-controls";
import { useListQuery } from "@/components/data-table/use-list-query";
import { RULES } from "@/lib/alerts/rules";
import { ALERT_STATES, alertsQuery } from "@/lib/queries/alerts-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";
import { AlertStateBadge } from "./alert-state-badge";

const parsers = nuqsParsersFor(alertsQuery);
const TITLES = Object.fromEntries(RULES.map((rule) => [rule.id, rule.title]));

export function AlertsFilters() {
  const [query, setQuery] = useListQuery(parsers);
  const reset = { page: null, cursor: null } as const;
  return (
    <FilterBar
      actions={
        <>
          <Link className={buttonClass} href="/alerts">
            Reset
          </Link>
          <ExportLink endpoint="/api/alerts/export" parsers={parsers} />
        </>
      }
    >
      <MultiChoiceFilter
        label="State"
        values={query.state}
        options={[...ALERT_STATES]}
        onChange={(state) => void setQuery({ state: state.length > 0 ? (state as typeof query.state) : null, ...reset })}
        render={(state) => <AlertStateBadge state={state as (typeof ALERT_STATES)[number]} />}
      />
      <MultiChoiceFilter
        label="Rule"
        values={query.rule}
        options={RULES.map((rule) => rule.id)}
        onChange={(rule) => void setQuery({ rule: rule.length > 0 ? rule : null, ...reset })}
        render={(rule) => TITLES[rule] ?? rule}
      />
      <TextFilter
        label="Subject (exchange, sender, user…)"
        value={query.subject ?? null}
        onChange={(subject) => void setQuery({ subject, ...reset })}
      />
      <DateFilter label="Fired from" value={query.from ?? null} onChange={(from) => void setQuery({ from, ...reset })} />
      <DateFilter label="Fired to" value={query.to ?? null} onChange={(to) => void setQuery({ to, ...reset })} />
    </FilterBar>
  );
}
