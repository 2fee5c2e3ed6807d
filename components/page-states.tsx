import Link from "next/link";
import type { ReactNode } from "react";

export function PageHeader({ title, description, children }: { title: string; description?: ReactNode; children?: ReactNode }) {
  return (
    <header className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div>
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description ? <p className="mt-1 max-w-3xl text-sm text-slate-600">{description}</p> : null}
      </div>
      {children}
    </header>
  );
}

/** The database could not be reached: said plainly, so an outage is never mistaken for "no rows". */
export function DatabaseUnavailable() {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">Database unavailable</p>
      <p className="mt-1">
        The dashboard cannot reach its database right now, so nothing can be shown. Webhook senders are being answered 503 and will retry;
        nothing they send is lost. This page will work again as soon as the database is back — reload to check.
      </p>
    </div>
  );
}

/** Why a list is empty: nothing received yet, or nothing matching the filters. */
export function EmptyList({ filtered, resetHref, nothingYet }: { filtered: boolean; resetHref: string; nothingYet: ReactNode }) {
  return (
    <div className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-sm text-slate-600">
      {filtered ? (
        <>
          <p className="font-medium text-slate-800">No rows match these filters.</p>
          <p className="mt-2">
            <Link href={resetHref} className="text-sky-800 underline">
              Reset the filters
            </Link>{" "}
            to see everything.
          </p>
        </>
      ) : (
        <div className="font-medium text-slate-800">{nothingYet}</div>
      )}
    </div>
  );
}

export function TableSkeleton({ rows = 12, title }: { rows?: number; title: string }) {
  return (
    <div role="status" aria-busy="true" aria-label={`Loading ${title}`}>
      <div className="mb-4 h-7 w-72 animate-pulse rounded bg-slate-200" />
      <div className="mb-3 h-16 animate-pulse rounded bg-slate-100" />
      <div className="space-y-1 rounded border border-slate-200 bg-white p-2">
        {Array.from({ length: rows }, (_, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
          <div key={index} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}
