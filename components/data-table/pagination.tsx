import Link from "next/link";
import { formatCount } from "@/components/format";

interface PaginationProps {
  path: string;
  /** The current URL's search params (filters and sort are kept; page and cursor are replaced). */
  searchParams: Record<string, string | string[] | undefined>;
  page: number;
  pageSize: number;
  shown: number;
  total: number;
  totalCapped: boolean;
  hasNext: boolean;
  hasPrevious: boolean;
  nextCursor?: string;
  previousCursor?: string;
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
export function Pagination(props: PaginationProps) {
  const first = props.shown === 0 ? 0 : (props.page - 1) * props.pageSize + 1;
  const last = first === 0 ? 0 : first + props.shown - 1;
  const linkClass =
    "rounded border border-slate-300 bg-white px-3 py-1 text-sm hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500";
  const disabledClass = "rounded border border-slate-200 px-3 py-1 text-sm text-slate-400";
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 py-3 text-sm text-slate-600">
      <p>
        {props.shown === 0
          ? "No rows"
          : `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(props.total, props.totalCapped)}`}{" "}
        · page {props.page}
      </p>
      <div className="flex gap-2">
        {props.page > 1 ? (
          <Link className={linkClass} href={hrefFor(props.path, props.searchParams, 1)}>
            First
          </Link>
        ) : null}
        {props.hasPrevious ? (
          <Link className={linkClass} rel="prev" href={hrefFor(props.path, props.searchParams, props.page - 1, props.previousCursor)}>
            ← Previous
          </Link>
        ) : (
          <span className={disabledClass} aria-disabled="true">
            ← Previous
          </span>
        )}
        {props.hasNext ? (
          <Link className={linkClass} rel="next" href={hrefFor(props.path, props.searchParams, props.page + 1, props.nextCursor)}>
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
