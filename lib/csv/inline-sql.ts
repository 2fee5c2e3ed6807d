import type { Prisma } from "@/lib/db/generated/client";

type Escaper = { escapeLiteral(value: string): string };

/**
 * Renders a parameterised query with its values inlined as escaped literals. COPY (SELECT …) takes
 * no bind parameters; values come from our validated query schemas and are escaped by pg itself.
 */
export function inlineSql(query: Prisma.Sql, client: Escaper): string {
  const literal = (value: unknown): string => {
    if (value === null || value === undefined) return "NULL";
    if (typeof value === "number" || typeof value === "bigint") return String(value);
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (value instanceof Date) return `${client.escapeLiteral(value.toISOString())}::timestamptz`;
    if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(", ")}]`;
    return client.escapeLiteral(String(value));
  };
  return query.strings.reduce((text, part, index) => text + part + (index < query.values.length ? literal(query.values[index]) : ""), "");
}
