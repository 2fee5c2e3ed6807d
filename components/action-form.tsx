"use client";
import { type ReactNode, useActionState } from "react";
import { buttonClass } from "@/components/data-table/filter-controls";

type FormAction = (previous: { error?: string }, form: FormData) => Promise<{ error?: string }>;

/**
 * A form for one server action on one thing (a delivery, an alert): the thing's id as hidden fields,
 * whatever inputs the action takes, its button. The action checks the session and role itself; a
 * refusal stays on the form, a done action redirects to the thing's page, which says what happened.
 */
export function ActionForm(props: {
  action: FormAction;
  /** e.g. { deliveryId: "12" } */
  hidden: Record<string, string>;
  label: string;
  pendingLabel?: string;
  className?: string;
  children?: ReactNode;
}) {
  const [state, action, pending] = useActionState(props.action, {});
  return (
    <form action={action} className={props.className ?? "flex flex-wrap items-center gap-3"}>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {props.children}
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? (props.pendingLabel ?? props.label) : props.label}
      </button>
      {state.error ? (
        <span role="alert" className="text-sm text-red-800">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
