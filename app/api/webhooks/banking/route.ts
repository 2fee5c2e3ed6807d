// POST /api/webhooks/banking — the banking platform's callbacks (webhook-signature: SHA-256 of the
// raw body followed by the secret). The bank retries anything but 200 for two hours.
import { receiveWebhook } from "@/lib/webhooks/receive";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return receiveWebhook("banking", request);
}
