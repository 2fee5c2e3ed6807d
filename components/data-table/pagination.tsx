import Link from "next/link";
import { formatCount } from "@/components/format";
import type { Page } from "@/lib/queries/keyset-page";
import { PAGE_SIZE, type RawSearchParams } from "@/lib/queries/list-query";

interface PaginationProps {
  path: string;
  /** The current URL's search params (filters and sort are kept; page and cursor are replaced). */
  searchParams: RawSearchParams;
  result: Page<unknown>;
}

function hrefFor(path: string, searchParams: PaginationProps["searchParams"], page: number, cursor?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(searchParams)) {
    if (key === "page" || key === "cursor" || value === undefined) continue;
    params.set(key, Array.isArray(value) ? (value[0] ?? "") : value);
  }
  if (page > 1) params.set("page", String(page));
  if (page > 1 && cursor) params.set("cursor", cursor);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** Previous/next by keyset position (fast at any depth); the page number is for reading and bookmarking. */
export function Pagination({ path, searchParams, result }: PaginationProps) {
  const shown = result.rows.length;
  const first = shown === 0 ? 0 : (result.page - 1) * PAGE_SIZE + 1;
  const last = first === 0 ? 0 : first + shown - 1;
  const linkClass =
    "rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500";
  const disabledClass = "rounded border border-slate-200 px-3 py-1 text-sm text-slate-400";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm text-slate-600">
      <p>
        {shown === 0 ? "No rows" : `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(result.total, result.totalCapped)}`} ·
        page {result.page}
      </p>
      <div className="flex gap-2">
        {result.page > 1 ? (
          <Link className={linkClass} href={hrefFor(path, searchParams, 1)}>
            First
          </Link>
        ) : null}
        {result.hasPrevious ? (
          <Link className={linkClass} rel="prev" href={hrefFor(path, searchParams, result.page - 1, result.previousCursor)}>
            ← Previous
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">
            ← Previous
          </span>
        )}
        {result.hasNext ? (
          <Link className={linkClass} rel="next" href={hrefFor(path, searchParams, result.page + 1, result.nextCursor)}>
            Next →
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">
            Next →
          </span>
        )}
      </div>
    </nav>
  );
}
