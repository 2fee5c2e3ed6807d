// Signed deliveries as the two senders make them, each distinct (its own CRM request id or bank
// callback Id), so the database can be checked delivery by delivery afterwards.
import { randomUUID } from "node:crypto";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { bodyOf, type SenderName, signedHeaders } from "@/tooling/testing/webhook-requests";
import { sha256 } from "./database";

export interface Delivery {
  sender: SenderName;
  body: string;
  headers: Record<string, string>;
  sha256: string;
  /** What its domain row is found by: the CRM request id, or the bank's callback Id. */
  key: string;
}

export function signedDelivery(sender: SenderName, payload: unknown, key: string): Delivery {
  const body = bodyOf(payload);
  return { sender, body, headers: signedHeaders(sender, body), sha256: sha256(body), key };
}

const EXCHANGE_STATUSES = ["WaitingForApproval", "WaitingForConfirmation", "AwaitingRfi", "Pending", "Completed", "Failed", "Rejected"];

/**
 * An endless supply of distinct deliveries, alternating between the senders: CRM prop-trading
 * rejections (both stages) and bank exchange callbacks, each for its own exchange.
 */
export function distinctDeliveries(run: string, exchangeIdBase: number): () => Delivery {
  let n = 0;
  return () => {
    n += 1;
    if (n % 2 === 1) {
      const id = `${run}-r${n}`;
      const payload = crmRejectPayload({
        family: n % 4 === 1 ? "propTrading" : "propTradingLive",
        id,
        userId: `u${n % 97}`,
        initialBalance: `${1000 + n}.25`,
      });
      return signedDelivery("crm", payload, id);
    }
    const callbackId = randomUUID();
    const payload = exchangeCallbackPayload({
      callbackId,
      exchangeId: exchangeIdBase + n,
      status: EXCHANGE_STATUSES[n % EXCHANGE_STATUSES.length] ?? "Pending",
      requestAmount: `${n}.000000000000000001`,
    });
    return signedDelivery("banking", payload, callbackId);
  };
}
