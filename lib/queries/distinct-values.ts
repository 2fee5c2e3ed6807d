import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

type IndexedColumn =
  | { table: "exchange"; column: "asset_pair" | "status" }
  | { table: "prop_trading_request"; column: "platform" | "package_name" }
  | { table: "delivery"; column: "event_type"; sender: "crm" | "banking" };

/**
 * The distinct non-null values of an indexed column, by hopping through its index ("loose index
 * scan"): a few hundred asset pairs among millions of rows cost a few hundred index probes instead
 * of a full scan. Table and column names are fixed identifiers from our own code.
 */
export async function distinctValues(target: IndexedColumn, limit = 1000): Promise<string[]> {
  const t = Prisma.raw(target.table);
  const c = Prisma.raw(target.column);
  // delivery's index leads with the sender.
  const scope = target.table === "delivery" ? Prisma.sql`sender = ${target.sender}::"Sender" AND` : Prisma.empty;
  const rows = await db().$queryRaw<{ value: string }[]>`
    WITH RECURSIVE hop AS (
      (SELECT ${c} AS value FROM ${t} WHERE ${scope} ${c} IS NOT NULL ORDER BY ${c} LIMIT 1)
      UNION ALL
      SELECT (SELECT ${c} FROM ${t} WHERE ${scope} ${c} > hop.value ORDER BY ${c} LIMIT 1) FROM hop WHERE hop.value IS NOT NULL
    )
    SELECT value FROM hop WHERE value IS NOT NULL LIMIT ${limit}`;
  return rows.map((row) => row.value);
}
