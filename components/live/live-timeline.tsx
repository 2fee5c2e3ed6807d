"use client";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from "react";
import { useLiveEvents } from "./live-feed";

interface TimelineLive {
  arrived: ReadonlySet<string>;
  /** Steps the page shows already (a replayed change for one of them is not news). */
  shown: Set<string>;
}

const TimelineLiveContext = createContext<TimelineLive>({ arrived: new Set(), shown: new Set() });

/**
 * An exchange's timeline, live: a callback for this exchange re-renders the timeline from the
 * server (the new step lands at its place in the chosen order) and marks the step as just arrived.
 */
export function LiveTimeline({ exchangeId, children }: { exchangeId: string; children: ReactNode }) {
  const router = useRouter();
  const shown = useRef(new Set<string>());
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  useLiveEvents((event) => {
    if (event.type === "refetch") return router.refresh();
    if (event.type !== "change") return;
    const step = event.change.exchange;
    if (step?.exchangeId !== exchangeId || shown.current.has(step.stepId)) return;
    setArrived((current) => new Set([...current, step.stepId]));
    router.refresh();
  });
  return <TimelineLiveContext.Provider value={{ arrived, shown: shown.current }}>{children}</TimelineLiveContext.Provider>;
}

/** One step of the timeline: framed and labelled while it is one that arrived since the page opened. */
export function TimelineStep({ stepId, className, children }: { stepId: string; className: string; children: ReactNode }) {
  const { arrived, shown } = useContext(TimelineLiveContext);
  useEffect(() => {
    shown.add(stepId);
  }, [shown, stepId]);
  const justArrived = arrived.has(stepId);
  return (
    <li className={`${className} ${justArrived ? "ring-2 ring-emerald-400" : ""}`} data-just-arrived={justArrived ? "true" : undefined}>
      {justArrived ? (
        <span className="float-right rounded bg-emerald-100 px-1.5 text-xs font-semibold text-emerald-900">just arrived</span>
      ) : null}
      {children}
    </li>
  );
}
