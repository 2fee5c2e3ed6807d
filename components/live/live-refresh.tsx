"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useLiveEvents } from "./live-feed";

/**
 * Re-renders the page from the server when changes arrive (at most every `everyMs`): for pages
 * whose figures nobody points at row by row, like the overview's counters and attention panel.
 */
export function LiveRefresh({ everyMs = 2_000, on = "all" }: { everyMs?: number; on?: "all" | "alerts" }) {
  const router = useRouter();
  const last = useRef(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useLiveEvents((event) => {
    if (on === "alerts" && event.type === "change") return;
    if (timer.current !== undefined) return;
    const wait = Math.max(0, last.current + everyMs - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      last.current = Date.now();
      router.refresh();
    }, wait);
  });
  return null;
}
