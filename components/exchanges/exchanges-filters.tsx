"use client";
import Link from "next/link";
import { ExportLink } from "@/components/data-table/export-link";
import { buttonClass, DateFilter, FilterBar, MultiChoiceFilter, SelectFilter, TextFilter } from "@/components/data-table/filter-controls";
import { useListQuery } from "@/components/data-table/use-list-query";
import { StatusBadge } from "@/components/status-badge";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";

const parsers = nuqsParsersFor(exchangesQuery);

export function ExchangesFilters({ pairs, statuses }: { pairs: string[]; statuses: string[] }) {
  const [query, setQuery] = useListQuery(parsers);
  const reset = { page: null, cursor: null } as const;
  return (
    <FilterBar
      actions={
        <>
          <Link className={buttonClass} href="/exchanges">
            Reset
          </Link>
          <ExportLink endpoint="/api/exchanges/export" parsers={parsers} />
        </>
      }
    >
      <SelectFilter
        label="Asset pair"
        value={query.pair ?? null}
        options={pairs}
        onChange={(pair) => void setQuery({ pair, ...reset })}
        anyLabel="Any pair"
      />
      <TextFilter
        label="Managee (user) id"
        value={query.user ?? null}
        onChange={(user) => void setQuery({ user, ...reset })}
        inputMode="numeric"
      />
      <SelectFilter
        label="Open RFI"
        value={query.rfi ?? null}
        options={[
          { value: "true", label: "Open RFI" },
          { value: "false", label: "No open RFI" },
        ]}
        onChange={(rfi) => void setQuery({ rfi: rfi as "true" | "false" | null, ...reset })}
      />
      <DateFilter label="Updated from" value={query.from ?? null} onChange={(from) => void setQuery({ from, ...reset })} />
      <DateFilter label="Updated to" value={query.to ?? null} onChange={(to) => void setQuery({ to, ...reset })} />
      <MultiChoiceFilter
        label="Current status"
        values={query.status}
        options={statuses}
        onChange={(status) => void setQuery({ status: status.length > 0 ? status : null, ...reset })}
        render={(status) => <StatusBadge status={status} />}
      />
    </FilterBar>
  );
}
