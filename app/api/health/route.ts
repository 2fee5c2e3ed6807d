// GET /api/health — liveness and database reachability for load balancers and operators.
// Public: it reveals nothing but up/down.
import { checkDatabase } from "@/lib/db/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  const healthy = database.status === "up";
  return Response.json(
    { status: healthy ? "ok" : "degraded", app: "up", database: healthy ? database : { status: "down" } },
    { status: healthy ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
