"use client";

// Anything a page did not handle itself. A database outage is shown by the pages as such; this is
// for the rest, and never pretends the list is empty.
export default function DashboardError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">This page could not be shown.</p>
      <p className="mt-1">
        Something went wrong on the server. The data is safe; try again, and if it keeps failing, report the reference below.
      </p>
      {error.digest ? <p className="mt-2 font-mono text-xs">Reference: {error.digest}</p> : null}
      <button type="button" onClick={retry} className="mt-3 rounded border border-red-300 bg-white px-3 py-1 font-medium hover:bg-red-100">
        Try again
      </button>
    </div>
  );
}
