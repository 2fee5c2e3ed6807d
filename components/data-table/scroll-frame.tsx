"use client";
import { type ReactNode, useEffect, useRef, useState } from "react";

/**
 * A frame for a table that may be wider than the screen: the table scrolls inside it (never the
 * whole page), and while columns are hidden to the right a hint says so.
 */
export function ScrollFrame({ children, className = "" }: { children: ReactNode; className?: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState<"none" | "right" | "left" | "both">("none");
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => {
      const right = element.scrollLeft + element.clientWidth < element.scrollWidth - 2;
      const left = element.scrollLeft > 2;
      setHidden(right && left ? "both" : right ? "right" : left ? "left" : "none");
    };
    measure();
    element.addEventListener("scroll", measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => {
      element.removeEventListener("scroll", measure);
      observer.disconnect();
    };
  }, []);
  return (
    <div className="relative">
      {hidden === "right" || hidden === "both" ? (
        <p className="mb-1 text-right text-xs text-slate-500" data-testid="scroll-hint">
          More columns to the right — scroll the table sideways →
        </p>
      ) : null}
      <div ref={frame} className={`overflow-x-auto ${className}`}>
        {children}
      </div>
    </div>
  );
}
