// What an administrator's last action on a delivery did, shown on the delivery's page after the
// action (which redirects there with `?done=<result>`): the page itself may have changed
// completely — a resolved delivery has no quarantine section left to show a message in.

export const DELIVERY_ACTION_RESULTS = {
  resolved: "Reprocessed: it passed the current intake and is now stored.",
  duplicate: "Reprocessed: the sender had already delivered it again; recorded as a duplicate.",
  still_quarantined: "Still quarantined with the current intake code; the reasons below are updated.",
  not_quarantined: "This delivery is no longer quarantined.",
  dismissed: "Dismissed. It no longer counts as quarantined; “Put back into quarantine” undoes this.",
  restored: "Back in quarantine.",
  not_dismissed: "This delivery is not dismissed.",
} as const;

export type DeliveryActionResult = keyof typeof DELIVERY_ACTION_RESULTS;

export function isDeliveryActionResult(value: unknown): value is DeliveryActionResult {
  return typeof value === "string" && Object.hasOwn(DELIVERY_ACTION_RESULTS, value);
}

export function DeliveryActionResultBanner({ done }: { done: unknown }) {
  if (!isDeliveryActionResult(done)) return null;
  return (
    <p role="status" className="rounded border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">
      {DELIVERY_ACTION_RESULTS[done]}
    </p>
  );
}
