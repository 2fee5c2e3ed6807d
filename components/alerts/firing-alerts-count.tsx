"use client";
import { useState } from "react";
import { useLiveEvents } from "@/components/live/live-feed";

/** The navigation's count of alerts firing and not acknowledged, kept current by the live feed. */
export function FiringAlertsCount({ initial }: { initial: number | null }) {
  const [count, setCount] = useState(initial);
  useLiveEvents((event) => {
    if (event.type === "change") return;
    void fetch("/api/alerts/count", { cache: "no-store" })
      .then((response) => (response.ok ? (response.json() as Promise<{ firing: number }>) : null))
      .then((answer) => {
        if (answer) setCount(answer.firing);
      })
      .catch(() => undefined);
  });
  if (!count) return null;
  return (
    <span
      className="ml-1 rounded-full bg-red-600 px-1.5 text-xs font-semibold text-white"
      title={`${count} firing, not acknowledged`}
      data-testid="firing-alerts"
    >
      {count}
    </span>
  );
}
