"use client";
import { type ReactNode, useActionState } from "react";
import { buttonClass } from "@/components/data-table/filter-controls";

type DeliveryAction = (previous: { error?: string }, form: FormData) => Promise<{ error?: string }>;

/**
 * An administrator's action on one delivery (reprocess, dismiss, restore): a form for the server
 * action, which checks the role itself. A refusal stays on the form; a done action redirects to the
 * delivery's page, which says what happened.
 */
export function DeliveryActionForm(props: {
  action: DeliveryAction;
  deliveryId: string;
  label: string;
  pendingLabel?: string;
  className?: string;
  children?: ReactNode;
}) {
  const [state, action, pending] = useActionState(props.action, {});
  return (
    <form action={action} className={props.className ?? "flex flex-wrap items-center gap-3"}>
      <input type="hidden" name="deliveryId" value={props.deliveryId} />
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
