// GET /api/alerts/count — how many alerts are firing (not acknowledged): the navigation's badge.
import { staffRoute } from "@/lib/auth/staff-route";
import { countFiringAlerts } from "@/lib/queries/alerts";
import { listResponse } from "@/lib/queries/list-response";

export const dynamic = "force-dynamic";

export const GET = staffRoute("viewer", async (staff) => listResponse(async () => ({ firing: await countFiringAlerts(staff) })));
