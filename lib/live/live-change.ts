// What the console's live stream carries: one change per committed delivery (or a delivery whose
// outcome changed), with ids and the fields the lists filter on — never a body. Shared by the
// server that announces it and the browser that reads it, so no "server-only".

export interface LiveChange {
  delivery: {
    id: string;
    sender: "crm" | "banking";
    eventType: string | null;
    outcome: string;
    receivedAt: string;
  };
  /** The rejected prop-trading request the delivery recorded, if it recorded one. */
  request: {
    id: string;
    stage: string;
    userId: string | null;
    platform: string | null;
    packageName: string | null;
    requestTime: string | null;
  } | null;
  /** The exchange a status callback moved (its current state after this callback), and the timeline step it added. */
  exchange: {
    exchangeId: string;
    stepId: string;
    status: string;
    assetPair: string | null;
    manageesId: string | null;
    hasOpenRfi: boolean | null;
  } | null;
}

/** Which id of a change names a list's row: the delivery log's, the rejected requests' or the exchanges'. */
export type LiveRowKey = "delivery" | "request" | "exchange";

export function liveRowId(change: LiveChange, key: LiveRowKey): string | undefined {
  if (key === "delivery") return change.delivery.id;
  if (key === "request") return change.request?.id;
  return change.exchange?.exchangeId;
}

/** Why the server ended a stream (sent as the `ended` event before it closes). */
export type LiveEndReason = "signed-out" | "server-restarting" | "too-slow";

/** The state of the server's own connection to the change feed (sent as the `feed` event). */
export type LiveFeedState = "connecting" | "live" | "down";
