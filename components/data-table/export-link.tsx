"use client";
import { useSearchParams } from "next/navigation";
import { buttonClass } from "./filter-controls";

/** Downloads every row matching the current filters (not just this page), as CSV. */
export function ExportLink({ endpoint }: { endpoint: string }) {
  const searchParams = useSearchParams();
  const params = new URLSearchParams(searchParams);
  params.delete("page");
  params.delete("cursor");
  const query = params.toString();
  return (
    <a className={buttonClass} href={query ? `${endpoint}?${query}` : endpoint} download>
      ⤓ Export CSV
    </a>
  );
}
