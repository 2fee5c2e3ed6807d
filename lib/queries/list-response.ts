import "server-only";
import { unlessDatabaseUnavailable } from "@/lib/db/errors";

/** A JSON answer for a list route: the rows, or 503 when the database cannot be reached. */
export async function listResponse<T>(load: () => Promise<T>): Promise<Response> {
  const loaded = await unlessDatabaseUnavailable(load);
  return loaded.available
    ? Response.json(loaded.data, { headers: { "Cache-Control": "no-store" } })
    : Response.json({ error: "database_unavailable" }, { status: 503, headers: { "Retry-After": "10" } });
}
