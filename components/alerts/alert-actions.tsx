"use client";
import { acknowledgeAction, assignAction, resolveAction } from "@/app/(dashboard)/alerts/[id]/actions";
import { ActionForm } from "@/components/action-form";

const inputClass = "mt-0.5 block w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 sm:w-[26rem]";

/** Acknowledge (with an optional note), assign, resolve (with a note): what any staff member can do with an open alert. */
export function AlertActions({
  alertId,
  state,
  assignable,
  assignedTo,
}: {
  alertId: string;
  state: string;
  /** Everyone, for an administrator; the reader alone otherwise. */
  assignable: string[];
  assignedTo: string | null;
}) {
  const choices = assignedTo && !assignable.includes(assignedTo) ? [assignedTo, ...assignable] : assignable;
  return (
    <section aria-label="Handle this alert" className="space-y-3 rounded border border-slate-200 bg-white p-3">
      {state === "firing" ? (
        <ActionForm action={acknowledgeAction} hidden={{ alertId }} label="Acknowledge" className="flex flex-wrap items-end gap-2">
          <label className="w-full text-xs font-medium text-slate-700 sm:w-auto">
            Note (optional): what you are doing about it
            <input name="note" maxLength={1000} className={inputClass} placeholder="e.g. calling the bank's desk" />
          </label>
        </ActionForm>
      ) : null}
      <ActionForm action={assignAction} hidden={{ alertId }} label="Assign" className="flex flex-wrap items-end gap-2">
        <label className="w-full text-xs font-medium text-slate-700 sm:w-auto">
          Assigned to
          <select name="assignee" defaultValue={assignedTo ?? ""} className={inputClass}>
            <option value="">Nobody</option>
            {choices.map((email) => (
              <option key={email} value={email}>
                {email}
              </option>
            ))}
          </select>
        </label>
      </ActionForm>
      <ActionForm action={resolveAction} hidden={{ alertId }} label="Resolve" className="flex flex-wrap items-end gap-2">
        <label className="w-full text-xs font-medium text-slate-700 sm:w-auto">
          How it was resolved
          <input
            name="note"
            required
            minLength={3}
            maxLength={1000}
            className={inputClass}
            placeholder="e.g. refunded; the bank confirmed"
          />
        </label>
      </ActionForm>
    </section>
  );
}
