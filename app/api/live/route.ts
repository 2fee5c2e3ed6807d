// GET /api/live: the live console's Server-Sent Events stream of committed changes, for a signed-in
// staff member (lib/live/live-stream.ts describes the events).
import { staffRoute } from "@/lib/auth/staff-route";
import { openLiveStream } from "@/lib/live/live-stream";

export const dynamic = "force-dynamic";

export const GET = staffRoute("viewer", async (staff, request) => openLiveStream(staff, request));
