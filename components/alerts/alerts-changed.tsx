"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useLiveEvents } from "@/components/live/live-feed";

/** On the alerts list: alerts opened or changed state since it was shown — loaded when asked, never under the cursor. */
export function AlertsChanged() {
  const router = useRouter();
  const [changed, setChanged] = useState(false);
  useLiveEvents((event) => {
    if (event.type === "refetch") router.refresh();
    else if (event.type === "alerts") setChanged(true);
  });
  if (!changed) return null;
  return (
    <div
      aria-live="polite"
      className="mb-2 flex items-center gap-3 rounded border border-sky-300 bg-sky-50 px-3 py-1.5 text-sm text-sky-950"
    >
      <span>Alerts opened or changed since this list was shown</span>
      <button
        type="button"
        onClick={() => {
          setChanged(false);
          router.refresh();
        }}
        className="rounded bg-sky-700 px-2 py-0.5 font-medium text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
      >
        Show
      </button>
    </div>
  );
}
