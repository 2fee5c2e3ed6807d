// POST /api/webhooks/crm — the broker CRM's approval events (X-Crm-Signature: HMAC-SHA256 of the
// raw body). Other methods get 405 from Next.js.
import { receiveWebhook } from "@/lib/webhooks/receive";

export const dynamic = "force-dynamic";

export function POST(request: Request): Promise<Response> {
  return receiveWebhook("crm", request);
}
