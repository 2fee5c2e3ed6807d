"use client";
import Link from "next/link";
import { ExportLink } from "@/components/data-table/export-link";
import { buttonClass, DateFilter, FilterBar, SelectFilter, TextFilter } from "@/components/data-table/filter-controls";
import { useListQuery } from "@/components/data-table/use-list-query";
import { AUDIT_ACTIONS, auditLogQuery } from "@/lib/queries/audit-log-schema";
import { nuqsParsersFor } from "@/lib/queries/list-query";

const parsers = nuqsParsersFor(auditLogQuery);

export function AuditFilters() {
  const [query, setQuery] = useListQuery(parsers);
  const reset = { page: null, cursor: null } as const;
  return (
    <FilterBar
      actions={
        <>
          <Link className={buttonClass} href="/admin/audit">
            Reset
          </Link>
          <ExportLink endpoint="/api/admin/audit/export" parsers={parsers} />
        </>
      }
    >
      <SelectFilter
        label="Action"
        value={query.action ?? null}
        options={AUDIT_ACTIONS}
        onChange={(action) => void setQuery({ action: action as (typeof AUDIT_ACTIONS)[number] | null, ...reset })}
        anyLabel="Any action"
      />
      <TextFilter label="Who (part of the e-mail)" value={query.user ?? null} onChange={(user) => void setQuery({ user, ...reset })} />
      <DateFilter label="From" value={query.from ?? null} onChange={(from) => void setQuery({ from, ...reset })} />
      <DateFilter label="To" value={query.to ?? null} onChange={(to) => void setQuery({ to, ...reset })} />
    </FilterBar>
  );
}
