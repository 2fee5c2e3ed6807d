"use client";
import Link from "next/link";
import { ExportLink } from "@/components/data-table/export-link";
import { buttonClass, DateFilter, FilterBar, SelectFilter, TextFilter } from "@/components/data-table/filter-controls";
import { useListQuery } from "@/components/data-table/use-list-query";
import { nuqsParsersFor } from "@/lib/queries/list-query";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

const parsers = nuqsParsersFor(rejectedPropTradingQuery);

export function RejectedPropTradingFilters({ platforms, packages }: { platforms: string[]; packages: string[] }) {
  const [query, setQuery] = useListQuery(parsers);
  const set = (changes: Partial<Record<"user" | "platform" | "package" | "stage" | "from" | "to" | "q", string | null>>) =>
    void setQuery({ ...(changes as Record<string, never>), page: null, cursor: null });
  return (
    <FilterBar
      actions={
        <>
          <Link className={buttonClass} href="/prop-trading/rejected">
            Reset
          </Link>
          <ExportLink endpoint="/api/prop-trading/rejected/export" parsers={parsers} />
        </>
      }
    >
      <TextFilter
        label="Search ids, group, package"
        value={query.q ?? null}
        onChange={(q) => set({ q })}
        placeholder="e.g. qkk4x3p1 or EUR"
        wide
      />
      <TextFilter label="User id" value={query.user ?? null} onChange={(user) => set({ user })} />
      <SelectFilter label="Platform" value={query.platform ?? null} options={platforms} onChange={(platform) => set({ platform })} />
      <TextFilter label="Package" value={query.package ?? null} onChange={(pkg) => set({ package: pkg })} list="package-choices" />
      <datalist id="package-choices">
        {packages.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <SelectFilter
        label="Stage"
        value={query.stage ?? null}
        options={[
          { value: "challenge", label: "Challenge" },
          { value: "live", label: "Live" },
        ]}
        onChange={(stage) => set({ stage })}
      />
      <DateFilter label="Requested from" value={query.from ?? null} onChange={(from) => set({ from })} />
      <DateFilter label="Requested to" value={query.to ?? null} onChange={(to) => set({ to })} />
      <SelectFilter
        label="Sort by"
        noAny
        wide
        value={query.sort}
        options={[
          { value: "requestTime.desc", label: "Request time, newest (default)" },
          { value: "requestTime.asc", label: "Request time, oldest" },
          { value: "receivedAt.desc", label: "Received, newest" },
          { value: "receivedAt.asc", label: "Received, oldest" },
          { value: "initialBalance.desc", label: "Initial balance, largest" },
          { value: "initialBalance.asc", label: "Initial balance, smallest" },
        ]}
        onChange={(sort) => void setQuery({ sort: (sort ?? "requestTime.desc") as typeof query.sort, page: null, cursor: null })}
      />
    </FilterBar>
  );
}
