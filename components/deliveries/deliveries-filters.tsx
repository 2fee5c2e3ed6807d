"use client";
import Link from "next/link";
import { ExportLink } from "@/components/data-table/export-link";
import { buttonClass, DateFilter, FilterBar, MultiChoiceFilter, SelectFilter, TextFilter } from "@/components/data-table/filter-controls";
import { useListQuery } from "@/components/data-table/use-list-query";
import { OutcomeBadge } from "@/components/status-badge";
import { DELIVERY_OUTCOMES, deliveriesQuery } from "@/lib/queries/deliveries-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";

const parsers = nuqsParsersFor(deliveriesQuery);

export function DeliveriesFilters({ eventTypes }: { eventTypes: string[] }) {
  const [query, setQuery] = useListQuery(parsers);
  const reset = { page: null, cursor: null } as const;
  return (
    <FilterBar
      actions={
        <>
          <Link className={buttonClass} href="/deliveries">
            Reset
          </Link>
          <ExportLink endpoint="/api/deliveries/export" parsers={parsers} />
        </>
      }
    >
      <TextFilter
        label="Delivery id, callback Id or SHA-256"
        value={query.q ?? null}
        onChange={(q) => void setQuery({ q, ...reset })}
        wide
      />
      <SelectFilter
        label="Sender"
        value={query.sender ?? null}
        options={[
          { value: "crm", label: "Broker CRM" },
          { value: "banking", label: "Banking" },
        ]}
        onChange={(sender) => void setQuery({ sender: sender as "crm" | "banking" | null, ...reset })}
      />
      <SelectFilter
        label="Event type"
        value={query.type ?? null}
        options={eventTypes}
        onChange={(type) => void setQuery({ type, ...reset })}
      />
      <DateFilter label="Received from" value={query.from ?? null} onChange={(from) => void setQuery({ from, ...reset })} />
      <DateFilter label="Received to" value={query.to ?? null} onChange={(to) => void setQuery({ to, ...reset })} />
      <MultiChoiceFilter
        label="Outcome"
        values={query.outcome}
        options={DELIVERY_OUTCOMES}
        onChange={(outcome) => void setQuery({ outcome: outcome.length > 0 ? (outcome as typeof query.outcome) : null, ...reset })}
        render={(outcome) => <OutcomeBadge outcome={outcome} />}
      />
    </FilterBar>
  );
}
