"use client";
import { useActionState } from "react";
import { setTimeDisplayAction } from "@/app/(dashboard)/account/actions";
import { buttonClass } from "@/components/data-table/filter-controls";
import { formatTime, type TimeDisplay } from "@/components/time";

export function TimeDisplayForm({ current }: { current: TimeDisplay }) {
  const [state, action, pending] = useActionState(setTimeDisplayAction, {});
  const sample = new Date().toISOString();
  return (
    <form action={action} className="space-y-2">
      <fieldset className="space-y-1 text-sm">
        <legend className="mb-1 font-medium text-slate-800">Show times in</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="timeDisplay" value="utc" defaultChecked={current === "utc"} />
          UTC <span className="text-slate-500">(as the senders and the exports use them)</span>
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="timeDisplay" value="local" defaultChecked={current === "local"} />
          My browser&apos;s time zone{" "}
          <span className="text-slate-500" suppressHydrationWarning>
            (now {formatTime(sample, "local").zone})
          </span>
        </label>
      </fieldset>
      <button type="submit" className={buttonClass} disabled={pending}>
        Save
      </button>
      {state.done ? (
        <p role="status" className="text-sm text-emerald-800">
          {state.done}
        </p>
      ) : null}
      {state.error ? (
        <p role="alert" className="text-sm text-red-800">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
